"""manage.py load_qualification FILE: load a qualification's details, units and rules."""

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
)

from accounts.models import User
from catalogue.actions import load_qualification_structure
from catalogue.structure import described, parse_file
from common.errors import DomainError, DomainErrors
from common.wording import count

HELP = """\
Load a qualification's structure (its details, units and rules of combination) from a JSON
or CSV file. The whole file is checked first and every problem is reported with its line; if
there is any problem nothing is loaded. Loading the same file again changes nothing. Units left
out of the file are removed unless claims, results or entries use them.

JSON (a .json file): one object.
  {"code": "05203", "title": "Level 2 Certificate in Customer Service", "level": 2,
   "quality_assurance": "verification", "evidence_methods": ["postal", "eportfolio"],
   "allows_other_awarding_body_units": false,
   "units": [{"number": 1, "title": "Principles of customer service [Level 2]",
              "level": 2, "credits": 4, "grading": "pmd", "reference": "A/123/4567"}, ...],
   "rules": [{"kind": "mandatory", "units": [1, 2]},
             {"kind": "min_credits", "value": 16}]}

CSV (a .csv file): a header row, then one row per record; the "record" column says which:
  record,code,title,level,quality_assurance,evidence_methods,allows_other_awarding_body_units,
    number,credits,grading,reference,kind,value,units,per,name
  one "qualification" row: code, title, level, quality_assurance, evidence_methods
    (separated by ";"), allows_other_awarding_body_units (yes/no);
  a "unit" row per unit: number, title, level, credits, grading, reference;
  a "rule" row per rule: kind, value, level, units (separated by ";"), per, name.
  A row leaves the other records' columns empty.

Fields:
  code               the entry code, 5 digits
  level              1 to 8 (qualification, unit, and min_credits_at_level rules)
  quality_assurance  postal, remote or verification
  evidence_methods   any of postal, email, eportfolio
  number             unit number, a whole number from 1 up, unique in the file
  credits            a whole number from 1 up
  grading            pass (ungraded) or pmd (Pass/Merit/Distinction); pass if empty
  reference          optional unit reference number like A/123/4567
  kind               min_credits (value), mandatory (units), group (units, value, per
                     credits|units, name), min_credits_at_level (value, level),
                     barred (units: at most one counts), max_other_ab_credits (value)

Grading (optional; none means graded Pass only): on the qualification, points_per (credit or
unit) and best_credits; CSV rows "grade_points" (unit_grade, points, level or size),
"grade_threshold" (grade, points; the lowest grade has none) and "grade_condition" (grade,
unit_grade, units), in JSON the lists grade_points, grade_thresholds and grade_conditions.
catalogue/examples/05203.json and .csv show them.

See docs/qualification-files.md; catalogue/examples/ has 05203 in both formats.
"""


class _Formatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's help layout, keeping the format description's line breaks."""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("formatter_class", _Formatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the .json or .csv file to load")
        parser.add_argument(
            "--check", action="store_true", help="only check the file; load nothing"
        )
        parser.add_argument(
            "--user",
            metavar="EMAIL",
            help="the awarding body operations user the audit trail names (default: none)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        user = None
        if options["user"]:
            user = User.objects.filter(email__iexact=options["user"], is_operations=True).first()
            if user is None:
                raise CommandError(f"{options['user']} is not an awarding body operations user")
        try:
            structure = parse_file(path)
        except DomainErrors as error:
            for problem in described(error):
                self.stderr.write(f"{path}: {problem}")
            raise CommandError(f"{path}: {error.message}; nothing was loaded") from None
        label = f"{structure.code} {structure.title}"
        counts = f"{count(len(structure.units), 'unit')}, {count(len(structure.rules), 'rule')}"
        if options["check"]:
            self.stdout.write(f"{path}: {label} is sound ({counts}); nothing was loaded")
            return
        try:
            outcome = load_qualification_structure(
                structure=structure, acting_user=user, source=path.name
            )
        except DomainError as error:
            raise CommandError(f"{path}: {error.message}; nothing was loaded") from None
        if outcome.changed:
            self.stdout.write(self.style.SUCCESS(f"Loaded {label} ({counts}): {outcome.summary()}"))
        else:
            self.stdout.write(f"No changes: {label} already matches {path.name}")
