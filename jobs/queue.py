"""What the leases ask of the task queue (django-tasks-db's table), which keeps no watch on its
own workers: whether a task is still to run, and closing the task of a worker that died."""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus, task_backends

ABANDONED = "jobs.queue.WorkerStopped"


def _task_results() -> Any:
    """The database backend's task table, when that is the queue in use."""
    try:
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the database backend is always installed here
        return None
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    return DBTaskResult if isinstance(backend, DatabaseBackend) else None


def task_waiting(task_id: str) -> bool:
    """Whether the task is still to run or running. A queue that cannot be asked (the tests'
    immediate backend) never keeps a task waiting."""
    results = _task_results()
    if results is None or not task_id:
        return False
    try:
        return bool(
            results.objects.filter(
                id=task_id, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
            ).exists()
        )
    except ValidationError:
        return False


def close_task(task_id: str, now: datetime) -> None:
    """Mark a dead worker's running task failed, which the queue never does itself."""
    results = _task_results()
    if results is None or not task_id:
        return
    try:
        results.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=ABANDONED,
            traceback="The worker running this task stopped before it finished; "
            "its lease ran out and the job was taken over.",
        )
    except ValidationError:
        return
