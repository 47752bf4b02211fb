"""An import whose worker dies: its lease runs out, the sweep in the scheduled tick queues it
again, and it imports once; after too many tries it fails with a message and "Try again".

A worker killed mid-save is played here by an exception no handler of ours catches, raised
after the rows were written and before the transaction commits: the transaction rolls back
and the job is left running with its lease, exactly as after SIGKILL (tests/test_job_workers.py
does it with real processes on PostgreSQL).
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus

from accounts.models import Membership, User
from audit.models import AuditEvent
from candidates import import_actions
from candidates.models import Candidate, ImportJob
from candidates.tasks import run_candidate_import
from candidates.tests.test_import_files import GOOD, GOOD_2, csv_bytes
from candidates.tests.test_import_pages import upload
from conftest import client_for
from jobs import leases
from jobs.queue import ABANDONED
from jobs.sweep import sweep_expired
from jobs.tasks import run_scheduled_jobs

pytestmark = pytest.mark.django_db

NUMBERS = ["11900001", "11900002"]
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing of ours catches it, so nothing is cleaned up."""


def kill_while_saving(monkeypatch: pytest.MonkeyPatch) -> None:
    save = import_actions._save_import

    def killed(*args: Any, **kwargs: Any) -> None:
        save(*args, **kwargs)
        raise WorkerKilled

    monkeypatch.setattr(import_actions, "_save_import", killed)


def checked_job(client: Client) -> ImportJob:
    upload(client, csv_bytes(GOOD, GOOD_2))
    return ImportJob.objects.get()


def job_url(job: ImportJob) -> str:
    return reverse("candidates:import-job", args=[job.pk])


@contextmanager
def later(minutes: int) -> Iterator[None]:
    """`minutes` minutes on (and a little): every lease taken a minute before has run out."""
    assert leases.lease_length() <= timedelta(minutes=1)
    with time_machine.travel(timezone.now() + timedelta(seconds=70 * minutes), tick=False):
        yield


def imported_once(job: ImportJob) -> None:
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, (job.status, job.errors, job.failure_message)
    assert (job.lease_owner, job.lease_expires_at, job.content) == ("", None, b"")
    assert Candidate.objects.filter(number__in=NUMBERS).count() == 2
    assert AuditEvent.objects.filter(action="candidates.imported", object_id=job.pk).count() == 1
    assert (
        AuditEvent.objects.filter(action="candidate.created", changes__import=job.pk).count() == 2
    )


def test_an_import_whose_worker_died_is_taken_up_again_and_imports_once(
    centre_admin_client: Client,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    job = checked_job(centre_admin_client)
    with monkeypatch.context() as patched:
        kill_while_saving(patched)
        with django_capture_on_commit_callbacks(execute=True):
            centre_admin_client.post(reverse("candidates:import-commit", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.stage, job.attempts) == (ImportJob.Status.RUNNING, "Saving", 1)
    assert job.lease_owner and job.lease_expires_at
    assert not Candidate.objects.filter(number__in=NUMBERS).exists()
    page = centre_admin_client.get(job_url(job)).content.decode()
    assert "Importing: saving" in page and 'http-equiv="refresh"' in page

    # Pressing Start again while it is leased starts nothing, and neither does the tick.
    with django_capture_on_commit_callbacks(execute=True):
        centre_admin_client.post(reverse("candidates:import-commit", args=[job.pk]))
        run_scheduled_jobs.call()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (ImportJob.Status.RUNNING, 1)

    # Once the lease has run out, the next tick's sweep queues it again and a worker imports it.
    with later(minutes=1), django_capture_on_commit_callbacks(execute=True):
        run_scheduled_jobs.call()
    imported_once(job)
    job.refresh_from_db()
    assert job.attempts == 2
    assert "Import complete" in centre_admin_client.get(job_url(job)).content.decode()


@override_settings(JOB_MAX_ATTEMPTS=3)
def test_after_the_last_try_the_import_fails_with_a_message_and_try_again_imports_it(
    centre_admin_client: Client,
    tutor: User,
    southbank_admin: User,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    job = checked_job(centre_admin_client)
    with monkeypatch.context() as patched:
        kill_while_saving(patched)
        with django_capture_on_commit_callbacks(execute=True):
            centre_admin_client.post(reverse("candidates:import-commit", args=[job.pk]))
        for minutes in (1, 2, 3):
            with later(minutes), django_capture_on_commit_callbacks(execute=True):
                sweep_expired()
            job.refresh_from_db()
            assert job.attempts == min(minutes + 1, 3)
    assert job.status == ImportJob.Status.FAILED
    assert job.failure_message.startswith("The import was interrupted 3 times")
    assert job.content and not job.lease_owner
    assert not Candidate.objects.filter(number__in=NUMBERS).exists()
    page = centre_admin_client.get(job_url(job)).content.decode()
    assert "Nothing was imported" in page
    assert "This was a problem with the service, not with your file: try again." in page
    assert reverse("candidates:import-retry", args=[job.pk]) in page and "Try again" in page
    assert 'http-equiv="refresh"' not in page

    # Only the centre's Centre Administrator may try again.
    again = reverse("candidates:import-retry", args=[job.pk])
    assert client_for(tutor).post(again).status_code == 403
    assert client_for(southbank_admin).post(again).status_code == 404
    assert not AuditEvent.objects.filter(action="candidates.import_retried").exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = centre_admin_client.post(again)
    assert response.status_code == 302 and response["Location"] == job_url(job)
    imported_once(job)
    retried = AuditEvent.objects.get(action="candidates.import_retried")
    assert retried.object_id == str(job.pk) and retried.actor is not None
    assert retried.changes["failure"].startswith("The import was interrupted 3 times")

    # Pressing it again does not import anything more.
    with django_capture_on_commit_callbacks(execute=True):
        centre_admin_client.post(again)
    imported_once(job)


def test_a_second_task_for_a_job_another_worker_holds_does_nothing(
    centre_admin_client: Client, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    job = checked_job(centre_admin_client)
    with django_capture_on_commit_callbacks(execute=False):
        centre_admin_client.post(reverse("candidates:import-commit", args=[job.pk]))
    first = import_actions.take_import(job.pk)
    assert first is not None
    assert import_actions.take_import(job.pk) is None
    run_candidate_import.call(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.lease_owner, job.attempts) == (
        ImportJob.Status.RUNNING,
        first.owner,
        1,
    )
    assert not Candidate.objects.filter(number__in=NUMBERS).exists()


def test_a_worker_taken_over_after_its_lease_ran_out_saves_nothing(
    centre_admin_client: Client,
    centre_admin: User,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    job = checked_job(centre_admin_client)
    with django_capture_on_commit_callbacks(execute=False):
        centre_admin_client.post(reverse("candidates:import-commit", args=[job.pk]))
    stalled = import_actions.take_import(job.pk)
    assert stalled is not None
    with later(minutes=1), django_capture_on_commit_callbacks(execute=True):
        sweep_expired()
    imported_once(job)

    # The stalled worker wakes up and carries on: every write it tries finds the lease gone.
    membership = Membership.objects.select_related("centre").get(user=centre_admin)
    stale = ImportJob.objects.get(pk=job.pk)
    stale.content = csv_bytes(GOOD, GOOD_2)
    with pytest.raises(leases.LeaseLost):
        import_actions.import_candidates(
            membership=membership, job_id=stale.pk, acting_user=centre_admin, lease=stalled
        )
    with pytest.raises(leases.LeaseLost):
        stalled.finish(status=ImportJob.Status.FAILED)
    imported_once(job)


@override_settings(TASKS=DATABASE_QUEUE)
def test_the_sweep_closes_a_dead_workers_task_and_queues_a_new_one(
    centre_admin_client: Client, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    from django_tasks_db.models import DBTaskResult

    job = checked_job(centre_admin_client)
    with django_capture_on_commit_callbacks(execute=True):
        centre_admin_client.post(reverse("candidates:import-commit", args=[job.pk]))
    task = DBTaskResult.objects.get(task_path="candidates.tasks.run_candidate_import")
    job.refresh_from_db()
    assert job.task_id == str(task.id)

    # A worker claims the task, takes the job's lease and dies.
    task.claim("first-worker")
    leases.running_task_started(str(task.id))
    assert import_actions.take_import(job.pk) is not None
    leases.running_task_finished(str(task.id))

    assert sweep_expired() == 0
    with later(minutes=1), django_capture_on_commit_callbacks(execute=True):
        assert sweep_expired() == 1
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == ABANDONED
    queued = DBTaskResult.objects.get(
        task_path="candidates.tasks.run_candidate_import", status=TaskResultStatus.READY
    )
    job.refresh_from_db()
    assert (job.status, job.task_id, job.stage) == (
        ImportJob.Status.QUEUED,
        str(queued.id),
        "Waiting to start",
    )
    page = centre_admin_client.get(job_url(job)).content.decode()
    assert "Waiting to start" in page and "has started again from the beginning" in page
    # Its task is waiting: later sweeps leave it alone.
    assert sweep_expired() == 0


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_queued_import_whose_task_was_lost_gets_a_new_one(
    centre_admin_client: Client, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    from django_tasks_db.models import DBTaskResult

    job = checked_job(centre_admin_client)
    # Committed, but the process stopped before the task was queued.
    with django_capture_on_commit_callbacks(execute=False):
        centre_admin_client.post(reverse("candidates:import-commit", args=[job.pk]))
    assert not DBTaskResult.objects.exists()
    assert sweep_expired() == 1
    job.refresh_from_db()
    assert job.task_id == str(DBTaskResult.objects.get().id)
    assert sweep_expired() == 0
