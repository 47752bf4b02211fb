"""Leases: one holder at a time, taken over only once run out, every write fenced by the owner."""

from datetime import timedelta

import pytest
import time_machine
from django.db.models import Q
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus

from jobs import leases
from jobs.models import NamedLease
from jobs.queue import ABANDONED
from jobs.sweep import sweep_expired

pytestmark = pytest.mark.django_db


def _row(name: str = "nightly") -> NamedLease:
    return NamedLease.objects.create(name=name)


def _after_the_lease() -> time_machine.travel:
    return time_machine.travel(
        timezone.now() + leases.lease_length() + timedelta(seconds=1), tick=False
    )


def test_a_held_lease_cannot_be_taken_until_it_runs_out() -> None:
    row = _row()
    first = leases.take(NamedLease, row.pk)
    assert first is not None
    assert leases.take(NamedLease, row.pk) is None
    assert first.renew()

    with _after_the_lease():
        second = leases.take(NamedLease, row.pk)
        assert second is not None and second.owner != first.owner
    row.refresh_from_db()
    assert (row.lease_owner, row.attempts) == (second.owner, 2)

    # The first holder can no longer renew, report or finish.
    assert not first.renew()
    with pytest.raises(leases.LeaseLost):
        first.finish()
    with pytest.raises(leases.LeaseLost), first.kept() as keeper:
        keeper.report(started_at=timezone.now())
    second.finish()
    row.refresh_from_db()
    assert (row.lease_owner, row.lease_expires_at) == ("", None)


def test_a_lease_given_back_without_an_outcome_can_be_taken_at_once() -> None:
    row = _row()
    first = leases.take(NamedLease, row.pk)
    assert first is not None
    first.expire()
    with time_machine.travel(timezone.now() + timedelta(seconds=1), tick=False):
        assert leases.take(NamedLease, row.pk) is not None


def test_the_condition_must_match_as_well() -> None:
    row = _row()
    assert leases.take(NamedLease, row.pk, when=~Q(pk=row.pk)) is None
    assert leases.take(NamedLease, row.pk, when=Q(name="nightly")) is not None


def test_one_periodic_run_at_a_time_and_a_dead_run_is_taken_over() -> None:
    ran: list[str] = []
    with leases.exclusive("nightly") as first:
        assert first is not None
        with leases.exclusive("nightly") as second:
            assert second is None
        ran.append("first")
    row = NamedLease.objects.get(name="nightly")
    assert (row.lease_owner, row.attempts) == ("", 0) and row.finished_at is not None

    # A run whose worker died keeps its lease until it runs out; then the next run takes over.
    dead = leases.take(NamedLease, row.pk)
    assert dead is not None
    with leases.exclusive("nightly") as blocked:
        assert blocked is None
    with _after_the_lease(), leases.exclusive("nightly") as taken_over:
        assert taken_over is not None
        assert NamedLease.objects.get(name="nightly").attempts == 2
        ran.append("taken over")
    assert ran == ["first", "taken over"]
    assert NamedLease.objects.get(name="nightly").attempts == 0


def test_a_run_that_raises_lets_the_next_run_start() -> None:
    with pytest.raises(ZeroDivisionError), leases.exclusive("nightly") as run:
        assert run is not None
        _ = 1 / 0
    with (
        time_machine.travel(timezone.now() + timedelta(seconds=1), tick=False),
        leases.exclusive("nightly") as again,
    ):
        assert again is not None


def test_the_running_task_is_noted_on_the_lease() -> None:
    row = _row()
    leases.running_task_started("a-task")
    try:
        lease = leases.take(NamedLease, row.pk)
    finally:
        leases.running_task_finished("a-task")
    assert lease is not None
    assert NamedLease.objects.get(pk=row.pk).task_id == "a-task"
    assert leases.running_task_id() == ""


DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _dead_run(name: str) -> str:
    """A worker claims a periodic task, takes its lease and dies; its task row's id."""
    from django_tasks_db.models import DBTaskResult

    from jobs.tasks import run_scheduled_jobs

    run_scheduled_jobs.enqueue()
    task = DBTaskResult.objects.get()
    task.claim("dead-worker")
    leases.running_task_started(str(task.id))
    try:
        assert leases.take(NamedLease, _row(name).pk) is not None
    finally:
        leases.running_task_finished(str(task.id))
    return str(task.id)


@pytest.mark.parametrize("found_by", ["the next run", "the sweep"])
@override_settings(TASKS=DATABASE_QUEUE)
def test_a_dead_runs_task_is_closed_when_its_lease_has_run_out(found_by: str) -> None:
    from django_tasks_db.models import DBTaskResult

    task_id = _dead_run("nightly")
    with _after_the_lease():
        if found_by == "the sweep":
            sweep_expired()
        else:
            with leases.exclusive("nightly") as run:
                assert run is not None
    task = DBTaskResult.objects.get(id=task_id)
    assert (task.status, task.exception_class_path) == (TaskResultStatus.FAILED, ABANDONED)


def test_the_sweep_command_for_a_platform_scheduler(capsys: pytest.CaptureFixture[str]) -> None:
    from django.core.management import call_command

    call_command("sweep_jobs")
    assert "Jobs queued again or failed: 0" in capsys.readouterr().out
