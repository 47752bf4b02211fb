from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _start_scheduled_jobs(**kwargs: Any) -> None:
    # Every deployment migrates, so this keeps the periodic jobs (processing, reminders)
    # queued for the worker without a separate scheduler to run. See notifications/tasks.py.
    from django.db import DatabaseError

    from .tasks import schedule_jobs

    try:
        schedule_jobs()
    except DatabaseError:
        # Migrating part of the way, before the task queue's table exists.
        return


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        post_migrate.connect(_start_scheduled_jobs, sender=self)
