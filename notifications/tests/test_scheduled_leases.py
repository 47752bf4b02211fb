"""The scheduled tick: one reminder run at a time, and the tick itself survives a dead worker."""

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus

from jobs import leases
from jobs.models import NamedLease
from moderation.tests.factories import demo_claim
from notifications import tasks
from notifications.models import OutboxMessage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

SUBMITTED = timezone.make_aware(datetime(2026, 9, 1, 10, 0))
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_reminders_wait_for_the_run_holding_the_lease_and_take_over_a_dead_one() -> None:
    claim = demo_claim(submitted_at=SUBMITTED)
    row = NamedLease.objects.create(name=tasks.REMINDER_CHECKS)
    with time_machine.travel(SUBMITTED + timedelta(days=2), tick=False):
        assert leases.take(NamedLease, row.pk) is not None
        assert tasks.send_due_reminders.enqueue().return_value == 0
        assert not OutboxMessage.objects.filter(claim=claim, kind="evidence_reminder").exists()
    with time_machine.travel(SUBMITTED + timedelta(days=2, minutes=5), tick=False):
        assert tasks.send_due_reminders.enqueue().return_value == 1
    assert OutboxMessage.objects.filter(claim=claim, kind="evidence_reminder").count() == 1


@override_settings(TASKS=DATABASE_QUEUE)
def test_the_next_tick_is_queued_first_so_a_worker_dying_mid_tick_keeps_the_chain(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django_tasks_db.models import DBTaskResult

    seen: list[bool] = []

    def worker_dies_here(*args: object, **kwargs: object) -> None:
        seen.append(
            DBTaskResult.objects.filter(
                task_path="notifications.tasks.run_scheduled_jobs", status=TaskResultStatus.READY
            ).exists()
        )

    # The first thing the tick does after queueing the next one; a SIGKILL there runs no
    # `finally`, so the next tick must already be waiting.
    monkeypatch.setattr(tasks, "send_due_reminders", SimpleNamespace(enqueue=worker_dies_here))
    with override_settings(PROCESS_FINALISED_CLAIMS_AUTOMATICALLY=False):
        tasks.run_scheduled_jobs.call()
    assert seen == [True]
