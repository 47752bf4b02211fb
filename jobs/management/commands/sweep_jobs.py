"""Take over the jobs whose worker stopped, once (for a platform scheduler instead of the tick)."""

from typing import Any

from django.core.management.base import BaseCommand

from jobs.sweep import sweep_expired


class Command(BaseCommand):
    help = (
        "Queue again the jobs whose worker stopped before they finished (their lease ran out), "
        "or fail those tried too often. The scheduled tick does this every few minutes."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        changed = sweep_expired()
        self.stdout.write(f"Jobs queued again or failed: {changed}")
