"""Reading a qualification's structure (its details, units and rules) from a JSON or CSV file.

Parsing checks everything before anything is loaded and collects every problem with where it
is: the line (and, for JSON, the path such as ``units[3].credits``). A file with any problem
raises `common.errors.DomainErrors` listing them all (each with its line as the row, see
:func:`.problems.refusal`); a sound one gives a
:class:`QualificationStructure` for `catalogue.actions.load_qualification_structure` to apply.
The rules are checked by the rules engine's own `validate_rules`, so a file cannot hold a rule
set the engine would misread. The formats are described in docs/qualification-files.md.

The package, by concept: :mod:`.specs` (what a file describes, and the fields of each record),
:mod:`.fields` (reading one field), :mod:`.records` (checking each record and the whole file),
:mod:`.json_format` and :mod:`.csv_format` (the two formats), :mod:`.problems` (the errors).
"""

from __future__ import annotations

from pathlib import Path

from .csv_format import parse_csv
from .json_format import parse_json
from .problems import Problem, described, refusal
from .specs import (
    CODE,
    CSV_COLUMNS,
    FALSE_WORDS,
    LEVELS,
    MAX_CREDITS,
    MAX_RULE_NAME,
    MAX_TITLE,
    QUALIFICATION_FIELDS,
    RECORD_FIELDS,
    REFERENCE,
    RULE_FIELDS,
    TRUE_WORDS,
    UNIT_FIELDS,
    QualificationStructure,
    RuleSpec,
    UnitSpec,
)

__all__ = [
    "CODE",
    "CSV_COLUMNS",
    "FALSE_WORDS",
    "LEVELS",
    "MAX_CREDITS",
    "MAX_RULE_NAME",
    "MAX_TITLE",
    "QUALIFICATION_FIELDS",
    "RECORD_FIELDS",
    "REFERENCE",
    "RULE_FIELDS",
    "TRUE_WORDS",
    "UNIT_FIELDS",
    "Problem",
    "QualificationStructure",
    "RuleSpec",
    "UnitSpec",
    "described",
    "parse_csv",
    "parse_file",
    "parse_json",
    "parse_text",
]


def parse_text(text: str, *, name: str = "") -> QualificationStructure:
    """JSON or CSV, by the file name's extension, or by the first character when it has none."""
    suffix = Path(name).suffix.lower()
    if suffix == ".json" or (suffix != ".csv" and text.lstrip().startswith("{")):
        return parse_json(text)
    return parse_csv(text)


def parse_file(path: Path) -> QualificationStructure:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise refusal(
            [Problem(None, "", f"the file is not UTF-8 text (byte {error.start})")]
        ) from None
    return parse_text(text, name=path.name)
