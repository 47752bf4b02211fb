"""The claim grid: one row per candidate, one column per claimed unit number, a code per cell.

A claim of 1,000 candidates and 80 units has 80,000 cells, so the grid is worked out here in
plain Python from the claim's contents (`claims.contents`: a row per candidate, not per cell),
and each row's cells are rendered once to an HTML string, shared by rows with the same codes:
the page template then loops over rows only, never cells.

The claim passed in must come from `claims.selectors.get_claim`, which checks that the acting
user may see it.
"""

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .contents import CandidateOnClaim, ClaimContents, claim_contents, unit_outcome
from .models import Claim
from .outcomes import LEGEND, grid_grade_letters, legend_for

#: From this many unit columns the downloaded PDF is landscape (the seed guide: 16 to 30 units);
#: the printed page is landscape for every claim.
LANDSCAPE_FROM = 16
#: Unit columns that fit across a printed page of "Print page" (frontend/scss/_print.scss):
#: 259 mm across A4 or US Letter landscape inside the margins, 180 mm portrait, less 66 mm for
#: the candidate's name and number, at 7 mm a unit column.
PRINT_UNITS_ACROSS = {"landscape": 27, "portrait": 16}
#: Stands for the candidate number in `ClaimGrid.candidate_href`.
CANDIDATE_NUMBER = "-number-"

_CELL_HTML = {
    code: f'<td class="govuk-table__cell app-grid__code">{code}</td>' for code in (*LEGEND, "")
}


_PRINT_CELL_HTML = {code: f"<td>{code}</td>" for code in (*LEGEND, "")}


@dataclass(frozen=True)
class GridRow:
    """One candidate's row: `codes` has one entry per unit column (a code of
    `claims.outcomes.LEGEND`, or "" for a unit not claimed)."""

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
    """The whole grid of a claim, with its key and the totals shown under it.

    `total_accepted_units` is None while the claim is in progress (nothing is decided yet).
    """

    unit_numbers: tuple[int, ...]
    rows: tuple[GridRow, ...]
    total_claimed_units: int
    legend: tuple[tuple[str, str], ...] = ()
    total_accepted_units: int | None = None
    #: When set, each candidate's name links to this address, `CANDIDATE_NUMBER` replaced by
    #: their number (their candidate claim page, while the claim can be changed).
    candidate_href: str = ""

    @property
    def total_candidates(self) -> int:
        return len(self.rows)

    @property
    def landscape(self) -> bool:
        return len(self.unit_numbers) >= LANDSCAPE_FROM

    @property
    def orientation(self) -> str:
        return "landscape" if self.landscape else "portrait"

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
        href = escape(self.candidate_href)
        for row in self.rows:
            name: str = escape(row.name)
            if href:
                link = href.replace(CANDIDATE_NUMBER, escape(quote(row.number, safe="")))
                name = f'<a class="govuk-link" href="{link}">{name}</a>'
            yield mark_safe(  # noqa: S308 - name and number are escaped, cells are fixed
                '<tr class="govuk-table__row">'
                f'<th scope="row" class="govuk-table__header app-grid__name">{name}</th>'
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

    def parts(self, fits: int) -> list["GridChunk"]:
        """The grid in as few parts as there must be when `fits` unit columns fit across a
        page (`part_size`): the printed claim, on paper or as a PDF."""
        return self.chunks(part_size(len(self.unit_numbers), fits))

    def print_parts(self) -> list["GridChunk"]:
        """The parts of "Print page" (and of View claim printed), which print landscape
        whatever the claim's size: `PRINT_UNITS_ACROSS`."""
        return self.parts(PRINT_UNITS_ACROSS["landscape"])


def part_size(unit_count: int, fits: int) -> int:
    """Unit columns in each part of a printed grid when at most `fits` fit across a page: as
    few parts as will do, the units spread evenly over them rather than leaving a short last
    part."""
    parts = max(1, math.ceil(unit_count / max(1, fits)))
    return max(1, math.ceil(unit_count / parts))


@dataclass(frozen=True)
class GridChunk:
    """Some of the grid's unit columns, for every candidate (see `ClaimGrid.chunks`)."""

    unit_numbers: tuple[int, ...]
    rows: tuple[tuple[GridRow, Sequence[str]], ...]

    @property
    def title(self) -> str:
        """ "Units 1 to 27", "Unit 4" or "Units" (none claimed yet)."""
        numbers = self.unit_numbers
        if not numbers:
            return "Units"
        first, last = numbers[0], numbers[-1]
        return f"Unit {first}" if first == last else f"Units {first} to {last}"

    def header_html(self) -> SafeString:
        """The part's unit number headings, as plain `<th>` elements (styled by its table)."""
        return mark_safe(  # noqa: S308 - unit numbers are integers
            "".join(f'<th scope="col">{number}</th>' for number in self.unit_numbers)
        )

    def body_html(self) -> SafeString:
        """The part's rows, name and number repeated, in the least markup (it is printed)."""
        return mark_safe(  # noqa: S308 - name and number are escaped, cells are fixed
            "".join(
                [
                    f'<tr><th scope="row">{escape(row.name)}</th><td>{escape(row.number)}</td>'
                    f"{_print_cells_html(tuple(codes))}</tr>"
                    for row, codes in self.rows
                ]
            )
        )


def claim_grid(
    claim: Claim, contents: ClaimContents | None = None, *, candidate_href: str = ""
) -> ClaimGrid:
    """The claim's grid in two queries whatever its size (none when `contents` is given);
    `candidate_href` links the names (see `ClaimGrid.candidate_href`)."""
    contents = contents or claim_contents(claim)
    numbers: set[int] = set()
    for candidate in contents:
        numbers.update(candidate.units)
    unit_numbers = tuple(sorted(numbers))
    codes_of = RowCodes(unit_numbers, grade_letters=grid_grade_letters(draft=claim.is_draft))
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
        legend=legend_for(codes_of.codes_seen),
        total_accepted_units=None if claim.is_draft else codes_of.accepted,
        candidate_href=candidate_href,
    )


class RowCodes:
    """Each candidate's code under the unit columns (`claims.outcomes.UnitOutcome.code`), or
    "" for a unit not claimed; and, as rows are made, the codes that occur and the number of
    accepted units.

    The code of each different unit value (its `Flag` bits, see `claims.contents`) is worked
    out once, and a row once for the candidates with the same claimed units (see
    `CandidateOnClaim.key`), keeping at most `keep` different rows.
    """

    def __init__(
        self, unit_numbers: Sequence[int], *, grade_letters: bool, keep: int = 1000
    ) -> None:
        self.unit_numbers = unit_numbers
        self.grade_letters = grade_letters
        self.keep = keep
        self.codes_seen: set[str] = set()
        self.accepted = 0
        self._rows: dict[tuple[str, bool], tuple[tuple[str, ...], int]] = {}
        self._cells: dict[bool, _Cells] = {False: _Cells(self, False), True: _Cells(self, True)}

    def __call__(self, candidate: CandidateOnClaim) -> tuple[str, ...]:
        key = (candidate.key, candidate.held)
        found = self._rows.get(key)
        if found is None:
            if len(self._rows) >= self.keep:
                self._rows.clear()
            cells = self._cells[candidate.held]
            units = candidate.units
            codes = tuple([cells[flags] for flags in map(units.get, self.unit_numbers)])
            found = self._rows[key] = (codes, cells.accepted_in(units))
        self.accepted += found[1]
        return found[0]


class _Cells(dict[int | None, str]):
    """The code of each unit value, for held candidates or the others; "" for no unit."""

    def __init__(self, owner: RowCodes, held: bool) -> None:
        super().__init__({None: ""})
        self.owner = owner
        self.held = held
        self._accepted: set[int] = set()

    def __missing__(self, flags: int | None) -> str:
        assert flags is not None
        outcome = unit_outcome(flags, held=self.held)
        code = self[flags] = outcome.code(grade_letters=self.owner.grade_letters)
        if outcome.accepted:
            self._accepted.add(flags)
        self.owner.codes_seen.add(code)
        return code

    def accepted_in(self, units: dict[int, int]) -> int:
        """How many of these units the moderator accepted (their codes are worked out)."""
        accepted = self._accepted
        return sum(1 for flags in units.values() if flags in accepted) if accepted else 0


@lru_cache(maxsize=512)
def _cells_html(codes: tuple[str, ...]) -> SafeString:
    """A row's cells, made once for every row with the same codes (candidates often claim the
    same units)."""
    # Codes are fixed strings from _CELL_HTML, never user input: nothing to escape here.
    return mark_safe("".join([_CELL_HTML[code] for code in codes]))  # noqa: S308


@lru_cache(maxsize=512)
def _print_cells_html(codes: tuple[str, ...]) -> str:
    """A part's cells for one row, made once for every row with the same codes."""
    return "".join([_PRINT_CELL_HTML[code] for code in codes])
