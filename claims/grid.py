"""The claim grid: one row per candidate, one column per claimed unit number, a code per cell.

A claim of 1,000 candidates and 80 units has 80,000 cells, so the grid is worked out here in
plain Python from the claim's contents (`claims.contents`: a row per candidate, not per cell),
and each row's cells are rendered once to an HTML string, shared by rows with the same codes:
the page template then loops over rows only, never cells.

The claim passed in must come from `claims.selectors.get_claim`, which checks that the acting
user may see it.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .contents import CandidateOnClaim, ClaimContents, Flag, claim_contents
from .models import Claim

CLAIMED = "C"
TRANSFERRED = "T"

#: The legend under the grid, in the seed guide's words.
LEGEND: tuple[tuple[str, str], ...] = (
    (CLAIMED, "claimed"),
    (TRANSFERRED, "transferred from another awarding body"),
)

#: From this many unit columns the grid is printed landscape (the seed guide: 16 to 30 units).
LANDSCAPE_FROM = 16

_CELL_HTML = {
    code: f'<td class="govuk-table__cell app-grid__code">{code}</td>'
    for code in (CLAIMED, TRANSFERRED, "")
}


@dataclass(frozen=True)
class GridRow:
    """One candidate's row: `codes` has one entry per unit column ("C", "T" or "")."""

    candidate_id: int
    name: str
    number: str
    codes: tuple[str, ...]

    @property
    def cells_html(self) -> SafeString:
        """The row's unit cells as `<td>` elements, ready to output without a loop."""
        return _cells_html(self.codes)

    @property
    def unit_count(self) -> int:
        return sum(1 for code in self.codes if code)


@dataclass(frozen=True)
class ClaimGrid:
    """The whole grid of a claim, with the totals shown under it."""

    unit_numbers: tuple[int, ...]
    rows: tuple[GridRow, ...]
    total_claimed_units: int

    @property
    def total_candidates(self) -> int:
        return len(self.rows)

    @property
    def landscape(self) -> bool:
        return len(self.unit_numbers) >= LANDSCAPE_FROM

    @property
    def is_empty(self) -> bool:
        return not self.rows

    def header_html(self) -> SafeString:
        """The unit number column headings as `<th>` elements."""
        return mark_safe(  # noqa: S308 - unit numbers are integers
            "".join(
                f'<th scope="col" class="govuk-table__header app-grid__code">{number}</th>'
                for number in self.unit_numbers
            )
        )

    def rendered_rows(self) -> Iterator[SafeString]:
        """Every row as one `<tr>`, names escaped: for the largest claims, output as is."""
        for row in self.rows:
            yield mark_safe(  # noqa: S308 - name and number are escaped, cells are fixed
                '<tr class="govuk-table__row">'
                '<th scope="row" class="govuk-table__header app-grid__name">'
                f"{escape(row.name)}</th>"
                f'<td class="govuk-table__cell app-grid__number">{escape(row.number)}</td>'
                f"{row.cells_html}</tr>"
            )

    def body_html(self) -> SafeString:
        """Every row joined: the template outputs the grid's body as one string."""
        return mark_safe("".join(self.rendered_rows()))  # noqa: S308 - rows are built safe

    def chunks(self, size: int) -> list["GridChunk"]:
        """The grid split into groups of at most `size` unit columns, each with every row.

        Printed, each chunk is its own table that repeats the candidate's name and number, so
        that every unit appears however many there are.
        """
        if size < 1:
            raise ValueError("A chunk needs at least one column")
        if not self.unit_numbers:
            return [GridChunk(unit_numbers=(), rows=tuple((row, ()) for row in self.rows))]
        chunks = []
        for start in range(0, len(self.unit_numbers), size):
            end = start + size
            chunks.append(
                GridChunk(
                    unit_numbers=self.unit_numbers[start:end],
                    rows=tuple((row, row.codes[start:end]) for row in self.rows),
                )
            )
        return chunks


@dataclass(frozen=True)
class GridChunk:
    """Some of the grid's unit columns, for every candidate (see `ClaimGrid.chunks`)."""

    unit_numbers: tuple[int, ...]
    rows: tuple[tuple[GridRow, Sequence[str]], ...]


def claim_grid(claim: Claim, contents: ClaimContents | None = None) -> ClaimGrid:
    """The claim's grid in two queries whatever its size (none when `contents` is given)."""
    contents = contents or claim_contents(claim)
    numbers: set[int] = set()
    for candidate in contents:
        numbers.update(candidate.units)
    unit_numbers = tuple(sorted(numbers))
    codes_of = RowCodes(unit_numbers)
    rows = [
        GridRow(
            candidate_id=candidate.claim_candidate_id,
            name=candidate.name,
            number=candidate.number,
            codes=codes_of(candidate),
        )
        for candidate in contents
    ]
    return ClaimGrid(
        unit_numbers=unit_numbers,
        rows=tuple(rows),
        total_claimed_units=contents.total_claimed_units,
    )


class RowCodes:
    """Each candidate's code under the unit columns: "C", "T", or "" for a unit not claimed.

    Worked out once for the candidates with the same claimed units (see
    `CandidateOnClaim.key`), keeping at most `keep` different rows.
    """

    def __init__(self, unit_numbers: Sequence[int], keep: int = 1000) -> None:
        self.unit_numbers = unit_numbers
        self.keep = keep
        self._rows: dict[str, tuple[str, ...]] = {}

    def __call__(self, candidate: CandidateOnClaim) -> tuple[str, ...]:
        codes = self._rows.get(candidate.key)
        if codes is None:
            if len(self._rows) >= self.keep:
                self._rows.clear()
            units = candidate.units
            codes = self._rows[candidate.key] = tuple(
                [
                    ("" if flags is None else TRANSFERRED if flags & Flag.TRANSFERRED else CLAIMED)
                    for flags in map(units.get, self.unit_numbers)
                ]
            )
        return codes


@lru_cache(maxsize=512)
def _cells_html(codes: tuple[str, ...]) -> SafeString:
    """A row's cells, made once for every row with the same codes (candidates often claim the
    same units)."""
    # Codes are fixed strings from _CELL_HTML, never user input: nothing to escape here.
    return mark_safe("".join([_CELL_HTML[code] for code in codes]))  # noqa: S308
