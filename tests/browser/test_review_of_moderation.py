"""The acceptance journey of a review of moderation: the centre asks for a review of a withdrawn
unit; operations give it to the second examiner-moderator, who reinstates the unit; the
candidate's results, full award and certificate change, and the old certificate verifies as
replaced. Each page is checked with axe-core, at 1280 and 320 pixels wide."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from certificates.models import Certificate, CertificateKind, CertificateStatus
from reviews.tests import helpers

from .conftest import assert_accessible, shoot, sign_in

pytestmark = pytest.mark.browser

REASON = "Unit 7's work was in the portfolio sent on time and meets every criterion"


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in/**")


def _menu(page: Any, name: str) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=name, exact=True).click()


@override_settings(RESULTS_DELAY=timedelta(0))
def test_a_reviewer_reinstates_a_withdrawn_unit_and_the_certificate_is_replaced(
    page: Any, shots: Path
) -> None:
    claim = helpers.withdrawn_unit_claim()
    old = Certificate.objects.get(claim=claim, candidate__number="123456")
    assert old.kind == CertificateKind.UNITS

    # The centre asks for a review of unit 7.
    sign_in(page, "tutor@northfield.test")
    page.wait_for_url("**/")
    page.goto(f"/claims/{claim.pk}/")
    page.get_by_role("button", name="Ask for a review of moderation").click()
    expect(page).to_have_title(
        f"Ask for a review of moderation \u2013 {claim.claim_number} \u2013 CertClaims"
    )
    shoot(page, shots, "request")
    page.get_by_role("button", name="Ask for a review").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page).to_have_title(
        f"Error: Ask for a review of moderation \u2013 {claim.claim_number} \u2013 CertClaims"
    )
    shoot(page, shots, "request-errors")
    page.get_by_label("John Smith, unit 7 Bespoke software [Level 1]", exact=False).check()
    page.get_by_label("Reason for the review").fill(REASON)
    page.get_by_role("button", name="Ask for a review").click()
    page.wait_for_url(f"**/claims/{claim.pk}/#review")
    review_section = page.locator("main")
    expect(review_section.get_by_role("heading", name="Review of moderation")).to_be_visible()
    expect(review_section.get_by_text(REASON)).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # Operations give it to the second examiner-moderator.
    sign_in(page, "ops@awarding.test")
    page.wait_for_url("**/")
    _menu(page, "Reviews")
    expect(page).to_have_title("Reviews of moderation \u2013 CertClaims")
    expect(page.get_by_role("link", name="Requested (1)")).to_be_visible()
    shoot(page, shots, "operations-list")
    page.get_by_role("link", name=str(claim.claim_number)).click()
    expect(page.get_by_role("heading", name="Review of moderation", level=1)).to_be_visible()
    shoot(page, shots, "operations-review")
    page.get_by_label("Reviewer").select_option(label="Rhea Patel (reviewer@awarding.test)")
    page.get_by_role("button", name="Give the review").click()
    expect(page.get_by_text("given to Rhea Patel")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The reviewer reinstates the unit and completes the review.
    sign_in(page, helpers.REVIEWER)
    page.wait_for_url("**/")
    _menu(page, "Reviews")
    expect(page).to_have_title("Reviews of moderation \u2013 CertClaims")
    shoot(page, shots, "reviewer-list")
    page.get_by_role("link", name=str(claim.claim_number)).click()
    expect(page).to_have_title(f"Review of claim {claim.claim_number} \u2013 CertClaims")
    shoot(page, shots, "reviewer-review")
    page.get_by_role("link", name="Decide unit 7 for John Smith").click()
    expect(page.get_by_role("heading", name="Unit 7: Bespoke software [Level 1]")).to_be_visible()
    shoot(page, shots, "reviewer-decide")
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_role("alert")).to_be_visible()
    shoot(page, shots, "reviewer-decide-errors")
    page.get_by_label("Accept the unit").check()
    page.get_by_label("Reason").fill("The work meets every criterion")
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_role("cell", name="Changed to accepted")).to_be_visible()
    page.get_by_role("button", name="Complete the review").click()
    expect(page.get_by_text("completed. The centre has been emailed")).to_be_visible()
    shoot(page, shots, "reviewer-completed")
    sign_out(page)

    # The centre sees the outcome, the results, the award and the new certificate.
    sign_in(page, "tutor@northfield.test")
    page.wait_for_url("**/")
    page.goto(f"/claims/{claim.pk}/")
    main = page.locator("main")
    expect(main.locator("strong.govuk-tag", has_text="Completed")).to_be_visible()
    expect(main.get_by_text("Changed to accepted", exact=False)).to_be_visible()
    page.locator("#review").scroll_into_view_if_needed()
    shoot(page, shots, "claim-with-review")
    page.goto("/results/?qualification=03991")
    section = page.locator("section", has=page.get_by_role("heading", name="John Smith"))
    expect(section.get_by_text("Full award")).to_be_visible()
    expect(section.get_by_role("cell", name="7", exact=True)).to_be_visible()
    page.goto(f"/claims/{claim.pk}/certificates/")
    old.refresh_from_db()
    assert old.status == CertificateStatus.REPLACED and old.replaced_by is not None
    new = old.replaced_by
    assert new.kind == CertificateKind.AWARD and new.is_valid
    expect(page.get_by_text(f"by {new.display_number}")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # Anyone checks the old number: replaced.
    page.goto("/verify/")
    page.get_by_label("Certificate number").fill(old.display_number)
    page.get_by_label("Holder's surname").fill("Smith")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("1980")
    page.get_by_role("button", name="Check certificate").click()
    expect(page.get_by_role("heading", name="Certificate replaced")).to_be_visible()
    assert_accessible(page)
