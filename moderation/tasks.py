"""The periodic checks of moderation as a task, queued by the scheduled tick (`jobs.tasks`)."""

from django_tasks import task

from jobs.leases import exclusive

from . import reminders

REMINDER_CHECKS = "moderation.send_due_reminders"


@task()
def send_due_reminders() -> int:
    """The 24-hour evidence reminder and the 35-day flag, on one worker at a time (a named
    lease); returns how many claims someone was told about."""
    with exclusive(REMINDER_CHECKS) as run:
        if run is None:
            return 0
        return reminders.send_due_reminders()
