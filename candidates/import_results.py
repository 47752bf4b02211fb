"""What checking an import file found: each row's outcome, every error, and what saving would
create; and the refusal of a file with errors, which carries it."""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from common.errors import DomainErrors, FieldError
from common.wording import count

from .import_reading import RowError


class Outcome(StrEnum):
    ADD_CANDIDATE_AND_ENTRY = "Add candidate and entry"
    ADD_CANDIDATE = "Add candidate"
    ADD_ENTRY = "Add entry"
    UNCHANGED = "Unchanged"
    ERROR = "Error"


#: What a row did, once the import is done (the dry run says what it would do).
DONE_WORDS: dict[str, str] = {
    Outcome.ADD_CANDIDATE_AND_ENTRY: "Added candidate and entry",
    Outcome.ADD_CANDIDATE: "Added candidate",
    Outcome.ADD_ENTRY: "Added entry",
}


def outcome_done(outcome: str) -> str:
    return DONE_WORDS.get(outcome, outcome)


@dataclass(frozen=True)
class RowOutcome:
    row: int
    number: str
    outcome: Outcome
    qualification: str = ""

    def as_list(self) -> list[Any]:
        return [self.row, self.number, str(self.outcome), self.qualification]


@dataclass(frozen=True)
class NewCandidate:
    number: str
    first_name: str
    last_name: str
    date_of_birth: date
    uln: str


@dataclass(frozen=True)
class NewEntry:
    number: str
    qualification_id: int
    entry_type: str
    unit_ids: tuple[int, ...]
    code: str


@dataclass
class CheckResult:
    """The dry run: every row's outcome, every error, and what saving would create."""

    rows: int = 0
    outcomes: list[RowOutcome] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    new_candidates: list[NewCandidate] = field(default_factory=list)
    new_entries: list[NewEntry] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and self.rows > 0

    @property
    def counts(self) -> dict[str, int]:
        unchanged = sum(1 for o in self.outcomes if o.outcome == Outcome.UNCHANGED)
        return {
            "rows": self.rows,
            "candidates": len(self.new_candidates),
            "entries": len(self.new_entries),
            "unchanged": unchanged,
            "errors": len(self.errors),
            "rows_with_errors": len({e.row for e in self.errors if e.row is not None}),
        }


def refusal(result: CheckResult) -> DomainErrors:
    """The file has errors, so nothing was imported: every error with its row and column, and
    the whole dry run as `detail` for the pages and the command that show it."""
    return DomainErrors(
        [
            FieldError(error.message, field=error.column, code="import_error", row=error.row)
            for error in result.errors
        ],
        message=f"The file has {count(len(result.errors), 'error')}: nothing was imported",
        field="file",
        code="import_refused",
        detail=result,
    )
