"""The certificate numbers on the Results page, its CSV and the API's results: each result with
the valid certificate that lists it, a replacement's new number, none once withdrawn."""

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from certificates import actions
from certificates.models import Certificate

from . import factories as f

pytestmark = pytest.mark.django_db

AMIRA = "11721896"
CHLOE = "11721832"
BEN = "10050901"


@pytest.fixture
def issued(demo: None, settings: Any) -> dict[str, Certificate]:
    """Amira Khan's full award of 03991 (units 1, 4, 7), Chloe Davies' unit 1 alone, and the
    demo's unit certificate for Ben Carter's unit 1."""
    settings.RESULTS_DELAY = timedelta(0)
    f.processed({AMIRA: [1, 4, 7], CHLOE: [1]})
    return {c.candidate.number: c for c in Certificate.objects.select_related("candidate")}


def csv_rows(client: Client) -> list[dict[str, str]]:
    response = client.get(reverse("results:download"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    return list(csv.DictReader(io.StringIO(text)))


def numbers_by_row(rows: list[dict[str, str]]) -> dict[tuple[str, str, str], str]:
    return {
        (r["OCR candidate number"], r["Result"], r["Unit no"]): r["Certificate number"]
        for r in rows
    }


def test_the_csv_gives_each_result_the_certificate_that_lists_it(
    issued: dict[str, Certificate], tutor_client: Client
) -> None:
    rows = csv_rows(tutor_client)
    assert list(rows[0])[-2:] == ["Grade", "Certificate number"]
    amira = issued[AMIRA].display_number
    assert numbers_by_row(rows) == {
        (BEN, "Unit", "1"): issued[BEN].display_number,
        (AMIRA, "Unit", "1"): amira,
        (AMIRA, "Unit", "4"): amira,
        (AMIRA, "Unit", "7"): amira,
        (AMIRA, "Full award", ""): amira,
        (CHLOE, "Unit", "1"): issued[CHLOE].display_number,
    }


def test_a_replacement_shows_its_new_number_and_a_withdrawn_certificate_none(
    issued: dict[str, Certificate], tutor_client: Client, ops: User
) -> None:
    new = actions.replace_certificate(
        certificate_id=issued[AMIRA].pk, reason="The holder's name was misspelt", acting_user=ops
    )
    actions.withdraw_certificate(
        certificate_id=issued[CHLOE].pk, reason="Issued in error", acting_user=ops
    )
    found = numbers_by_row(csv_rows(tutor_client))
    assert found[AMIRA, "Full award", ""] == found[AMIRA, "Unit", "4"] == new.display_number
    assert found[CHLOE, "Unit", "1"] == ""
    page = tutor_client.get(reverse("results:list")).content.decode()
    assert new.display_number in page and issued[AMIRA].display_number not in page
    assert issued[CHLOE].display_number not in page


def test_the_results_page_links_each_certificate_to_its_pdf(
    issued: dict[str, Certificate], tutor_client: Client
) -> None:
    page = tutor_client.get(reverse("results:list")).content.decode()
    amira, chloe = issued[AMIRA], issued[CHLOE]
    section = page.split(">Amira Khan</h3>", 1)[1].split("</section>", 1)[0]
    assert f"Certificate {amira.display_number}: " in section
    assert f'href="{reverse("certificates:pdf", args=[amira.number])}"' in section
    assert f'Download certificate<span class="govuk-visually-hidden"> {amira.display_number}' in (
        section
    )
    assert section.count("Download certificate") == 1
    chloe_section = page.split(">Chloe Davies</h3>", 1)[1].split("</section>", 1)[0]
    assert (
        f"Unit certificate (notification of performance) {chloe.display_number}: " in chloe_section
    )
    assert f'href="{reverse("certificates:pdf", args=[chloe.number])}"' in chloe_section
    response = tutor_client.get(reverse("certificates:pdf", args=[amira.number]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_the_apis_results_carry_the_certificate_numbers(
    issued: dict[str, Certificate], tutor_client: Client
) -> None:
    body = tutor_client.get("/api/v1/results/").json()
    by_candidate = {row["candidate"]: row["qualifications"][0] for row in body["results"]}
    amira = by_candidate[AMIRA]
    assert amira["award"]["certificate_number"] == issued[AMIRA].display_number
    assert {u["certificate_number"] for u in amira["units"]} == {issued[AMIRA].display_number}
    chloe = by_candidate[CHLOE]
    assert chloe["award"] is None
    assert [u["certificate_number"] for u in chloe["units"]] == [issued[CHLOE].display_number]
