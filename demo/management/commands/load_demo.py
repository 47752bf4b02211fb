from typing import Any

from django.core.management.base import BaseCommand

from demo import world as demo


class Command(BaseCommand):
    help = "Load the demo world of DEMO.md (idempotent: loading it twice changes nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        demo.load()
        if options["verbosity"] > 0:
            self.stdout.write(self.style.SUCCESS("Demo world loaded. Password: " + demo.PASSWORD))
