"""From a graded claim to a certificate anyone can check, in a real browser: the centre, with
direct claim status for 05203, claims Jane Doe's four units with Pass, Merit and Distinction
grades and submits straight to OCR; operations process the claim; the centre's Results page
shows the full award with its computed grade and the certificate, whose PDF has the number, the
grade and the units; `/verify/` (signed out) confirms it, answers "not found" alike for a wrong
number, surname or date of birth, and says when a certificate was replaced or withdrawn. Each
page is checked with axe-core.

05203 in the demo: Pass 7, Merit 8, Distinction 9 points a credit over the best 16 credits;
Merit from 120 points. Distinction, Merit, Pass, Merit on four 4-credit units is
4 x (9 + 8 + 7 + 8) = 128 points: Merit.
"""

import os
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from certificates import actions, numbers
from certificates.models import Certificate
from claims.models import Claim, ClaimStatus
from claims.tests.test_pdf import pages_text

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

JANE = "789012"  # Jane Doe, born 01/01/1985, entered for the full award of 05203
GRADES = {1: "Distinction", 2: "Merit", 3: "Pass", 4: "Merit"}
UNIT_TITLES = {
    1: "Principles of customer service [Level 2]",
    2: "Communicate effectively with customers [Level 2]",
    3: "Resolve customer service problems [Level 2]",
    4: "Deal with customers face to face [Level 2]",
}
#: Where to keep screenshots of the pages, when set (e.g. SCREENSHOTS=/tmp/shots).
SHOTS = os.environ.get("SCREENSHOTS", "")


def _at_both_widths(page: Any, name: str) -> None:
    """The page at 1280 and at 320 pixels wide: at 320 it reflows, never scrolling sideways
    (a wide table scrolls in its own box). Screenshots of both when SCREENSHOTS is set."""
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{name} at {width}px is {scroll_width}px wide"
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in/**")


def _claim_and_submit(page: Any) -> Claim:
    sign_in(page, "tutor@northfield.test")
    page.wait_for_url("**/")
    page.goto("/claims/")
    page.get_by_role("button", name="Create claim for 05203").click()
    page.wait_for_url("**/claims/assessors/05203/")
    page.get_by_label("Name").fill("Cy Sands")
    page.get_by_label("Initials").fill("CS")
    page.get_by_role("button", name="Add centre assessor").click()
    page.get_by_role("button", name="Continue to claim").click()
    page.wait_for_url("**/edit/")
    page.get_by_label("Enter name, part name or OCR candidate number").fill("Doe")
    page.get_by_role("button", name="Find candidate").click()
    page.get_by_role("link", name="Create new claim for Jane Doe").click()
    for number, grade in GRADES.items():
        unit = f"unit {number} {UNIT_TITLES[number]}"
        page.get_by_label(f"Claiming {unit}", exact=True).check()
        page.get_by_label(f"Assessed as, for {unit}", exact=True).select_option(grade)
    page.get_by_role("button", name="Save claim").first.click()
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text("Claim saved for Jane Doe")
    claim = Claim.objects.get(qualification__code="05203", status=ClaimStatus.DRAFT)
    page.goto(reverse("claims:view-claim", args=[claim.pk]))
    page.get_by_role("button", name="Submit to OCR").click()
    page.get_by_role("button", name="Submit to OCR").click()
    page.wait_for_url("**/submitted/")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.FINALISED
    _sign_out(page)
    return claim


def _process(page: Any, claim: Claim) -> None:
    sign_in(page, "ops@awarding.test")
    page.wait_for_url("**/")
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Claims to process"
    ).click()
    page.get_by_role("button", name=f"Process claim {claim.claim_number}").click()
    expect(page.locator("main")).to_contain_text(f"Processed: claim {claim.claim_number}")
    _sign_out(page)


def _look_up(page: Any, number: str, surname: str, born: str) -> Any:
    """Fill in /verify/ and send it; the answer page's response."""
    page.goto(reverse("certificates:verify"))
    expect(page).to_have_title("Check a certificate \u2013 CertClaims")
    page.get_by_label("Certificate number").fill(number)
    page.get_by_label("Holder's surname").fill(surname)
    day, month, year = born.split("/")
    page.get_by_label("Day").fill(day)
    page.get_by_label("Month").fill(month)
    page.get_by_label("Year").fill(year)
    with page.expect_navigation() as answer:
        page.get_by_role("button", name="Check certificate").click()
    return answer.value


@override_settings(RESULTS_DELAY=timedelta(0))
def test_a_graded_award_gets_a_certificate_that_anyone_can_check(page: Any) -> None:
    cache.clear()  # the look-up limits per address
    claim = _claim_and_submit(page)
    _process(page, claim)
    certificate = Certificate.objects.get(claim=claim, candidate__number=JANE)
    number = certificate.display_number

    # The centre: the full award with its grade, and the certificate to download.
    sign_in(page, "tutor@northfield.test")
    page.wait_for_url("**/")
    page.goto(reverse("results:list") + "?qualification=05203")
    jane = page.locator("section", has=page.get_by_role("heading", name="Jane Doe"))
    expect(jane).to_contain_text(
        "05203 Level 2 Certificate in Customer Service, grade Merit, published"
    )
    expect(jane).to_contain_text(f"Certificate {number}: Download certificate")
    rows = jane.get_by_role("table").locator("tbody tr").all()
    assert [r.locator("td").nth(2).inner_text() for r in rows] == list(GRADES.values())
    assert_accessible(page)
    _at_both_widths(page, "results")
    link = jane.get_by_role("link", name=f"Download certificate {number} for Jane Doe (PDF)")
    pdf = page.request.get(link.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    text = re.sub(r"\s+", " ", " ".join(pages_text(pdf.body())))
    assert number in text and "Jane Doe" in text and re.search(r"Grade Merit\b", text)
    for unit, grade in GRADES.items():
        assert re.search(rf"{unit} {re.escape(UNIT_TITLES[unit])} 2 4 {grade}\b", text), unit
    assert "/verify/" in text
    _sign_out(page)

    # Anyone, signed out: the form, bad input, then the answer.
    page.goto(reverse("certificates:verify"))
    assert_accessible(page)
    _at_both_widths(page, "verify-form")
    with page.expect_navigation() as refused:
        page.get_by_role("button", name="Check certificate").click()
    assert refused.value.status == 400
    expect(page).to_have_title("Error: Check a certificate \u2013 CertClaims")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the certificate number")
    expect(summary).to_contain_text("Enter the holder's date of birth")
    assert_accessible(page)
    _at_both_widths(page, "verify-errors")

    answer = _look_up(page, number.lower(), "doe", "01/01/1985")
    assert answer.status == 200
    expect(page).to_have_title("Certificate valid \u2013 CertClaims")
    details = page.locator(".govuk-summary-list")
    awarded = timezone.localdate().strftime("%d/%m/%Y")
    for key, value in [
        ("Holder", "Jane Doe"),
        ("Qualification", "05203 Level 2 Certificate in Customer Service"),
        ("Grade", "Merit"),
        ("Date of award", awarded),
    ]:
        row = details.locator(".govuk-summary-list__row", has_text=key).first
        expect(row.locator("dd")).to_have_text(value)
    assert_accessible(page)
    _at_both_widths(page, "verify-valid")

    # A wrong number, surname or date of birth: the same answer, with the same status.
    other = numbers.formatted(numbers.new_number())
    answers: dict[str, tuple[int, str]] = {}
    for field, (typed, surname, born) in {
        "number": (other, "Doe", "01/01/1985"),
        "surname": (number, "Dough", "01/01/1985"),
        "date of birth": (number, "Doe", "02/01/1985"),
    }.items():
        response = _look_up(page, typed, surname, born)
        expect(page).to_have_title("Certificate not found \u2013 CertClaims")
        answers[field] = (response.status, page.locator("main").inner_text())
        assert_accessible(page)
    assert len(set(answers.values())) == 1, answers
    status, text = answers["number"]
    assert status == 200
    assert "We found no certificate with that number, surname and date of birth." in text
    assert other not in text and number not in text
    _at_both_widths(page, "verify-not-found")

    # Operations replace the certificate, then withdraw the replacement.
    ops = User.objects.get(email="ops@awarding.test")
    new = actions.replace_certificate(
        certificate_id=certificate.pk, reason="The holder's name was misspelt", acting_user=ops
    )
    _look_up(page, number, "Doe", "01/01/1985")
    expect(page).to_have_title("Certificate replaced \u2013 CertClaims")
    expect(page.locator("main")).to_contain_text(f"Certificate {number} (05203")
    expect(page.locator("main")).to_contain_text("It is no longer valid")
    assert_accessible(page)
    _at_both_widths(page, "verify-replaced")
    actions.withdraw_certificate(
        certificate_id=new.pk, reason="Malpractice found after award", acting_user=ops
    )
    _look_up(page, new.display_number, "Doe", "01/01/1985")
    expect(page).to_have_title("Certificate withdrawn \u2013 CertClaims")
    expect(page.locator("main")).to_contain_text("It is not valid.")
    assert "Malpractice" not in page.locator("main").inner_text()
    assert_accessible(page)
    _at_both_widths(page, "verify-withdrawn")
