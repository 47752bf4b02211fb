"""A big claim in Chromium: 37 candidates and all 81 units of 03991.

Printed (the browser's own PDF of "Print page", and of View claim itself), every unit, every
candidate's name and number, and the totals on the last page. On screen, the grid's box scrolls
while the heading row and the names stay in view, at 1,280 px and at 320 px; names lead to each
candidate's claim page; axe on each.
"""

import io
import re
from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from candidates.models import Candidate, EntryType, NamedEntry
from catalogue.models import Unit
from claims.models import Claim, ClaimCandidate, ClaimedUnit, UnitState
from claims.tests.claim_data import assessor, draft, itq, northfield

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

FIRST = ["Aisha", "Callum", "Deepa", "Eamon", "Fatima", "Gareth", "Hannah", "Imran", "Jodie"]
LAST = ["Begum", "Clarke", "Dunmore", "Hughes"]
#: 36 names, and one long enough to wrap in its column.
NAMES = [(first, last) for last in LAST for first in FIRST] + [
    ("Maximiliana", "Featherstonehaugh-Worthington")
]
UNITS = 81
TOTALS = ("Total number of claimed units: 2248", "Total number of candidates: 37")


def big_claim() -> Claim:
    """A claim in progress at Northfield: 37 candidates, each claiming most of the 81 units
    (candidate i leaves out every fourth unit from i), unit 3 from another awarding body."""
    claim = draft()
    by = assessor()
    candidates = Candidate.objects.bulk_create(
        Candidate(
            centre=northfield(),
            number=str(12100001 + i),
            first_name=first,
            last_name=last,
            date_of_birth=date(2007, 1 + i % 12, 1 + i % 28),
        )
        for i, (first, last) in enumerate(NAMES)
    )
    NamedEntry.objects.bulk_create(
        NamedEntry(candidate=c, qualification=itq(), entry_type=EntryType.FULL_AWARD)
        for c in candidates
    )
    on_claim = ClaimCandidate.objects.bulk_create(
        ClaimCandidate(claim=claim, candidate=c) for c in candidates
    )
    units = list(Unit.objects.filter(qualification=itq()).order_by("number"))
    assert len(units) == UNITS
    today = timezone.localdate()
    ClaimedUnit.objects.bulk_create(
        ClaimedUnit(
            claim_candidate=row,
            unit=unit,
            assessor=by,
            state=UnitState.OTHER_AB if unit.number == 3 else UnitState.CLAIMED,
            awarding_body="AQA" if unit.number == 3 else "",
            date_claimed=today,
        )
        for i, row in enumerate(on_claim)
        for unit in units
        if (unit.number + i) % 4
    )
    return claim


def pdf_pages(pdf: bytes) -> list[Any]:
    assert pdf.startswith(b"%PDF")
    return list(PdfReader(io.BytesIO(pdf)).pages)


def assert_prints_whole(
    pages: list[Any], *, last_page: tuple[str, ...], grid_only: bool = True
) -> None:
    """Every unit number heads a column, every name and number is in every part (and, with
    `grid_only`, nowhere else), and the totals (and what else is given) are on the last page."""
    texts = [page.extract_text() for page in pages]
    text = "\n".join(texts)
    headings = re.findall(r"candidate\s+number\s+((?:\d+ )*\d+)", text)
    assert headings, text[:500]
    seen = [int(n) for heading in headings for n in heading.split()]
    assert set(seen) == set(range(1, UNITS + 1))
    parts = text.count("Candidates and units claimed: units ")
    assert parts == 3, text[:500]
    for i, (first, last) in enumerate(NAMES):
        number = str(12100001 + i)
        name = f"{first} {last}"
        if grid_only:
            assert text.count(number) == parts, number
            assert len(last) > 20 or text.count(name) == parts, name
        else:
            assert text.count(number) >= parts, number
            assert len(last) > 20 or text.count(name) >= parts, name
    assert "Featherstonehaugh" in text
    assert "CertClaims" not in text and "Sign out" not in text
    if grid_only:
        assert "Total number of claimed units" not in "\n".join(texts[:-1])
    for words in last_page:
        assert words in texts[-1], (words, texts[-1][-500:])


def test_print_page_prints_every_unit_and_candidate_landscape(page: Any) -> None:
    claim = big_claim()
    sign_in(page, "tutor@northfield.test")
    page.wait_for_url("**/")
    page.goto(f"/claims/{claim.pk}/")
    page.get_by_role("link", name="Print page").click()
    expect(page).to_have_title(re.compile(r"^Print claim \u2013 03991 \u2013 CertClaims$"))
    assert_accessible(page)

    # The page's own paper: A4 landscape.
    pages = pdf_pages(page.pdf(prefer_css_page_size=True))
    assert all(p.mediabox.width > p.mediabox.height for p in pages)
    assert round(float(pages[0].mediabox.width) / 72 * 25.4) == 297
    assert_prints_whole(pages, last_page=(*TOTALS, "Submission details", "OCR Assessor"))
    # The narrowest landscape paper a browser offers (US Letter) loses nothing either.
    letter = pdf_pages(page.pdf(format="Letter", landscape=True))
    assert_prints_whole(letter, last_page=(*TOTALS, "Submission details", "OCR Assessor"))
    # Each part fits across the paper: no column is cut off at the edge.
    page.emulate_media(media="print")
    widths = page.eval_on_selector_all(
        "table.app-grid-part", "tables => tables.map(t => t.getBoundingClientRect().width)"
    )
    assert len(widths) == 3 and max(widths) <= 259 / 25.4 * 96


def test_view_claim_printed_from_the_browser_loses_no_unit(page: Any) -> None:
    claim = big_claim()
    sign_in(page, "tutor@northfield.test")
    page.wait_for_url("**/")
    page.goto(f"/claims/{claim.pk}/")
    pages = pdf_pages(page.pdf(prefer_css_page_size=True))
    assert pages[0].mediabox.width > pages[0].mediabox.height
    # The checks and submission details follow the grid and its totals.
    assert_prints_whole(pages, last_page=("Submission details",), grid_only=False)
    assert any(TOTALS[0] in p.extract_text() for p in pages)


def _inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return (
        inner["x"] >= outer["x"] - 1
        and inner["y"] >= outer["y"] - 1
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 1
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 1
    )


def test_the_grid_scrolls_in_its_box_with_the_names_and_headings_in_view(page: Any) -> None:
    claim = big_claim()
    sign_in(page, "tutor@northfield.test")
    page.wait_for_url("**/")
    page.goto(f"/claims/{claim.pk}/")
    expect(page).to_have_title(re.compile(r"^View claim \u2013 03991 \u2013 "))
    box = page.get_by_role("region", name="Candidates and units claimed")
    grid = box.get_by_role("table", name="Candidates and units claimed")
    corner = grid.get_by_role("columnheader", name="Candidate name")
    last_unit = grid.get_by_role("columnheader", name=str(UNITS), exact=True)
    last_name = grid.get_by_role("rowheader").last

    # The keyboard scrolls the box: it takes focus, and the arrow keys move it.
    box.focus()
    expect(box).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.activeElement.scrollLeft > 0")

    box.evaluate("b => { b.scrollLeft = b.scrollWidth; b.scrollTop = b.scrollHeight; }")
    assert box.evaluate("b => b.scrollLeft > 500 && b.scrollTop > 300")
    rect = box.bounding_box()
    for cell in (corner, last_unit, last_name):
        assert _inside(cell.bounding_box(), rect), cell
    # Scrolled to the far right and the bottom, the heading row is still at the top of the
    # box, and the last candidate's name still at its left.
    assert abs(corner.bounding_box()["y"] - rect["y"]) <= 2
    assert abs(last_name.bounding_box()["x"] - rect["x"]) <= 2
    # The heading naming the box is above it, so it neither scrolls away nor is cut.
    heading = page.get_by_role("heading", name="Candidates and units claimed")
    assert heading.evaluate("h => !h.closest('.app-grid-box')")
    assert heading.bounding_box()["y"] + heading.bounding_box()["height"] <= rect["y"]
    assert_accessible(page)

    # At 320 px only the grid's box scrolls sideways: the page itself reflows.
    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    box = page.get_by_role("region", name="Candidates and units claimed")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    heading = page.get_by_role("heading", name="Candidates and units claimed")
    assert heading.evaluate("h => h.scrollWidth <= h.clientWidth && h.clientWidth <= 320")
    assert_accessible(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Jodie Hughes").click()
    page.wait_for_url(f"**/claims/{claim.pk}/candidates/12100036/")
    expect(page).to_have_title(re.compile("^Candidate claim \u2013 Jodie Hughes \u2013 03991"))
