"""The examiner-moderator's journey in a real browser, with the centre, the verifier and
operations at the points they meet it. Every page is checked with axe-core."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from claims.models import Claim, ClaimStatus
from moderation import actions
from moderation.tests.factories import demo_claim

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def outbox_emails(settings: Any) -> None:
    # The live server runs in this process: emails go to the outbox people can read.
    settings.EMAIL_BACKEND = "notifications.backends.OutboxEmailBackend"


@pytest.fixture(autouse=True)
def _patient(page: Any) -> None:
    # These journeys cross many pages; the first request also loads every app's code.
    page.set_default_timeout(30_000)
    page.goto("/sign-in/")


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in/**")


def test_moderator_reviews_and_sends_a_claim_and_the_centre_reads_the_report(
    page: Any, outbox_emails: None
) -> None:
    claim = demo_claim()
    number = str(claim.claim_number)

    sign_in(page, "moderator@awarding.test")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Moderation").click()
    assert page.locator("h1").inner_text() == "Moderation"
    assert_accessible(page)

    page.get_by_role("link", name=number).click()
    assert page.locator("h1").inner_text() == f"Claim {number}"
    assert_accessible(page)

    page.get_by_role("link", name="Request sample").click()
    assert page.get_by_label("Amira Khan").is_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Request sample").click()
    assert "Sample of 2 candidates requested" in page.locator("main").inner_text()
    assert page.locator("text=In sample").count() >= 2
    assert_accessible(page)

    page.get_by_role("link", name="Amira Khan").click()
    assert_accessible(page)
    page.get_by_role("button", name="Accept unit 1").click()
    page.get_by_role("button", name="Accept unit 4").click()
    assert "Unit 4 accepted" in page.locator("main").inner_text()
    page.get_by_role("link", name=f"Back to claim {number}").click()

    page.get_by_role("link", name="Chloe Davies").click()
    page.get_by_role("link", name="Amend or withdraw unit 1").click()
    assert_accessible(page)
    page.get_by_role("radio", name="Withdraw the unit").check()
    page.get_by_role("button", name="Save outcome").click()
    # Without a reason: the error summary, the error beside the field, the choice kept.
    assert "Enter the reason" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_role("radio", name="Withdraw the unit").is_checked()
    assert_accessible(page)
    page.get_by_label("Reason").fill("No evidence of the practical task")
    page.get_by_role("button", name="Save outcome").click()
    assert "Withdrawn" in page.locator("main").inner_text()

    page.get_by_role("link", name=f"Back to claim {number}").click()
    page.get_by_role("link", name="Write feedback report").click()
    assert "No evidence of the practical task" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_label("Feedback to the centre").fill("Well-organised portfolios.")
    page.get_by_role("button", name="Save feedback report").click()

    page.get_by_role("link", name="Send to OCR").click()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, send to OCR").click()
    main = page.locator("main").inner_text()
    assert f"Claim {number} sent to OCR with reference R{number}" in main
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.FINALISED
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "tutor@northfield.test")
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Centre information"
    ).click()
    assert_accessible(page)
    page.get_by_role("link", name="Examiner-moderator reports").click()
    assert_accessible(page)
    page.get_by_role("link", name=f"Report for claim {number}").click()
    main = page.locator("main").inner_text()
    assert f"R{number}" in main and "Well-organised portfolios." in main
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download report as PDF").click()
    assert download.value.suggested_filename.endswith(f"claim-{number}-report.pdf")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Outbox").click()
    assert f"Claim {number} sent to OCR: reference R{number}" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name=f"Claim {number} sent to OCR: reference R{number}").click()
    assert "Centre number: 12345" in page.locator("main").inner_text()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "ops@awarding.test")
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Claims to process"
    ).click()
    assert_accessible(page)
    page.get_by_role("button", name=f"Process claim {number}").click()
    assert f"Processed: claim {number}" in page.locator("main").inner_text()
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.PROCESSED
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Overdue claims").click()
    assert_accessible(page)


def test_the_centre_sends_work_and_the_moderator_records_its_arrival(page: Any) -> None:
    claim = demo_claim()
    number = str(claim.claim_number)
    sign_in(page, "tutor@northfield.test")
    page.goto("/centre-information/")
    page.get_by_role("link", name=f"Evidence for claim {number}").click()
    assert_accessible(page)
    page.get_by_label("Postal submission").check()
    page.get_by_role("button", name="Record work sent").click()
    assert "Recorded how and when the work was sent" in page.locator("main").inner_text()
    page.get_by_label("Candidate", exact=True).select_option(label="Amira Khan (11721896)")
    page.get_by_label("Upload a file").set_input_files(
        files=[{"name": "notes.txt", "mimeType": "application/pdf", "buffer": b"not a pdf"}]
    )
    page.get_by_role("button", name="Upload file").click()
    assert "The selected file must be a PDF" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Candidate", exact=True).select_option(label="Amira Khan (11721896)")
    page.get_by_label("Upload a file").set_input_files(
        files=[
            {"name": "portfolio.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}
        ]
    )
    page.get_by_role("button", name="Upload file").click()
    assert "Uploaded portfolio.pdf" in page.locator("main").inner_text()
    sign_out(page)

    sign_in(page, "moderator@awarding.test")
    page.goto(f"/moderation/claims/{claim.pk}/")
    assert "portfolio.pdf" in page.locator("main").inner_text()
    page.get_by_role("button", name="Record arrival").click()
    assert "Arrival recorded" in page.locator("main").inner_text()
    assert_accessible(page)


def test_arrival_is_recorded_for_the_candidates_it_covers_and_an_overdue_claim_is_flagged(
    page: Any,
) -> None:
    claim = demo_claim(submitted_at=timezone.now() - timedelta(days=36))
    tutor = User.objects.get(email="tutor@northfield.test")
    actions.record_evidence_sent(
        membership=tutor.memberships.get(),
        claim_id=claim.pk,
        method="postal",
        sent_on=timezone.localdate(),
        acting_user=tutor,
    )
    sign_in(page, "tutor@northfield.test")
    page.goto(f"/claims/{claim.pk}/")
    assert (
        "Overdue: this claim has been with the examiner-moderator"
        in page.locator("main").inner_text()
    )
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "moderator@awarding.test")
    page.goto(f"/moderation/claims/{claim.pk}/")
    assert "Overdue: this claim has been with you" in page.locator("main").inner_text()
    page.get_by_label("Chloe Davies (11721832)").uncheck()
    page.get_by_role("button", name="Record arrival").click()
    main = page.locator("main").inner_text()
    assert "Arrival recorded" in main and "1 of 2 arrived" in main
    assert_accessible(page)
    page.get_by_label("Chloe Davies (11721832)").uncheck()
    page.get_by_role("button", name="Record arrival").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Select the candidates whose work arrived" in summary
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "tutor@northfield.test")
    page.goto(f"/centre-information/claims/{claim.pk}/evidence/")
    main = page.locator("main").inner_text()
    assert "1 of 2 arrived" in main and "Not yet" in main
    assert_accessible(page)


def test_the_verifier_records_a_visit_and_the_centre_reads_it(
    page: Any, outbox_emails: None
) -> None:
    visited = f"{timezone.localdate() - timedelta(days=21):%d/%m/%Y}"
    sign_in(page, "verifier@awarding.test")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Verification").click()
    assert_accessible(page)
    page.get_by_role("link", name="Record a visit to 12345 for 05203").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save report").click()
    assert "Enter the date of the visit" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Date of visit").fill(visited)
    page.get_by_label("Actions").fill("Date every witness statement.")
    page.get_by_label("Recommendations").fill("Standardise judgements each term.")
    page.get_by_label("Level 1").check()
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Save report").click()
    assert f"Visit on {visited}" in page.locator("h1").inner_text()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "admin@northfield.test")
    page.goto("/centre-information/")
    page.get_by_role("link", name="External verifier reports").click()
    assert_accessible(page)
    page.get_by_role("link", name=visited).click()
    assert "Standardise judgements each term." in page.locator("main").inner_text()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "ops@awarding.test")
    page.goto("/operations/direct-claim-status/")
    assert_accessible(page)
    # Direct claim status is for externally verified qualifications: 05203, which Northfield
    # has in the demo, is removed and granted again; remotely moderated 03991 is not offered.
    assert "Not available: 03991 is remote moderation" in page.locator("main").inner_text()
    page.get_by_role("link", name="Remove direct claim status for 12345, 05203").click()
    assert_accessible(page)
    page.get_by_label("Reason").fill("Sanction level 2 after an earlier visit")
    page.get_by_role("button", name="Remove direct claim status").click()
    assert "Direct claim status removed from centre 12345 for 05203" in (
        page.locator("main").inner_text()
    )
    page.get_by_role("link", name="Grant direct claim status for 12345, 05203").click()
    page.get_by_label("Reason").fill("Recommended after the verifier's visit")
    page.get_by_role("button", name="Grant direct claim status").click()
    assert "Direct claim status granted to centre 12345 for 05203" in (
        page.locator("main").inner_text()
    )
