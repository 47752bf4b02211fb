"""Job leases on PostgreSQL with real threads and real worker processes.

The test database is transactional, so the threads and the worker processes (`manage.py
db_worker` with the production settings and the database task queue) see each other's commits.
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus

from accounts.models import Membership, User
from audit.models import AuditEvent
from candidates import import_actions
from candidates.models import Candidate, ImportJob
from candidates.tasks import run_candidate_import
from candidates.tests.test_import_pages import many_rows
from conftest import client_for
from jobs import leases
from jobs.queue import ABANDONED
from jobs.tasks import schedule_jobs
from tests.test_faults import _database_url
from tests.threads import at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(settings.BASE_DIR)
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _checked(admin: User, rows: int) -> ImportJob:
    membership = Membership.objects.select_related("centre").get(user=admin)
    job = import_actions.check_candidate_import(
        membership=membership, data=many_rows(rows), filename="big.csv", acting_user=admin
    )
    assert not job.errors, job.errors[:3]
    return job


def _wait_for(what: str, ready: Callable[[], bool], *, seconds: float, logs: str = "") -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out waiting for {what}\n{logs}")
        time.sleep(0.1)


@override_settings(JOB_LEASE_RENEW_IN_BACKGROUND=True)
def test_five_workers_taking_one_import_at_once_import_it_once(centre_admin: User) -> None:
    job = _checked(centre_admin, 50)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
    at_once(*[lambda: run_candidate_import.call(job_id=job.pk) for _ in range(5)])
    job.refresh_from_db()
    assert (job.status, job.attempts) == (ImportJob.Status.DONE, 1)
    assert Candidate.objects.filter(number__startswith="5").count() == 50
    assert AuditEvent.objects.filter(action="candidates.imported").count() == 1


def _read_elsewhere(read: Callable[[], Any]) -> Any:
    """Read through another connection, as another worker or the web page would."""
    return at_once(read)[0]


@override_settings(JOB_LEASE_RENEW_IN_BACKGROUND=True, JOB_LEASE_SECONDS=1.5)
def test_the_lease_is_renewed_and_progress_shown_while_the_job_saves_in_one_transaction(
    centre_admin: User,
) -> None:
    job = _checked(centre_admin, 5)
    lease = import_actions.take_import(job.pk, checked_too=True)
    assert lease is not None

    def seen() -> tuple[str, int, Any]:
        return ImportJob.objects.values_list("stage", "rows_done", "lease_expires_at").get(
            pk=job.pk
        )

    with lease.kept() as keeper, transaction.atomic():
        Candidate.objects.filter(number="11721896").update(first_name="Amira")  # holds a lock
        keeper.report(stage="Saving", rows_done=3)
        time.sleep(3)  # twice the lease
        stage, done, expires = _read_elsewhere(seen)
        assert (stage, done) == ("Saving", 3)
        assert expires > timezone.now()

        # Another worker takes it over: the keeper notices and the job stops.
        stolen = _read_elsewhere(
            lambda: ImportJob.objects.filter(pk=job.pk).update(lease_owner="someone-else")
        )
        assert stolen == 1
        time.sleep(1.5)
        with pytest.raises(leases.LeaseLost):
            keeper.report(rows_done=4)


# The first worker saves slowly (each batch of candidates waits before its INSERT), so it can
# be killed in the middle of the save whatever the machine's speed; it is the same db_worker.
SLOW_WORKER = """
import sys, time
import django
from django.db.backends.signals import connection_created

def slow_inserts(execute, sql, params, many, context):
    if sql.lstrip().upper().startswith('INSERT INTO "CANDIDATES_CANDIDATE"'):
        time.sleep(1.0)
    return execute(sql, params, many, context)

def install(sender, connection, **kwargs):
    connection.execute_wrappers.append(slow_inserts)

connection_created.connect(install)
from django.core.management import execute_from_command_line
execute_from_command_line(["manage.py", *sys.argv[1:]])
"""

WORKER_ARGS = ["db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2", "-v", "0"]


@contextmanager
def _workers(tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Start worker processes; whatever happens, every one is killed at the end."""
    started: list[subprocess.Popen[bytes]] = []
    logs: list[IO[bytes]] = []
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "test-only-not-secret",
        "DATABASE_URL": _database_url(),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "JOB_LEASE_SECONDS": "3",
        "REMINDER_CHECK_INTERVAL_SECONDS": "1",
        "LOG_LEVEL": "WARNING",
    }

    def start(name: str, *, slow: bool = False) -> subprocess.Popen[bytes]:
        log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 - closed below
        logs.append(log)
        script = ["-c", SLOW_WORKER] if slow else ["manage.py"]
        # Our own interpreter running our own manage.py: no outside input.
        worker = subprocess.Popen(  # noqa: S603
            [sys.executable, *script, *WORKER_ARGS, "--worker-id", name],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append(worker)
        return worker

    try:
        yield start
    finally:
        for worker in started:
            if worker.poll() is None:
                worker.kill()
            worker.wait(timeout=10)
        for log in logs:
            log.close()


def _logs(tmp_path: Path) -> str:
    return "\n".join(
        f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}"
        for path in sorted(tmp_path.glob("*.log"))
    )


def test_a_worker_killed_mid_import_is_taken_over_by_another_and_the_import_completes_once(
    centre_admin: User, tmp_path: Path
) -> None:
    rows = 3000
    job = _checked(centre_admin, rows)
    membership = Membership.objects.select_related("centre").get(user=centre_admin)
    with override_settings(TASKS=DATABASE_QUEUE):
        import_actions.queue_candidate_import(
            membership=membership, job_id=job.pk, acting_user=centre_admin
        )
    page = client_for(centre_admin)
    url = reverse("candidates:import-job", args=[job.pk])

    def saving() -> bool:
        job.refresh_from_db()
        return job.stage == "Saving" and job.rows_done >= 1000

    with _workers(tmp_path) as start:
        first = start("first", slow=True)
        _wait_for("the first worker to save", saving, seconds=40, logs=_logs(tmp_path))
        shown = page.get(url).content.decode()
        assert "Importing: saving" in shown and f"of {rows:,} rows" in shown
        assert job.lease_expires_at is not None and job.lease_expires_at > timezone.now()

        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        job.refresh_from_db()
        assert job.status == ImportJob.Status.RUNNING
        assert not Candidate.objects.filter(number__startswith="5").exists()

        with override_settings(TASKS=DATABASE_QUEUE):
            assert schedule_jobs()
        start("second")

        def finished() -> bool:
            job.refresh_from_db()
            return job.status in {ImportJob.Status.DONE, ImportJob.Status.FAILED}

        _wait_for("the second worker to import", finished, seconds=45, logs=_logs(tmp_path))

    assert job.status == ImportJob.Status.DONE, (job.errors, job.failure_message, _logs(tmp_path))
    assert job.attempts == 2
    assert Candidate.objects.filter(number__startswith="5").count() == rows
    assert AuditEvent.objects.filter(action="candidates.imported", object_id=job.pk).count() == 1
    created = AuditEvent.objects.filter(action="candidate.created", changes__import=job.pk)
    assert created.count() == rows

    from django_tasks_db.models import DBTaskResult

    runs = DBTaskResult.objects.filter(task_path="candidates.tasks.run_candidate_import")
    assert sorted(runs.values_list("status", "exception_class_path")) == [
        (TaskResultStatus.FAILED, ABANDONED),
        (TaskResultStatus.SUCCESSFUL, ""),
    ]
    assert "Import complete" in page.get(url).content.decode()
