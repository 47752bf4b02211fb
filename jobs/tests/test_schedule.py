"""The scheduled tick: one chain of ticks, each queueing the jobs SCHEDULED_JOBS names and the
next tick, surviving a worker that dies mid-tick."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus

from jobs import tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_the_immediate_backend_is_never_asked_to_defer() -> None:
    assert tasks.schedule_jobs() is False


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
)
def test_one_tick_is_queued_and_each_tick_queues_the_jobs_and_the_next_tick() -> None:
    from django_tasks_db.models import DBTaskResult

    assert tasks.schedule_jobs() is True
    assert tasks.schedule_jobs() is False  # one is waiting already
    tick = DBTaskResult.objects.get()
    assert tick.task_path == "jobs.tasks.run_scheduled_jobs"
    assert tick.status == TaskResultStatus.READY

    # The worker takes it: while it runs it is no longer waiting, so it queues the next.
    tick.status = TaskResultStatus.RUNNING
    tick.save()
    before = timezone.now()
    tasks.run_scheduled_jobs.call()
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert sorted(waiting.values_list("task_path", flat=True)) == [
        "jobs.tasks.run_scheduled_jobs",
        "moderation.tasks.send_due_reminders",
        "notifications.tasks.send_due_emails",
        "results.tasks.process_finalised_claims",
        "results.tasks.send_results_notices",
    ]
    following = waiting.get(task_path="jobs.tasks.run_scheduled_jobs")
    assert following.run_after >= before + tasks.check_interval() - timedelta(seconds=1)


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}},
    SCHEDULED_JOBS=[
        "moderation.tasks.send_due_reminders",
        "results.tasks.send_results_notices",
        "notifications.tasks.send_due_emails",
    ],
)
def test_automatic_processing_can_be_switched_off() -> None:
    from django_tasks_db.models import DBTaskResult

    tasks.run_scheduled_jobs.call()
    assert not DBTaskResult.objects.filter(
        task_path="results.tasks.process_finalised_claims"
    ).exists()


#: Stands in for the first scheduled job in the test below.
FIRST_JOB = SimpleNamespace(enqueue=lambda: None)


@override_settings(TASKS=DATABASE_QUEUE, SCHEDULED_JOBS=[f"{__name__}.FIRST_JOB"])
def test_the_next_tick_is_queued_first_so_a_worker_dying_mid_tick_keeps_the_chain(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django_tasks_db.models import DBTaskResult

    seen: list[bool] = []

    def worker_dies_here(*args: object, **kwargs: object) -> None:
        seen.append(
            DBTaskResult.objects.filter(
                task_path="jobs.tasks.run_scheduled_jobs", status=TaskResultStatus.READY
            ).exists()
        )

    # The first thing the tick does after queueing the next one; a SIGKILL there runs no
    # `finally`, so the next tick must already be waiting.
    monkeypatch.setattr(FIRST_JOB, "enqueue", worker_dies_here)
    tasks.run_scheduled_jobs.call()
    assert seen == [True]
