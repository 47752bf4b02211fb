"""Background tasks: delivering one email, the sweep of overdue emails, the reminder checks,
and the periodic tick that runs the scheduled jobs.

The tick keeps itself going: each run first queues the next tick
`REMINDER_CHECK_INTERVAL_SECONDS` later (300 by default), unless a tick is already waiting, so
however it was started there is one chain, and a worker dying mid-tick does not end it. It is
started when the database is migrated (`apps.py`) and by `manage.py send_reminders --schedule`.
A backend that cannot defer tasks (the tests' immediate backend) is left alone;
`manage.py send_reminders` from cron does the same checks without the worker.

The scheduled jobs: results' processing of Finalised claims (unless the setting
PROCESS_FINALISED_CLAIMS_AUTOMATICALLY is False), then the reminder checks, which also tell
centres of results just published; each runs on one worker at a time under a named lease. Then
the sweep of emails whose own task was lost, and the sweep (`jobs.sweep`) that takes over the
jobs whose worker stopped.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task

from jobs.leases import exclusive
from jobs.sweep import sweep_expired

from . import delivery, reminders

REMINDER_CHECKS = "notifications.send_due_reminders"


def check_interval() -> timedelta:
    return timedelta(seconds=float(settings.REMINDER_CHECK_INTERVAL_SECONDS))


@task()
def deliver_email(message_id: int) -> str:
    return delivery.deliver(message_id).outcome


@task()
def send_due_emails() -> int:
    return delivery.send_due()


@task()
def send_due_reminders() -> int:
    with exclusive(REMINDER_CHECKS) as run:
        if run is None:
            return 0
        return reminders.send_due_reminders()


@task()
def run_scheduled_jobs() -> None:
    from results.tasks import process_finalised_claims

    # The next tick is queued first, so that a worker dying during this one ends nothing.
    schedule_jobs(after=check_interval())
    # Queued in this order, so claims processed now are announced in the same round.
    if getattr(settings, "PROCESS_FINALISED_CLAIMS_AUTOMATICALLY", True):
        process_finalised_claims.enqueue()
    send_due_reminders.enqueue()
    send_due_emails.enqueue()
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
