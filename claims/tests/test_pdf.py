"""The claim as a PDF (every unit appears, however many) and the submission cover sheets."""

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from claims.grid import claim_grid
from claims.models import Claim
from claims.pdf import _fetcher, claim_pdf, claim_pdf_html, cover_sheets_pdf, grid_pages

from .claim_data import assessor, big_claim, draft, many_candidates, put

pytestmark = pytest.mark.django_db


def pages_text(pdf: bytes) -> list[str]:
    """The text of each page: by poppler's pdftotext where installed (fast), else pypdf."""
    assert pdf.startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        out = subprocess.run(  # noqa: S603 - a fixed program reading our own PDF
            [pdftotext, "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        return out.split("\f")[:-1]
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def fresh(claim: Claim) -> Claim:
    return Claim.objects.select_related("centre", "qualification").get(pk=claim.pk)


def test_small_claim(demo: None) -> None:
    claim = draft()
    put(claim, "11721896", {1: "C", 4: "C", 7: "T"})
    pages = pages_text(claim_pdf(fresh(claim)))
    assert len(pages) == 1
    text = pages[0]
    assert "Claim in progress" in text
    assert "03991 : Level 1 Award in IT User Skills (ITQ)" in text
    assert "12345 Northfield College" in text
    assert "OCR Assessor" in text and "Morgan Hale" in text
    assert re.search(r"Amira Khan\s+11721896\s+C\s+C\s+T", text)
    assert re.search(r"candidate number\s+1\s+4\s+7", text)
    assert "Total number of claimed units: 3" in text
    assert "Total number of candidates: 1" in text
    assert "T: transferred from another awarding body" in text


def test_every_unit_and_candidate_of_a_large_claim_appears(demo: None) -> None:
    """1,000 candidates and 45 units: more than fit across a page, on many pages."""
    claim = fresh(big_claim(1000, 45, every=5))
    long = many_candidates(1, start=99000000)[0]
    long.first_name = "Maximiliana Alexandrina-Josephine"
    long.last_name = "Featherstonehaugh-Worthington"
    long.save()
    put(claim, long, {45: "C"})
    grid = claim_grid(claim)
    assert len(grid.unit_numbers) == 45 and grid.total_candidates == 1001
    planned = grid_pages(claim, grid)
    pages = pages_text(claim_pdf(claim))
    # Our pagination held: one PDF page per planned grid page, none spilling over.
    assert len(pages) == len(planned)
    numbers_seen: set[int] = set()
    candidates_seen: dict[str, int] = {}
    for text in pages:
        # Every page starts with the heading row: it can be read on its own.
        heading = re.search(r"candidate number((?:\s+\d+)+)", text)
        assert heading, text[:300]
        numbers_seen.update(int(n) for n in heading.group(1).split())
        for number in re.findall(r"\b(9[019]\d{6})\b", text):
            candidates_seen[number] = candidates_seen.get(number, 0) + 1
    assert numbers_seen == set(range(1, 46))
    parts = len({page.title for page in planned})
    assert parts >= 2
    # Every candidate appears in every group of columns, name and number repeated.
    assert len(candidates_seen) == 1001
    assert set(candidates_seen.values()) == {parts}
    assert sum("Featherstonehaugh-" in text for text in pages) == parts
    assert "Total number of candidates: 1001" in pages[-1]


def test_nothing_in_the_document_points_outside_it(demo: None) -> None:
    claim = draft()
    person = many_candidates(1)[0]
    person.first_name = '<img src="http://example.invalid/x.png">'
    person.save()
    put(claim, person, {1: "C"})
    html = claim_pdf_html(fresh(claim))
    assert "<img" not in html
    assert not re.search(r"""(src|href)=["']?[a-z]+:""", html)
    # The only image is the rule drawn under the rows, written inline in the document.
    assert re.findall(r"url\((?!\"data:image/svg\+xml,)", html) == []
    assert html.count("url(") == 1
    with pytest.raises(ValueError, match="disallowed protocol"):
        _fetcher().fetch("http://example.invalid/x.png")
    with pytest.raises(ValueError, match="disallowed protocol"):
        _fetcher().fetch("file:///etc/passwd")


def test_cover_sheets_one_page_per_candidate(demo: None) -> None:
    claim = draft()
    other = assessor(initials="JB", name="Jo Bloggs")
    put(claim, "11721896", {1: "C", 4: "C"}, by=other)
    put(claim, "11721896", {7: "T"})
    put(claim, "123456", {13: "C"})
    put(claim, "11721897", {2: "C", 5: "C", 8: "C"})
    pages = pages_text(cover_sheets_pdf(fresh(claim)))
    assert len(pages) == 3
    amira, daniel, john = pages  # by surname: Khan, Evans, Smith -> Evans, Khan, Smith
    amira, daniel = daniel, amira
    for text in pages:
        assert "Submission cover sheet" in text
        assert "12345 Northfield College" in text
        assert "03991 : Level 1 Award in IT User Skills (ITQ)" in text
        assert "Morgan Hale" in text
    assert "Amira Khan" in amira and "11721896" in amira
    assert "Improving productivity using IT [Level 1]" in amira
    assert "Audio software [Level 1]" in amira
    assert "Bespoke software [Level 1]" in amira
    assert "From another awarding body: AQA" in amira
    assert "JB" in amira and "TA" in amira
    assert "Number of units claimed: 3" in amira
    assert "Daniel Evans" in daniel and "Number of units claimed: 3" in daniel
    assert "John Smith" in john and "IT communication fundamentals [Level 1]" in john
