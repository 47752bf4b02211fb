from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _task_started(*, task_result: Any, **kwargs: Any) -> None:
    from . import leases

    leases.running_task_started(str(task_result.id))


def _task_finished(*, task_result: Any, **kwargs: Any) -> None:
    from . import leases

    leases.running_task_finished(str(task_result.id))


def _start_scheduled_jobs(**kwargs: Any) -> None:
    # Every deployment migrates, so this keeps the periodic jobs (processing, reminders)
    # queued for the worker without a separate scheduler to run. See jobs/tasks.py.
    from django.db import DatabaseError

    from .tasks import schedule_jobs

    try:
        schedule_jobs()
    except DatabaseError:
        # Migrating part of the way, before the task queue's table exists.
        return


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        from django_tasks.signals import task_finished, task_started

        # A lease remembers which task-queue row its run is, so that the sweep can close that
        # row when the worker running it has died (the queue itself never does).
        task_started.connect(_task_started, dispatch_uid="jobs.task_started")
        task_finished.connect(_task_finished, dispatch_uid="jobs.task_finished")
        post_migrate.connect(_start_scheduled_jobs, sender=self)
