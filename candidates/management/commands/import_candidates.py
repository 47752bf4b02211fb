"""Import candidates and named entries from a CSV file, as a Centre Administrator would.

    manage.py import_candidates FILE --centre 12345 --user admin@northfield.test [--dry-run]

The file is checked first and every error is printed with its row; with no error, everything is
imported in one transaction (or, with --dry-run, only what would happen is printed). A progress
bar on standard error follows the checking and the saving. Exit status 1 when nothing was
imported because of errors.
"""

import sys
import time
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import Membership
from candidates import import_actions, importing
from candidates.models import ImportJob
from common.errors import DomainError, DomainErrors
from common.wording import count

BAR_WIDTH = 30


class ProgressBar:
    """`Checking [#######.......] 4,000/10,000` on one line of a terminal; in a log (not a
    terminal) one line every 10 per cent instead, so a log is not flooded."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.last: tuple[str, int] | None = None
        self.shown_at = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        tenth = done * 10 // total if total else 10
        if not self.tty and self.last == (stage, tenth):
            return
        now = time.monotonic()
        if self.tty and done not in (0, total) and now - self.shown_at < 0.1:
            return
        self.shown_at = now
        filled = done * BAR_WIDTH // total if total else BAR_WIDTH
        line = f"{stage:<8} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done:,}/{total:,} rows"
        if self.tty:
            end = "\n" if done == total else ""
            self.stream.write(f"\r{line}{end}")
        else:
            self.stream.write(f"{line}\n")
        self.stream.flush()
        self.last = (stage, tenth)


class Command(BaseCommand):
    help = "Import candidates and named entries from a CSV file (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file (UTF-8)")
        parser.add_argument("--centre", required=True, help="The centre number, e.g. 12345")
        parser.add_argument(
            "--user",
            required=True,
            help="Email address of a Centre Administrator at the centre; the import is theirs",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and say what would happen"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        membership = (
            Membership.objects.select_related("user", "centre")
            .filter(centre__number=options["centre"], user__email=options["user"].lower())
            .first()
        )
        if membership is None:
            raise CommandError(f"{options['user']} has no role at centre {options['centre']}")
        try:
            data = path.read_bytes()
        except OSError as problem:
            raise CommandError(f"Cannot read {path}: {problem.strerror}") from None
        progress = ProgressBar(sys.stderr)
        try:
            if options["dry_run"]:
                result = importing.check(data, centre=membership.centre, progress=progress)
                self._report(result)
                if not result.ok:
                    raise CommandError("The file has errors: it could not be imported")
                self.stdout.write("Dry run: nothing was imported.")
                return
            job = import_actions.check_candidate_import(
                membership=membership,
                data=data,
                filename=path.name,
                acting_user=membership.user,
                progress=progress,
            )
            if job.errors:
                self._report_job(job)
                raise CommandError("The file has errors: nothing was imported")
            summary = import_actions.import_candidates(
                membership=membership,
                job_id=job.pk,
                acting_user=membership.user,
                progress=progress,
            )
        except DomainError as refused:
            if isinstance(refused, DomainErrors) and isinstance(
                refused.detail, importing.CheckResult
            ):
                self._report(refused.detail)
            raise CommandError(refused.message) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {count(summary.candidates, 'candidate')} and "
                f"{count(summary.entries, 'named entry', 'named entries')} from "
                f"{count(summary.rows, 'row')} ({summary.unchanged:,} unchanged)."
            )
        )

    def _report_job(self, job: ImportJob) -> None:
        self.stdout.write(f"{count(job.total_rows, 'row')}, {count(len(job.errors), 'error')}.")
        for error in job.errors:
            self.stderr.write(_line(error))

    def _report(self, result: importing.CheckResult) -> None:
        counts = result.counts
        self.stdout.write(
            f"{count(counts['rows'], 'row')}: {count(counts['candidates'], 'candidate')} to add, "
            f"{count(counts['entries'], 'entry', 'entries')} to add, "
            f"{counts['unchanged']:,} unchanged, {count(counts['errors'], 'error')}."
        )
        for error in result.errors:
            self.stderr.write(_line(error.as_dict()))


def _line(error: dict[str, Any]) -> str:
    where = f"Row {error['row']}" if error.get("row") else "File"
    column = f" ({error['column']})" if error.get("column") else ""
    return f"{where}{column}: {error['message']}"
