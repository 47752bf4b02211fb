"""The claim grid: one row per candidate, one column per claimed unit number, a code per cell.

A claim of 1,000 candidates and 80 units has 80,000 cells, so the grid is worked out here in
plain Python from two `values_list` queries (no model instance per cell), and each row's cells
are rendered once to an HTML string: the page template then loops over rows only, never cells.

The claim passed in must come from `claims.selectors.get_claim`, which checks that the acting
user may see it.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Claim, ClaimCandidate, ClaimedUnit

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
        # Codes are fixed strings from _CELL_HTML, never user input: nothing to escape here.
        return mark_safe("".join([_CELL_HTML[code] for code in self.codes]))  # noqa: S308

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


def claim_grid(claim: Claim) -> ClaimGrid:
    """The claim's grid in two queries, whatever its size.

    The claimed units are read as a stream, not as one list, and each candidate's codes are
    kept as one small byte string until the rows are made: the grid of a claim of thousands of
    candidates is built in a tenth of the memory a dict per candidate would take.
    """
    candidates = list(
        ClaimCandidate.objects.filter(claim=claim)
        .order_by("candidate__last_name", "candidate__first_name", "candidate__number")
        .values_list("pk", "candidate__first_name", "candidate__last_name", "candidate__number")
    )
    # Per candidate, a byte per column in the order unit numbers are first seen: 0 for no unit,
    # else the position of its code in _CODES.
    columns: dict[int, int] = {}
    codes_by_candidate: dict[int, bytearray] = {pk: bytearray() for pk, *_ in candidates}
    total = 0
    for claim_candidate_id, number, awarding_body in (
        ClaimedUnit.objects.filter(claim_candidate__claim=claim)
        .values_list("claim_candidate_id", "unit__number", "awarding_body")
        .iterator(chunk_size=5000)
    ):
        codes = codes_by_candidate.get(claim_candidate_id)
        if codes is None:  # pragma: no cover - a candidate added between the two queries
            continue
        column = columns.setdefault(number, len(columns))
        if len(codes) <= column:
            codes.extend(bytes(column + 1 - len(codes)))
        codes[column] = _TRANSFERRED_BYTE if awarding_body else _CLAIMED_BYTE
        total += 1
    unit_numbers = tuple(sorted(columns))
    order = [columns[number] for number in unit_numbers]
    rows = tuple(
        GridRow(
            candidate_id=pk,
            name=f"{first} {last}",
            number=candidate_number,
            codes=_codes(codes_by_candidate[pk], order),
        )
        for pk, first, last, candidate_number in candidates
    )
    return ClaimGrid(unit_numbers=unit_numbers, rows=rows, total_claimed_units=total)


_CODES = ("", CLAIMED, TRANSFERRED)
_CLAIMED_BYTE = _CODES.index(CLAIMED)
_TRANSFERRED_BYTE = _CODES.index(TRANSFERRED)


def _codes(codes: bytearray, order: list[int]) -> tuple[str, ...]:
    """The codes of one row in unit number order (columns past the row's last unit are empty)."""
    width = len(codes)
    return tuple([_CODES[codes[column]] if column < width else "" for column in order])
