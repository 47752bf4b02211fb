"""Reading an import file: its text, its rows, and each row's cells checked on their own.

The rows are checked against each other and against the centre's records in
`candidates.importing`.
"""

import codecs
import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from .models import EntryType, candidate_limit
from .validators import (
    formula_message,
    formula_start,
    number_too_long,
    validate_candidate_number,
    validate_date_of_birth,
    validate_name,
    validate_uln,
)

COLUMNS = (
    "candidate_number",
    "first_name",
    "last_name",
    "date_of_birth",
    "uln",
    "qualification_code",
    "entry_type",
    "units",
)
MAX_ROWS = 50_000


@dataclass(frozen=True)
class RowError:
    """A problem with one row (row None: with the whole file). Rows count as a spreadsheet
    does: the column names are row 1."""

    row: int | None
    column: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


# The text


def decode(data: bytes) -> tuple[str | None, str | None]:
    """The file's text, or the reason it cannot be read."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, (
            "The file is saved as UTF-16 ('Unicode text'): save it as 'CSV UTF-8 "
            "(comma delimited)' and upload it again"
        )
    if data.startswith(b"PK\x03\x04"):
        return None, (
            "The file is a spreadsheet workbook (such as .xlsx), not a CSV file: save it as "
            "'CSV UTF-8 (comma delimited)' and upload that"
        )
    if b"\x00" in data[:8192]:
        return None, "The file is not a CSV text file"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        line = data.count(b"\n", 0, problem.start) + 1
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            kind = "is not UTF-8"
        else:
            kind = "looks like Windows-1252 ('ANSI'), not UTF-8"
        return None, (
            f"The file {kind}: the first character that cannot be read is on line {line}. "
            "Save it as 'CSV UTF-8 (comma delimited)' and upload it again"
        )
    return text, None


# One row's cells


# The columns holding names, and what messages call them.
NAMES = {"first_name": "first name", "last_name": "last name"}


def _formula_error(row: int, column: str, value: str) -> RowError | None:
    first = formula_start(value)
    if first is None:
        return None
    return RowError(row, column, formula_message(NAMES.get(column, column), first))


DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def _parse_date(text: str) -> date | None:
    """dd/mm/yyyy (as the pages) or yyyy-mm-dd; a regex is much faster than strptime here."""
    if found := DAY_MONTH_YEAR.fullmatch(text):
        day, month, year = (int(part) for part in found.groups())
    elif found := ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in found.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class Row:
    row: int
    number: str
    first_name: str
    last_name: str
    date_of_birth: date | None
    uln: str
    code: str
    entry_type: str
    unit_numbers: tuple[int, ...]

    @property
    def details(self) -> tuple[str, str, date | None, str]:
        return (self.first_name, self.last_name, self.date_of_birth, self.uln)


def check_cells(row: int, cells: dict[str, str], today: date) -> tuple[Row, list[RowError]]:
    errors: list[RowError] = []
    # The names are the only text kept as typed: a formula-looking one is refused and read no
    # further (the row's other cells still are, so that every error of the row is reported at
    # once). Numbers, codes and dates take their own checks, which refuse '=', '+', '-' and '@'
    # with their own words ("-5" is not a candidate number).
    for column in NAMES:
        problem = _formula_error(row, column, cells[column])
        if problem is not None:
            errors.append(problem)
    formulas = {error.column for error in errors}
    values = {column: "" if column in formulas else cells[column].strip() for column in COLUMNS}

    number = values["candidate_number"]
    if "candidate_number" in formulas:
        pass
    elif not number:
        errors.append(RowError(row, "candidate_number", "Enter the candidate number"))
    else:
        try:
            validate_candidate_number(number)
        except ValidationError as invalid:
            errors.append(RowError(row, "candidate_number", invalid.messages[0]))
        else:
            if len(number) > candidate_limit("number"):
                message = number_too_long(candidate_limit("number"))
                errors.append(RowError(row, "candidate_number", message))

    for column, label in NAMES.items():
        if column in formulas:
            continue
        if not values[column]:
            errors.append(RowError(row, column, f"Enter the {label}"))
            continue
        try:
            # The cell as it is in the file: a line break is refused even at its ends.
            validate_name(cells[column], label=label, max_length=candidate_limit(column))
        except ValidationError as invalid:
            errors.append(RowError(row, column, invalid.messages[0]))

    born = None
    text = values["date_of_birth"]
    if "date_of_birth" in formulas:
        pass
    elif not text:
        errors.append(RowError(row, "date_of_birth", "Enter the date of birth"))
    else:
        born = _parse_date(text)
        if born is None:
            errors.append(
                RowError(
                    row,
                    "date_of_birth",
                    f"'{text}' is not a date: enter the date of birth as day/month/year "
                    "with a 4-digit year, like 02/08/1990",
                )
            )
        else:
            try:
                validate_date_of_birth(born, today)
            except ValidationError as invalid:
                errors.append(RowError(row, "date_of_birth", invalid.messages[0]))
                born = None

    uln = values["uln"]
    if uln:
        try:
            validate_uln(uln)
        except ValidationError as invalid:
            errors.append(RowError(row, "uln", invalid.messages[0]))

    code = values["qualification_code"]
    entry_type = values["entry_type"].lower()
    units_text = values["units"]
    unit_numbers: list[int] = []
    if "qualification_code" in formulas:
        pass
    elif not code:
        if entry_type or units_text:
            errors.append(
                RowError(row, "qualification_code", "Enter the qualification code of the entry")
            )
    else:
        if "entry_type" in formulas:
            pass
        elif entry_type not in {EntryType.FULL_AWARD, EntryType.UNITS}:
            errors.append(
                RowError(
                    row,
                    "entry_type",
                    "Enter the entry type as 'full' (full award) or 'units' (unit entries)",
                )
            )
        for part in units_text.replace(",", ";").split(";"):
            part = part.strip()
            if not part:
                continue
            if not (part.isascii() and part.isdigit()) or len(part) > 5:
                errors.append(RowError(row, "units", f"'{part}' is not a unit number"))
                continue
            if int(part) not in unit_numbers:
                unit_numbers.append(int(part))
        if (
            entry_type == EntryType.UNITS
            and "units" not in formulas
            and not unit_numbers
            and units_text.strip(" ;,") == ""
        ):
            errors.append(
                RowError(row, "units", "List the units entered, like 1;4;13, for unit entries")
            )
        if entry_type == EntryType.FULL_AWARD and unit_numbers:
            errors.append(RowError(row, "units", "Leave units empty for a full award entry"))
    parsed = Row(
        row=row,
        number=number,
        first_name=values["first_name"],
        last_name=values["last_name"],
        date_of_birth=born,
        uln=uln,
        code=code,
        entry_type=entry_type,
        unit_numbers=tuple(sorted(unit_numbers)),
    )
    return parsed, errors


# The rows


def _header(raw: list[str]) -> tuple[list[str], list[RowError]]:
    names = [cell.strip().lstrip("\ufeff").strip().lower().replace(" ", "_") for cell in raw]
    errors = []
    missing = [column for column in COLUMNS if column not in names]
    unknown = [name for name in names if name and name not in COLUMNS]
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if missing:
        errors.append(
            RowError(
                1,
                None,
                f"The file has no column {', '.join(missing)}: the first row must name the "
                f"columns {','.join(COLUMNS)}",
            )
        )
    if unknown:
        errors.append(RowError(1, None, f"Unknown column {', '.join(repr(u) for u in unknown)}"))
    if repeated:
        errors.append(RowError(1, None, f"Column {', '.join(repeated)} appears more than once"))
    return names, errors


def read_rows(text: str) -> tuple[list[str], list[tuple[int, list[str]]], list[RowError]]:
    """The header and the non-blank data rows with their row numbers, or the file's errors."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    number = 0
    try:
        for cells in reader:
            number += 1
            if header is None:
                if not any(cell.strip() for cell in cells):
                    continue
                header, errors = _header(cells)
                if errors:
                    return header, [], errors
                continue
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) == MAX_ROWS:
                return (
                    header,
                    [],
                    [
                        RowError(
                            None,
                            None,
                            f"The file has more than {MAX_ROWS:,} rows: split it into "
                            "smaller files",
                        )
                    ],
                )
            rows.append((number, cells))
    except csv.Error as problem:
        return (
            header or [],
            [],
            [RowError(number + 1, None, f"Row {number + 1} cannot be read as CSV: {problem}")],
        )
    if header is None:
        return [], [], [RowError(None, None, "The file is empty")]
    return header, rows, []
