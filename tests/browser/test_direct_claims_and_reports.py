"""Direct claim status and the feedback report in a real browser, each page checked with
axe-core: a direct claim submitted straight to OCR; operations refused a grant for a remotely
moderated qualification; the verifier's pages with each centre's current status; and the report
of a claim withdrawn whole, with a malpractice referral and a bulk withdrawal, as the moderator
and the centre read it."""

from typing import Any

import pytest
from django.urls import reverse

from accounts.models import Approval, User
from claims.tests.helpers import set_up_assessor, start_claim
from claims.tests.submit_data import claim_units
from moderation import actions
from moderation.tests.factories import claimed_unit, graded_claim_for, on_claim

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _patient(page: Any) -> None:
    page.set_default_timeout(30_000)


def test_a_direct_claim_goes_straight_to_ocr_and_every_page_says_no_moderator_is_needed(
    page: Any,
) -> None:
    tutor = User.objects.get(email="tutor@northfield.test")
    set_up_assessor(tutor, name="Cy Sands", initials="CS", code="05203")
    claim = start_claim(tutor, "05203")
    claim_units(tutor, claim, "789012", [1, 2], grade="Merit")
    sign_in(page, "tutor@northfield.test")
    page.goto(reverse("claims:candidate-claim", args=[claim.pk, "789012"]))
    assert "Not needed: your centre has direct claim status" in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(reverse("claims:view-claim", args=[claim.pk]))
    assert "Not needed: your centre has direct claim status" in page.locator("main").inner_text()
    page.get_by_role("button", name="Submit to OCR").click()
    page.wait_for_url("**/submit/")
    assert_accessible(page)
    page.get_by_role("button", name="Submit to OCR").click()
    page.wait_for_url("**/submitted/")
    claim.refresh_from_db()
    assert f"reference {claim.reference}" in page.locator("main").inner_text()
    assert_accessible(page)


def test_operations_are_refused_direct_claim_status_for_a_remotely_moderated_qualification(
    page: Any,
) -> None:
    approval = Approval.objects.get(centre__number="67890", qualification__code="03991")
    sign_in(page, "ops@awarding.test")
    page.goto(reverse("verification:direct-claim-status"))
    assert "Not available: 03991 is remote moderation" in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(reverse("verification:direct-claim-status-change", args=[approval.pk]))
    page.get_by_label("Reason").fill("Verifier recommended it")
    page.get_by_role("button", name="Grant direct claim status").click()
    assert "03991 is not externally verified" in page.locator(".govuk-error-summary").inner_text()
    assert "03991 is not externally verified" in page.locator("#id_reason-error").inner_text()
    assert_accessible(page)


def test_the_verifier_sees_each_centres_current_direct_claim_status(page: Any) -> None:
    sign_in(page, "verifier@awarding.test")
    page.goto(reverse("verification:index"))
    assert page.get_by_role("columnheader", name="Direct claim status", exact=True).count() == 1
    assert_accessible(page)
    page.get_by_role("link", name="Record a visit").first.click()
    assert "Direct claim status for 05203 now: Yes" in page.locator("main").inner_text()
    assert_accessible(page)


def test_the_report_of_a_claim_withdrawn_whole_keeps_every_adjustment_for_both_readers(
    page: Any,
) -> None:
    moderator = User.objects.get(email="moderator@awarding.test")
    ops = User.objects.get(email="ops@awarding.test")
    claim = graded_claim_for(moderator, ops)
    actions.flag_malpractice(
        claim_id=claim.pk,
        claim_candidate_id=on_claim(claim, "11721896").pk,
        reason="Identical work to another candidate",
        acting_user=moderator,
    )
    actions.withdraw_assessor_grade(
        claim_id=claim.pk,
        assessor_id=claimed_unit(claim, "789012", 2).assessor_id,
        grade="Pass",
        reason="JB's Pass judgements are not supported",
        acting_user=moderator,
    )
    actions.save_feedback(claim_id=claim.pk, feedback="See the adjustments.", acting_user=moderator)
    sign_in(page, "moderator@awarding.test")
    page.goto(reverse("moderation:feedback", args=[claim.pk]))
    text = page.locator("main").inner_text()
    assert "Identical work to another candidate" in text and "at grade Pass withdrawn" in text
    assert_accessible(page)
    actions.withdraw_claim(
        claim_id=claim.pk, reason="Work not authenticated", acting_user=moderator
    )
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "tutor@northfield.test")
    page.goto(reverse("moderation:centre-moderator-report", args=[claim.pk]))
    text = page.locator("main").inner_text()
    assert "Referred to the awarding body" in text and "Identical work" not in text
    assert "at grade Pass withdrawn" in text and "Whole claim withdrawn" in text
    assert_accessible(page)
