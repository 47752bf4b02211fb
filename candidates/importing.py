"""Reading and checking a CSV file of candidates and named entries for bulk import.

This module only reads: it decodes the file, parses it, checks every row against the rules and
the centre's records, and says what importing it would do (the dry run). Saving is the action
`candidates.import_actions.import_candidates`, which runs the same check first. What the check
finds (`CheckResult`) and the refusal of a file with errors are in `candidates.import_results`.

The file (documented in the downloadable template; read, and its cells checked, by
`candidates.import_reading`) has the columns of ``COLUMNS``, in any order, with the column names
in the first row. Each row is one candidate and, optionally, one named entry. What a row does:

- a new candidate number: the candidate is added (and the entry made, if the row has one);
- a candidate number already at the centre with exactly the same details: the candidate is left
  as it is ("unchanged") and the entry, if any, is made; with different details the row is an
  error: an import never changes a candidate's details (that is done on the candidate's page),
  so that a stale or mistaken file cannot overwrite them;
- an entry the candidate already has, of the same type and units: unchanged; a different one:
  an error (entries are not changed by import either);
- the same candidate may appear on several rows with the same details, once per qualification.

Any error anywhere means nothing is imported: the file is imported whole or not at all.
"""

from collections.abc import Callable, Iterable, Sequence
from datetime import date

from django.utils import timezone

from accounts.models import Centre
from catalogue.models import Qualification, Unit
from catalogue.selectors import approved_qualifications

from .import_reading import COLUMNS as COLUMNS
from .import_reading import MAX_ROWS as MAX_ROWS
from .import_reading import Row, RowError, check_cells, decode, read_rows
from .import_results import CheckResult as CheckResult
from .import_results import NewCandidate, NewEntry, Outcome, RowOutcome
from .import_results import outcome_done as outcome_done
from .import_results import refusal as refusal
from .models import Candidate, EntryType, NamedEntry

MAX_BYTES = 10 * 1024 * 1024
# Lookups by candidate number or ULN are split so no query has too many parameters for SQLite.
LOOKUP_CHUNK = 900
PROGRESS_EVERY = 1_000

#: Called with the stage ("Checking", "Saving", FINISHING), the rows done and the rows in the file.
Progress = Callable[[str, int, int], None]
#: The stage once every row is written, while the rest (the audit trail, the commit) is saved.
FINISHING = "Finishing"


def _chunks(items: Sequence[str], size: int = LOOKUP_CHUNK) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def check(data: bytes, *, centre: Centre, progress: Progress | None = None) -> CheckResult:
    """The dry run of importing `data` for `centre`: nothing is written."""
    result = CheckResult()
    if len(data) > MAX_BYTES:
        result.errors.append(
            RowError(
                None,
                None,
                f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB: split it into "
                "smaller files",
            )
        )
        return result
    text, problem = decode(data)
    if text is None:
        result.errors.append(RowError(None, None, problem or "The file cannot be read"))
        return result
    header, raw_rows, errors = read_rows(text)
    if errors:
        result.errors += errors
        return result
    result.rows = total = len(raw_rows)
    if not total:
        result.errors.append(
            RowError(None, None, "The file has no rows to import, only the column names")
        )
        return result
    if progress:
        progress("Checking", 0, total)

    today = timezone.localdate()
    parsed: list[Row] = []
    row_errors: dict[int, list[RowError]] = {}
    width = len(header)
    for done, (row, cells) in enumerate(raw_rows, start=1):
        if len(cells) != width:
            row_errors[row] = [
                RowError(
                    row,
                    None,
                    f"Row {row} has {len(cells)} cells but there are {width} columns: check "
                    "for a missing or extra comma",
                )
            ]
            parsed.append(Row(row, "", "", "", None, "", "", "", ()))
        else:
            values, errors = check_cells(row, dict(zip(header, cells, strict=True)), today)
            parsed.append(values)
            if errors:
                row_errors[row] = errors
        if progress and done % PROGRESS_EVERY == 0:
            progress("Checking", done, total)

    _check_against_records(parsed, row_errors, result, centre=centre)
    for row in sorted(row_errors):
        result.errors += row_errors[row]
    if progress:
        progress("Checking", total, total)
    return result


def _check_against_records(
    parsed: list[Row],
    row_errors: dict[int, list[RowError]],
    result: CheckResult,
    *,
    centre: Centre,
) -> None:
    """Rows against each other, the catalogue and existing candidates and entries."""

    def fail(row: Row, column: str | None, message: str) -> None:
        row_errors.setdefault(row.row, []).append(RowError(row.row, column, message))

    qualifications = {
        q.code: q for q in Qualification.objects.filter(code__in={r.code for r in parsed if r.code})
    }
    approved = set(
        approved_qualifications(centre)
        .filter(pk__in=[q.pk for q in qualifications.values()])
        .values_list("pk", flat=True)
    )
    unit_ids: dict[tuple[int, int], int] = {
        (qualification_id, number): pk
        for pk, qualification_id, number in Unit.objects.filter(
            qualification_id__in=approved
        ).values_list("pk", "qualification_id", "number")
    }
    numbers = sorted({r.number for r in parsed if r.number})
    existing: dict[str, tuple[int, int, tuple[str, str, date | None, str]]] = {}
    for chunk in _chunks(numbers):
        for pk, centre_id, number, first, last, born, uln in Candidate.objects.filter(
            number__in=chunk
        ).values_list(
            "pk", "centre_id", "number", "first_name", "last_name", "date_of_birth", "uln"
        ):
            existing[number] = (pk, centre_id, (first, last, born, uln))
    ulns = sorted({r.uln for r in parsed if r.uln})
    uln_holders: dict[str, str] = {}
    for chunk in _chunks(ulns):
        uln_holders.update(Candidate.objects.filter(uln__in=chunk).values_list("uln", "number"))
    ours = [pk for pk, centre_id, _ in existing.values() if centre_id == centre.pk]
    entries: dict[tuple[int, int], tuple[str, set[int]]] = {}
    for start in range(0, len(ours), LOOKUP_CHUNK):
        batch = ours[start : start + LOOKUP_CHUNK]
        for entry in NamedEntry.objects.filter(candidate_id__in=batch).prefetch_related("units"):
            entries[(entry.candidate_id, entry.qualification_id)] = (
                entry.entry_type,
                {u.number for u in entry.units.all()},
            )

    first_row: dict[str, Row] = {}
    entered: dict[tuple[str, str], int] = {}
    uln_rows: dict[str, Row] = {}
    # A row whose cells are in error is still checked against the records, so that every error
    # of the row is reported; but its details are not compared with others', which they would
    # differ from only by the error.
    unread = set(row_errors)
    for row in parsed:
        qualification = qualifications.get(row.code) if row.code else None
        if row.code:
            if qualification is None:
                fail(row, "qualification_code", f"Unknown qualification code '{row.code}'")
            elif qualification.pk not in approved:
                fail(
                    row,
                    "qualification_code",
                    f"Your centre is not approved for qualification {row.code}",
                )
            else:
                missing = [n for n in row.unit_numbers if (qualification.pk, n) not in unit_ids]
                if missing:
                    fail(
                        row,
                        "units",
                        f"{row.code} has no unit {', '.join(str(n) for n in missing)}",
                    )
        if not row.number:
            result.outcomes.append(RowOutcome(row.row, row.number, Outcome.ERROR, row.code))
            continue
        earlier = first_row.get(row.number)
        if earlier is None:
            first_row[row.number] = row
        elif earlier.details != row.details and not {row.row, earlier.row} & unread:
            fail(
                row,
                "candidate_number",
                f"Candidate {row.number} is also on row {earlier.row} with different details",
            )
        if row.code:
            key = (row.number, row.code)
            if key in entered:
                fail(
                    row,
                    "qualification_code",
                    f"Row {entered[key]} already enters candidate {row.number} for {row.code}",
                )
            else:
                entered[key] = row.row
        if row.uln:
            holder = uln_rows.get(row.uln)
            if holder is not None and holder.number != row.number:
                fail(row, "uln", f"Row {holder.row} has the same ULN for another candidate")
            uln_rows.setdefault(row.uln, row)
            taken_by = uln_holders.get(row.uln)
            if taken_by is not None and taken_by != row.number:
                fail(row, "uln", f"ULN {row.uln} is already in use")

        found = existing.get(row.number)
        candidate_is_new = found is None
        if found is not None:
            pk, centre_id, details = found
            if centre_id != centre.pk:
                fail(row, "candidate_number", f"Candidate number {row.number} is already in use")
            elif details != row.details and row.row not in unread:
                changed = [
                    name
                    for name, old, new in zip(
                        ("first_name", "last_name", "date_of_birth", "uln"),
                        details,
                        row.details,
                        strict=True,
                    )
                    if old != new
                ]
                fail(
                    row,
                    changed[0],
                    f"Candidate {row.number} is already at your centre with a different "
                    f"{', '.join(c.replace('_', ' ') for c in changed)}: an import does not "
                    "change a candidate's details; change them on the candidate's page or "
                    "correct the file",
                )
        if row.row in row_errors:
            result.outcomes.append(RowOutcome(row.row, row.number, Outcome.ERROR, row.code))
            continue

        entry_is_new = False
        if qualification is not None:
            wanted = (row.entry_type, set(row.unit_numbers))
            held = entries.get((found[0], qualification.pk)) if found is not None else None
            if held is None:
                entry_is_new = True
            elif held != wanted:
                kind = EntryType(held[0]).label
                fail(
                    row,
                    "qualification_code",
                    f"Candidate {row.number} already has an entry for {row.code} ({kind}); an "
                    "import does not change entries",
                )
                result.outcomes.append(RowOutcome(row.row, row.number, Outcome.ERROR, row.code))
                continue
        if candidate_is_new and earlier is None:
            assert row.date_of_birth is not None
            result.new_candidates.append(
                NewCandidate(
                    number=row.number,
                    first_name=row.first_name,
                    last_name=row.last_name,
                    date_of_birth=row.date_of_birth,
                    uln=row.uln,
                )
            )
        if entry_is_new:
            assert qualification is not None
            result.new_entries.append(
                NewEntry(
                    number=row.number,
                    qualification_id=qualification.pk,
                    entry_type=row.entry_type,
                    unit_ids=tuple(unit_ids[(qualification.pk, n)] for n in row.unit_numbers)
                    if row.entry_type == EntryType.UNITS
                    else (),
                    code=row.code,
                )
            )
        if candidate_is_new and earlier is None:
            outcome = Outcome.ADD_CANDIDATE_AND_ENTRY if entry_is_new else Outcome.ADD_CANDIDATE
        else:
            outcome = Outcome.ADD_ENTRY if entry_is_new else Outcome.UNCHANGED
        result.outcomes.append(RowOutcome(row.row, row.number, outcome, row.code))


def template_rows() -> list[list[str]]:
    """The example rows of the downloadable template."""
    return [
        ["11900001", "Nia", "Patel", "03/04/2001", "9999999998", "03991", "full", ""],
        ["11900002", "Sam", "Lee", "21/09/2000", "", "03991", "units", "1;4;13"],
        ["11900003", "Ola", "Nowak", "15/01/1999", "", "", "", ""],
    ]
