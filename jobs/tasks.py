"""The scheduled tick: one self-repeating task that queues the periodic jobs.

The tick keeps itself going: each run first queues the next tick
`REMINDER_CHECK_INTERVAL_SECONDS` later (300 by default), unless a tick is already waiting, so
however it was started there is one chain, and a worker dying mid-tick does not end it. It is
started when the database is migrated (`apps.py`) and by `manage.py send_reminders
--schedule`. A backend that cannot defer tasks (the tests' immediate backend) is left alone;
`manage.py send_reminders` from cron does the checks without the worker.

The jobs are the tasks named in the setting SCHEDULED_JOBS (dotted paths), queued in that
order; the apps that own them are above this one, which knows none of them. Then the sweep
(`jobs.sweep`) takes over the jobs whose worker stopped.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus, task

from .sweep import sweep_expired


def check_interval() -> timedelta:
    return timedelta(seconds=float(settings.REMINDER_CHECK_INTERVAL_SECONDS))


@task()
def run_scheduled_jobs() -> None:
    # The next tick is queued first, so that a worker dying during this one ends nothing.
    schedule_jobs(after=check_interval())
    for path in settings.SCHEDULED_JOBS:
        import_string(path).enqueue()
    sweep_expired()


def _pending() -> bool:
    """Whether a tick is already queued and waiting to run."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - another deferring backend: trust the caller
        return False
    return DBTaskResult.objects.filter(
        task_path=run_scheduled_jobs.module_path, status=TaskResultStatus.READY
    ).exists()


def schedule_jobs(*, after: timedelta = timedelta(0)) -> bool:
    """Queue the next tick unless one is waiting. True when one was queued."""
    if not run_scheduled_jobs.get_backend().supports_defer or _pending():
        return False
    run_scheduled_jobs.using(run_after=timezone.now() + after).enqueue()
    return True
