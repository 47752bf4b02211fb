"""Direct claim status end to end: "Submit to OCR" finalises the claim with its reference at
once and emails the centre; processing publishes its results as for any claim; and every page
of the claim agrees that no examiner-moderator is needed."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import Centre, ModeratorAssignment, User
from audit.models import AuditEvent
from candidates.models import AchievedUnit
from catalogue.models import Qualification
from claims.models import Claim, ClaimStatus
from claims.tests.helpers import set_up_assessor, start_claim
from claims.tests.submit_data import claim_units
from results import actions as results_actions

pytestmark = pytest.mark.django_db

NOT_NEEDED = "Not needed: your centre has direct claim status"
SUBMITTED_DIRECT = "Not needed: submitted with direct claim status"


def _direct_claim(tutor: User) -> Claim:
    """A 05203 claim at Northfield, which has direct claim status for it in the demo: Jane Doe
    (789012) with units 1 and 2 at Merit."""
    set_up_assessor(tutor, name="Cy Sands", initials="CS", code="05203")
    claim = start_claim(tutor, "05203")
    claim_units(tutor, claim, "789012", [1, 2], grade="Merit")
    return claim


def _submit(client: Client, claim: Claim) -> Any:
    return client.post(
        reverse("claims:submit", args=[claim.pk]),
        {"submitter_email": "tutor@northfield.test", "confirmed": "yes"},
        follow=True,
    )


def _assessor_lines(client: Client, claim: Claim) -> dict[str, str]:
    pages = {
        "view claim": reverse("claims:view-claim", args=[claim.pk]),
        "print page": reverse("claims:view-claim-print", args=[claim.pk]),
        "candidate claim": reverse("claims:candidate-claim", args=[claim.pk, "789012"]),
    }
    found = {}
    for name, url in pages.items():
        html = client.get(url).content.decode()
        found[name] = next(
            (words for words in (NOT_NEEDED, SUBMITTED_DIRECT, "Not assigned") if words in html),
            "",
        )
    return found


def test_submit_to_ocr_finalises_with_the_reference_emails_the_centre_and_processing_publishes(
    tutor: User, tutor_client: Client, ops: User, django_capture_on_commit_callbacks: Any
) -> None:
    claim = _direct_claim(tutor)
    with django_capture_on_commit_callbacks(execute=True):
        response = _submit(tutor_client, claim)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.FINALISED
    assert claim.reference == f"R{claim.claim_number}"
    page = response.content.decode()
    assert f"reference <strong>{claim.reference}</strong>" in page
    assert "Within 24 hours, send the candidates' work" not in page
    [email] = mail.outbox
    assert email.subject == f"Claim {claim.claim_number} sent to OCR: reference {claim.reference}"
    assert set(email.to) == {"tutor@northfield.test", "exams@northfield.test"}
    assert f"Reference: {claim.reference}" in email.body and "Centre number: 12345" in email.body
    finalised = AuditEvent.objects.get(action="claim.finalised", object_id=str(claim.pk))
    assert claim.reference in finalised.summary

    with override_settings(RESULTS_DELAY=timedelta(0)):
        results_actions.process_one_claim(claim_id=claim.pk, acting_user=ops)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PROCESSED
    achieved = AchievedUnit.objects.filter(claim=claim).order_by("unit__number")
    assert [(a.candidate.number, a.unit.number, a.grade) for a in achieved] == [
        ("789012", 1, "Merit"),
        ("789012", 2, "Merit"),
    ]


def test_every_page_of_a_direct_claim_agrees_that_no_moderator_is_needed(
    tutor: User, tutor_client: Client, moderator: User
) -> None:
    # A moderator assigned for 05203 at the centre is not the claim's: it goes straight to OCR.
    ModeratorAssignment.objects.create(
        moderator=moderator,
        centre=Centre.objects.get(number="12345"),
        qualification=Qualification.objects.get(code="05203"),
    )
    claim = _direct_claim(tutor)
    assert _assessor_lines(tutor_client, claim) == {
        "view claim": NOT_NEEDED,
        "print page": NOT_NEEDED,
        "candidate claim": NOT_NEEDED,
    }
    _submit(tutor_client, claim)
    assert _assessor_lines(tutor_client, claim) == {
        "view claim": SUBMITTED_DIRECT,
        "print page": SUBMITTED_DIRECT,
        "candidate claim": SUBMITTED_DIRECT,
    }
    assert (
        moderator.full_name
        not in tutor_client.get(reverse("claims:view-claim", args=[claim.pk])).content.decode()
    )
