"""The sweep: jobs whose worker stopped are queued again, or failed after too many tries.

Each kind of leased job is registered once (in its app's `ready()`) with the task that runs a
job of that kind. The scheduled tick (`jobs.tasks.run_scheduled_jobs`) and
`manage.py sweep_jobs` run `sweep_expired()`:

- a running job whose lease has run out goes back to the queue with a new task, unless it has
  been taken `JOB_MAX_ATTEMPTS` times already: then it fails with its kind's message and keeps
  what it needs to be tried again;
- a queued job whose task is no longer waiting (lost before it was queued, or failed before it
  could take the lease) gets a new task;
- the task-queue row of a run whose worker died is marked failed, since the queue never
  revisits it.

Every change is a conditional UPDATE on what was read, so a sweep racing a late worker, or
another sweep, changes each job once.
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .leases import max_attempts
from .models import JobStatus, LeasedJob, NamedLease
from .queue import close_task, task_waiting

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobKind:
    """One kind of leased job, as the sweep needs to know it."""

    model: type[LeasedJob]
    #: Dotted path of the task that runs one job; it is called with `job_id`.
    task_path: str
    #: Why a job failed after too many tries; `{attempts}` is replaced by their number.
    gave_up: str
    #: Other fields to write when a job waits again, and when it fails.
    requeued: Mapping[str, Any] = field(default_factory=dict)
    failed: Mapping[str, Any] = field(default_factory=dict)


_kinds: dict[type[LeasedJob], JobKind] = {}


def register(kind: JobKind) -> None:
    statuses = {value for value, _ in kind.model._meta.get_field("status").choices or ()}
    needed = {JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.DONE, JobStatus.FAILED}
    if not needed <= statuses:
        raise TypeError(f"{kind.model.__name__}.status needs the values {sorted(needed)}")
    _kinds[kind.model] = kind


def kind_of(model: type[LeasedJob]) -> JobKind:
    return _kinds[model]


def enqueue(kind: JobKind, pk: int) -> None:
    """Queue the task that runs the job and note its task-queue row on the job.

    For use after commit: if the job has started already, the note is left out."""
    result = import_string(kind.task_path).enqueue(job_id=pk)
    kind.model._default_manager.filter(pk=pk, status=JobStatus.QUEUED).update(
        task_id=str(result.id)
    )


def sweep_expired(now: datetime | None = None) -> int:
    """Take over every job whose worker stopped; how many jobs were queued again or failed."""
    now = now or timezone.now()
    changed = 0
    for kind in list(_kinds.values()):
        # Queued jobs first: those this sweep queues again get their task as it commits.
        changed += _requeue_lost(kind)
        changed += _recover_running(kind, now)
    for name, task_id in (
        NamedLease.objects.filter(lease_expires_at__lt=now)
        .exclude(task_id="")
        .values_list("name", "task_id")
    ):
        logger.warning("%s stopped before it finished; the next run takes it over", name)
        close_task(task_id, now)
        NamedLease.objects.filter(name=name, task_id=task_id).update(task_id="")
    return changed


def _recover_running(kind: JobKind, now: datetime) -> int:
    manager = kind.model._default_manager
    stopped = manager.filter(status=JobStatus.RUNNING, lease_expires_at__lt=now).values_list(
        "pk", "lease_owner", "attempts", "task_id"
    )
    changed = 0
    for pk, owner, attempts, task_id in stopped:
        released = {"lease_owner": "", "lease_expires_at": None, "task_id": ""}
        with transaction.atomic():
            still = manager.filter(pk=pk, status=JobStatus.RUNNING, lease_owner=owner)
            if attempts >= max_attempts():
                message = kind.gave_up.format(attempts=attempts)
                done = still.update(
                    status=JobStatus.FAILED,
                    failure_message=message,
                    finished_at=now,
                    **released,
                    **kind.failed,
                )
                if done:
                    logger.warning("%s %s failed: %s", kind.model.__name__, pk, message)
            else:
                done = still.update(status=JobStatus.QUEUED, **released, **kind.requeued)
                if done:
                    logger.warning(
                        "%s %s stopped before it finished (try %s of %s): queued again",
                        kind.model.__name__,
                        pk,
                        attempts,
                        max_attempts(),
                    )
                    transaction.on_commit(partial(enqueue, kind, pk))
        if done:
            close_task(task_id, now)
            changed += 1
    return changed


def _requeue_lost(kind: JobKind) -> int:
    manager = kind.model._default_manager
    changed = 0
    for pk, task_id in manager.filter(status=JobStatus.QUEUED).values_list("pk", "task_id"):
        if not task_waiting(task_id):
            logger.warning("%s %s had no task to run it: queued again", kind.model.__name__, pk)
            enqueue(kind, pk)
            changed += 1
    return changed
