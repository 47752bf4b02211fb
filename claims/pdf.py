"""Printable PDFs of a claim, made with WeasyPrint from our own templates.

- The claim itself ("Download claim as PDF"): every claimed unit appears, however many (the
  original service loses units past 30 on paper). Units are split into groups of columns that
  fit across the page; each group runs over as many pages as it needs, every page repeating the
  heading row, and every row repeating the candidate's name and number.
- Submission cover sheets: one page per candidate, to go with work sent for moderation.

The claim grid is typeset as fixed-width lines rather than as an HTML table: WeasyPrint lays out
a table cell in about 2 ms, so a claim of 1,000 candidates and 45 units took two minutes as a
table, and takes about ten seconds as lines. We paginate the lines ourselves, so that a heading row
starts every page and no candidate's row is split between pages.

Nothing is fetched while rendering: the templates carry their styles inline, fonts come from the
system, and the URL fetcher refuses every address but inline data.

The claim passed in must come from `claims.selectors.get_claim`.
"""

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from .grid import ClaimGrid, GridRow, claim_grid
from .models import Claim, ClaimCandidate, ClaimedUnit
from .selectors import claim_assessor

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher

#: Characters of the 8pt monospaced grid font that fit across A4 inside the margins.
LINE_CHARS = {"landscape": 158, "portrait": 106}
#: Grid lines (11pt each) that fit under a page's heading rows; the first page also has the
#: claim's details above its grid.
PAGE_LINES = {"landscape": 38, "portrait": 58}
FIRST_PAGE_DETAILS_LINES = 13
NAME_CHARS = 28
NUMBER_CHARS = 16
GAP = "  "


def _fetcher() -> "URLFetcher":
    from weasyprint.urls import URLFetcher

    # Only inline data: URLs are allowed, so a stray link in a name can never reach the network.
    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=False)


def render_pdf(html: str) -> bytes:
    """The PDF of a complete HTML document that needs nothing from outside itself."""
    # Imported here: loading WeasyPrint and its fonts takes seconds, which every process that
    # loads the URL configuration would otherwise pay, though few ever make a PDF.
    from weasyprint import HTML

    pdf = HTML(string=html, base_url=None, url_fetcher=_fetcher()).write_pdf()
    assert pdf is not None
    return pdf


def _claim_label(claim: Claim) -> str:
    return str(claim.claim_number) if claim.claim_number else "Claim in progress"


@dataclass(frozen=True)
class GridPage:
    """One printed page of the claim grid: heading lines and candidate lines, as plain text."""

    title: str
    heading: str
    lines: str


def _row_lines(row: GridRow, codes: Sequence[str], width: int) -> list[str]:
    """A candidate's row; a long name continues on further lines, indented."""
    name = textwrap.wrap(row.name, NAME_CHARS, break_long_words=True) or [""]
    number = row.number[:NUMBER_CHARS]
    cells = "".join(code.center(width) for code in codes)
    lines = [f"{name[0]:<{NAME_CHARS}}{GAP}{number:<{NUMBER_CHARS}}{GAP}{cells}".rstrip()]
    lines.extend(f"  {part}" for part in textwrap.wrap(" ".join(name[1:]), NAME_CHARS - 2))
    return lines


def grid_pages(claim: Claim, grid: ClaimGrid) -> list[GridPage]:
    """The grid as printed pages: every unit, every candidate, a heading row on every page."""
    orientation = grid.orientation
    largest = max(grid.unit_numbers, default=1)
    width = max(3, len(str(largest)) + 1)
    fixed = NAME_CHARS + NUMBER_CHARS + 2 * len(GAP)
    chunks = grid.parts(max(1, (LINE_CHARS[orientation] - fixed) // width))
    groups = len(chunks)
    awarding_body = settings.AWARDING_BODY_NAME
    pages: list[GridPage] = []
    for part, chunk in enumerate(chunks, start=1):
        heading = "\n".join(
            [
                f"{'':<{NAME_CHARS}}{GAP}{awarding_body[:NUMBER_CHARS]:<{NUMBER_CHARS}}{GAP}"
                + ("Unit" if chunk.unit_numbers else ""),
                f"{'Candidate name':<{NAME_CHARS}}{GAP}{'candidate number':<{NUMBER_CHARS}}{GAP}"
                + "".join(str(n).center(width) for n in chunk.unit_numbers),
            ]
        )
        title = chunk.title
        if groups > 1:
            title = f"{title} (part {part} of {groups})"
        room = PAGE_LINES[orientation] - (FIRST_PAGE_DETAILS_LINES if part == 1 else 0)
        current: list[str] = []
        for row, codes in chunk.rows:
            lines = _row_lines(row, codes, width)
            if current and len(current) + len(lines) > room:
                pages.append(GridPage(title, heading, "\n".join(current)))
                current = []
                room = PAGE_LINES[orientation]
            current.extend(lines)
        pages.append(GridPage(title, heading, "\n".join(current)))
    return pages


def claim_pdf_html(claim: Claim, *, grid: ClaimGrid | None = None) -> str:
    grid = grid or claim_grid(claim)
    return render_to_string(
        "claims/pdf/claim.html",
        {
            "claim": claim,
            "title": f"Claim {claim.claim_number}" if claim.claim_number else "Claim in progress",
            "grid": grid,
            "pages": grid_pages(claim, grid) if not grid.is_empty else [],
            "legend": grid.legend,
            "assessor": claim_assessor(claim),
            "awarding_body": settings.AWARDING_BODY_NAME,
            "printed_at": timezone.localtime(),
        },
    )


def claim_pdf(claim: Claim) -> bytes:
    """The claim as a PDF in which every claimed unit appears."""
    return render_pdf(claim_pdf_html(claim))


@dataclass(frozen=True)
class CoverUnit:
    number: int
    title: str
    assessor_initials: str
    grade: str
    awarding_body: str


@dataclass
class CoverSheet:
    """What one candidate's submission cover sheet shows."""

    name: str
    number: str
    date_of_birth: date | None
    units: list[CoverUnit] = field(default_factory=list)


def cover_sheets(claim: Claim) -> list[CoverSheet]:
    """One cover sheet per candidate on the claim, in two queries."""
    sheets: dict[int, CoverSheet] = {
        pk: CoverSheet(name=f"{first} {last}", number=number, date_of_birth=born)
        for pk, first, last, number, born in ClaimCandidate.objects.filter(claim=claim)
        .order_by("candidate__last_name", "candidate__first_name", "candidate__number")
        .values_list(
            "pk",
            "candidate__first_name",
            "candidate__last_name",
            "candidate__number",
            "candidate__date_of_birth",
        )
    }
    for claim_candidate_id, number, title, initials, grade, awarding_body in (
        ClaimedUnit.objects.filter(claim_candidate__claim=claim)
        .order_by("unit__number")
        .values_list(
            "claim_candidate_id",
            "unit__number",
            "unit__title",
            "assessor__initials",
            "grade",
            "awarding_body",
        )
    ):
        sheet = sheets.get(claim_candidate_id)
        if sheet is not None:
            sheet.units.append(CoverUnit(number, title, initials, grade, awarding_body))
    return list(sheets.values())


def cover_sheets_html(claim: Claim) -> str:
    return render_to_string(
        "claims/pdf/cover_sheets.html",
        {
            "claim": claim,
            "label": _claim_label(claim),
            "sheets": cover_sheets(claim),
            "assessor": claim_assessor(claim),
            "awarding_body": settings.AWARDING_BODY_NAME,
        },
    )


def cover_sheets_pdf(claim: Claim) -> bytes:
    """A submission cover sheet per candidate, one page each, for sending work by post."""
    return render_pdf(cover_sheets_html(claim))
