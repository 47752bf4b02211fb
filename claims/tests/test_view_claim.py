"""View claim: the grid, the downloads, print, the checks and the submission details."""

import csv
import io
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from claims.models import Claim

from .claim_data import fill
from .helpers import start_claim
from .submit_data import AMIRA, amiras_claim, claim_units

pytestmark = pytest.mark.django_db

DASH = "\N{EN DASH}"


def page_of(client: Client, claim: Claim, **query: str) -> str:
    response = client.get(reverse("claims:view-claim", args=[claim.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_journey_continues_to_a_submitted_claim(tutor: User, tutor_client: Client) -> None:
    """The claim-building journey's claim, viewed, exported, submitted and found in history."""
    claim = amiras_claim(tutor)
    client = tutor_client
    page = page_of(client, claim)
    assert "Make claim - view claim : Claim in progress" in page
    assert "03991 : Level 1 Award in IT User Skills (ITQ)" in page
    for link in [
        "Add another candidate",
        "Download claim as csv file",
        "Download claim as PDF",
        "Change to another qualification",
        "Print page",
    ]:
        assert f">{link}</a>" in page, link
    headings = re.findall(
        r'<th scope="col" class="govuk-table__header app-grid__code">(\d+)</th>', page
    )
    assert headings == ["1", "4", "7"]
    row = re.search(r"<tr[^>]*><th[^>]*>Amira Khan</th>(.*?)</tr>", page)
    assert row is not None
    assert re.findall(r"<td[^>]*>([^<]*)</td>", row[1]) == ["11721896", "C", "C", "T"]
    assert "<strong>C</strong>: claimed" in page
    assert "<strong>T</strong>: transferred from another awarding body" in page
    assert "Total number of claimed units: 3" in page
    assert "Total number of candidates: 1" in page
    assert "No problems found." in page
    assert "OCR Assessor:</strong> Morgan Hale" in page
    assert 'value="tutor@northfield.test"' in page
    assert (
        "I confirm I have printed a copy of this claim to be included with the submitted "
        "work for moderation" in page
    )

    download = client.get(reverse("claims:claim-csv", args=[claim.pk]))
    body = b"".join(download.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert list(csv.reader(io.StringIO(body))) == [
        ["Candidate name", "OCR candidate number", "1", "4", "7"],
        ["Amira Khan", "11721896", "C", "C", "T"],
    ]

    # Without the declaration nothing happens; the error is at the checkbox.
    submit_url = reverse("claims:submit", args=[claim.pk])
    page = client.post(submit_url, {"submitter_email": "tutor@northfield.test"}).content.decode()
    assert "There is a problem" in page
    assert 'href="#id_declaration">Confirm that you have printed a copy' in page
    assert 'id="id_declaration-error"' in page
    claim.refresh_from_db()
    assert claim.is_draft

    page = client.post(
        submit_url, {"submitter_email": "tutor@northfield.test", "declaration": "on"}
    ).content.decode()
    assert "Are you sure you want to submit this claim?" in page
    assert ">No<" in page.replace(
        '<span class="govuk-visually-hidden">, return to the claim</span>', ""
    )
    claim.refresh_from_db()
    assert claim.is_draft  # the warning page changes nothing

    response = client.post(
        submit_url,
        {"submitter_email": "tutor@northfield.test", "declaration": "on", "confirmed": "yes"},
        follow=True,
    )
    page = response.content.decode()
    claim.refresh_from_db()
    assert "Claim submitted" in page
    assert f"Claim number: <strong>{claim.claim_number}</strong>" in page
    assert ">Download cover sheets (PDF)</a>" in page

    history = client.get(reverse("claims:history")).content.decode()
    row = re.search(rf">{claim.claim_number}<span.*?</tr>", history, re.S)
    assert row is not None and "Submitted" in row[0]

    make_claim = client.get(reverse("claims:make-claim")).content.decode()
    itq = re.search(r"<td[^>]*>03991</td>.*?</tr>", make_claim, re.S)
    assert itq is not None and "No claim created" in itq[0]
    assert ">View claim history</a>" in make_claim

    page = page_of(client, claim)
    assert f"Make claim - view claim : {claim.claim_number}" in page
    assert ">Download cover sheets (PDF)</a>" in page
    sheets = client.get(reverse("claims:cover-sheets", args=[claim.pk]))
    assert sheets["Content-Type"] == "application/pdf" and sheets.content.startswith(b"%PDF")


def print_page_of(client: Client, claim: Claim) -> str:
    response = client.get(reverse("claims:view-claim-print", args=[claim.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_print_page_and_pdf(tutor: User, tutor_client: Client) -> None:
    claim = amiras_claim(tutor)
    page = print_page_of(tutor_client, claim)
    assert f"<title>Print claim {DASH} 03991 {DASH} CertClaims</title>" in page
    assert "Make claim - view claim : Claim in progress" in page
    assert "Total number of claimed units: 3" in page
    # Landscape by default: 3 units print across landscape paper too.
    assert '<main id="main-content" class="app-print-landscape">' in page
    assert 'class="app-print-landscape"' in page_of(tutor_client, claim)
    assert "<script" not in page and "govuk-service-navigation" not in page
    assert page.count('<table class="app-grid-part">') == 1
    assert "Select a candidate" not in page and "/candidates/" not in page
    claim_units(tutor, claim, "123456", list(range(20, 36)))
    page = print_page_of(tutor_client, claim)
    assert '<main id="main-content" class="app-print-landscape">' in page
    assert 'class="app-print-landscape"' in page_of(tutor_client, claim)
    response = tutor_client.get(reverse("claims:claim-pdf", args=[claim.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="12345-03991-claim-in-progress.pdf"'
    )
    assert response.content.startswith(b"%PDF")


def test_a_big_claim_prints_in_parts_that_repeat_the_names(
    tutor: User, tutor_client: Client
) -> None:
    """81 units: three parts of 27 across landscape paper, each with every candidate."""
    claim = amiras_claim(tutor)
    fill(claim, 36, 81, start=91000000)
    for page in (print_page_of(tutor_client, claim), page_of(tutor_client, claim)):
        parts = re.findall(r'<table class="app-grid-part">.*?</table>', page, re.S)
        assert len(parts) == 3
        headings = [
            [int(n) for n in re.findall(r'<th scope="col">(\d+)</th>', part)] for part in parts
        ]
        assert headings == [list(range(1, 28)), list(range(28, 55)), list(range(55, 82))]
        assert "Candidates and units claimed: units 28 to 54 (part 2 of 3)" in parts[1]
        for part in parts:
            assert part.count('<tr><th scope="row">') == 37
            assert '<th scope="row">Amira Khan</th><td>11721896</td>' in part
    # On View claim the parts are for paper only: the screen shows one grid.
    page = page_of(tutor_client, claim)
    assert '<div class="app-print-only">' in page
    assert page.count('id="claim-grid-caption"') == 1
    # The grid's heading is above its scrolling box, not inside it, and names both.
    heading, box = page.split('id="claim-grid-caption"', 1)[1].split('class="app-table-wrapper', 1)
    assert heading.startswith(">Candidates and units claimed</h2>")
    assert box.count('aria-labelledby="claim-grid-caption"') == 2
    assert "<caption" not in box.split("</table>", 1)[0]


def test_titles_name_the_claim_by_its_number_or_the_qualification(
    tutor: User, tutor_client: Client
) -> None:
    claim = amiras_claim(tutor)
    assert f"<title>View claim {DASH} 03991 {DASH} " in page_of(tutor_client, claim)
    Claim.objects.filter(pk=claim.pk).update(status="submitted", claim_number=78104)
    assert f"<title>View claim 78104 {DASH} 03991 " in page_of(tutor_client, claim)
    assert f"<title>Print claim 78104 {DASH} 03991 {DASH} CertClaims</title>" in print_page_of(
        tutor_client, claim
    )


def test_names_link_to_the_candidate_claim_page_while_the_claim_can_change(
    tutor: User, tutor_client: Client
) -> None:
    claim = amiras_claim(tutor)
    href = reverse("claims:candidate-claim", args=[claim.pk, AMIRA])
    page = page_of(tutor_client, claim)
    assert f'<a class="govuk-link" href="{href}">Amira Khan</a></th>' in page
    assert "Select a candidate's name to edit their claim." in page
    Claim.objects.filter(pk=claim.pk).update(status="submitted", claim_number=78104)
    page = page_of(tutor_client, claim)
    assert ">Amira Khan</th>" in page and href not in page
    assert "Select a candidate" not in page


def test_checks_are_listed_before_the_submit_button(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor)
    claim_units(tutor, claim, "11721897", [1, 4, 7])
    claim_units(tutor, claim, "11808151", [10, 13, 16, 19, 22, 25, 28, 31, 34, 37])
    claim_units(tutor, claim, AMIRA, [1, 2])
    page = page_of(tutor_client, claim)
    shortfall = page.index(
        "The centre needs 3 more unnamed unit entries for 03991: it has 10 and this claim uses 13"
    )
    barred = page.index("Amira Khan: units 1 and 2 are a barred combination: only one counts")
    assert shortfall < barred < page.index("Submit to assessor")
    page = tutor_client.post(
        reverse("claims:submit", args=[claim.pk]),
        {"submitter_email": "tutor@northfield.test", "declaration": "on"},
    ).content.decode()
    assert "Are you sure" not in page
    assert "This claim cannot be submitted until the problems under" in page


def test_an_empty_claim(tutor: User, tutor_client: Client) -> None:
    page = page_of(tutor_client, start_claim(tutor))
    assert "No candidates on this claim yet." in page
    assert "Total number of candidates: 0" in page
    assert "There is no candidate on this claim" in page


def test_queries_do_not_grow_with_candidates(
    tutor: User, tutor_client: Client, django_assert_max_num_queries: Any
) -> None:
    claim = amiras_claim(tutor)
    fill(claim, 4, 10)
    tutor_client.get(reverse("claims:view-claim", args=[claim.pk]))  # warm the session
    # At most 15 queries whatever the size of the claim (docs/performance.md).
    with django_assert_max_num_queries(15) as five:
        page_of(tutor_client, claim)
    fill(claim, 45, 30, start=91000000)
    with django_assert_max_num_queries(len(five.captured_queries)):
        page = page_of(tutor_client, claim)
    assert "Total number of candidates: 50" in page
