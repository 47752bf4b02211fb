"""Run the reminder checks and the sweep of overdue emails once (for cron), or make sure the
worker runs them periodically.

It lives here, in the app above both moderation and notifications, because it runs the checks
of both moderation (24 hours, 35 days) and results (results published).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jobs.tasks import schedule_jobs
from moderation import reminders as moderation_reminders
from notifications import delivery
from results import reminders as results_reminders


class Command(BaseCommand):
    help = (
        "Send the due reminders and flags (24-hour evidence, 35-day, results published) and "
        "deliver the emails whose next try is overdue, once; or with --schedule queue the "
        "self-repeating scheduled jobs for the task worker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue the periodic jobs for the task worker instead of running the checks here",
        )

    def handle(self, *args: Any, schedule: bool = False, **options: Any) -> None:
        if schedule:
            queued = schedule_jobs()
            self.stdout.write("Queued the periodic jobs" if queued else "Already queued")
            return
        told = moderation_reminders.send_due_reminders() + results_reminders.send_due_notices()
        self.stdout.write(f"Claims with a new reminder or flag: {told}")
        sent = delivery.send_due()
        self.stdout.write(f"Overdue emails sent: {sent}")
