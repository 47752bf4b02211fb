"""The feedback report keeps everything the review changed: every adjustment in the order it was
made (a claim withdrawn whole too), the centre assessor and grade of a bulk withdrawal, and a
malpractice referral, whose reason only the awarding body reads."""

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from conftest import client_for
from moderation import actions, selectors
from moderation.models import OutcomeAction, ReviewOutcome
from moderation.selectors.reports import REFERRED

from .factories import claimed_unit, demo_claim, graded_claim_for, on_claim

pytestmark = pytest.mark.django_db


def _lines(claim: Any, *, for_centre: bool = True) -> list[tuple[str, int | None, str, str]]:
    return [
        (a.who, a.unit.number if a.unit else None, a.what, a.reason)
        for a in selectors.adjustments(claim, for_centre=for_centre)
    ]


def test_a_withdrawn_claims_report_and_email_keep_every_earlier_adjustment_in_order(
    moderator: User, ops: User, tutor: User, django_capture_on_commit_callbacks: Any
) -> None:
    claim = graded_claim_for(moderator, ops)
    actions.record_unit_outcome(
        claim_id=claim.pk,
        claimed_unit_id=claimed_unit(claim, "789012", 3).pk,
        outcome="amend",
        grade="Pass",
        reason="Merit criteria not met",
        acting_user=moderator,
    )
    actions.record_unit_outcome(
        claim_id=claim.pk,
        claimed_unit_id=claimed_unit(claim, "11721896", 4).pk,
        outcome="withdraw",
        reason="No evidence for unit 4",
        acting_user=moderator,
    )
    actions.save_feedback(claim_id=claim.pk, feedback="See the adjustments.", acting_user=moderator)
    with django_capture_on_commit_callbacks(execute=True):
        actions.withdraw_claim(
            claim_id=claim.pk, reason="No authentication statements", acting_user=moderator
        )
    jane, amira = "Jane Doe (789012)", "Amira Khan (11721896)"
    assert _lines(claim) == [
        (jane, 3, "Grade amended from Merit to Pass", "Merit criteria not met"),
        (amira, 4, "Unit withdrawn", "No evidence for unit 4"),
        ("Whole claim", None, "Whole claim withdrawn", "No authentication statements"),
    ]
    body = mail.outbox[-1].body
    amended = body.index("unit 3")
    withdrawn = body.index("Unit withdrawn: No evidence for unit 4")
    whole = body.index("Whole claim withdrawn: No authentication statements")
    assert amended < withdrawn < whole
    assert "Grade amended from Merit to Pass: Merit criteria not met" in body
    page = client_for(tutor).get(reverse("moderation:centre-moderator-report", args=[claim.pk]))
    html = page.content.decode()
    assert "Grade amended from Merit to Pass" in html and "No evidence for unit 4" in html


def test_a_decision_replaced_later_is_not_an_adjustment(moderator: User, ops: User) -> None:
    claim = graded_claim_for(moderator, ops)
    unit = claimed_unit(claim, "789012", 1)
    actions.record_unit_outcome(
        claim_id=claim.pk,
        claimed_unit_id=unit.pk,
        outcome="amend",
        grade="Pass",
        reason="Merit criteria not met",
        acting_user=moderator,
    )
    actions.record_unit_outcome(
        claim_id=claim.pk, claimed_unit_id=unit.pk, outcome="accept", acting_user=moderator
    )
    actions.record_unit_outcome(
        claim_id=claim.pk,
        claimed_unit_id=claimed_unit(claim, "789012", 2).pk,
        outcome="amend",
        grade="Merit",
        reason="Better than claimed",
        acting_user=moderator,
    )
    actions.record_unit_outcome(
        claim_id=claim.pk,
        claimed_unit_id=claimed_unit(claim, "789012", 2).pk,
        outcome="amend",
        grade="Distinction",
        reason="Much better",
        acting_user=moderator,
    )
    assert _lines(claim) == [
        ("Jane Doe (789012)", 2, "Grade amended from Pass to Distinction", "Much better")
    ]


def test_a_bulk_withdrawal_names_the_centre_assessor_and_grade_in_outcome_audit_and_report(
    moderator: User, ops: User
) -> None:
    claim = graded_claim_for(moderator, ops)
    assessor = claimed_unit(claim, "789012", 1).assessor
    actions.withdraw_assessor_grade(
        claim_id=claim.pk,
        assessor_id=assessor.pk,
        grade="Merit",
        reason="TA's Merit judgements are not supported",
        acting_user=moderator,
    )
    outcome = ReviewOutcome.objects.get(action=OutcomeAction.WITHDRAW_ASSESSOR_GRADE)
    assert outcome.centre_assessor == assessor and outcome.grade_before == "Merit"
    event = AuditEvent.objects.get(action="moderation.withdraw_assessor_grade")
    assert f"centre assessor {assessor.name} ({assessor.initials}) at grade Merit" in (
        event.summary
    )
    assert event.changes["assessor_name"] == str(assessor)
    assert _lines(claim) == [
        (
            f"Centre assessor {assessor.name} ({assessor.initials})",
            None,
            "Every unit at grade Merit withdrawn (3 units)",
            "TA's Merit judgements are not supported",
        )
    ]
    page = client_for(moderator).get(reverse("moderation:claim", args=[claim.pk]))
    assert f"{assessor.name} ({assessor.initials}) at Merit" in page.content.decode()


def test_malpractice_shows_its_reason_to_the_awarding_body_and_a_neutral_line_to_the_centre(
    moderator: User, tutor: User, django_capture_on_commit_callbacks: Any
) -> None:
    claim = demo_claim()
    reason = "Identical work to another candidate"
    actions.flag_malpractice(
        claim_id=claim.pk,
        claim_candidate_id=on_claim(claim, "11721832").pk,
        reason=reason,
        acting_user=moderator,
    )
    chloe = "Chloe Davies (11721832)"
    assert _lines(claim, for_centre=False) == [(chloe, None, "Malpractice flagged", reason)]
    assert _lines(claim) == [(chloe, None, REFERRED, "")]
    moderators_page = client_for(moderator).get(reverse("moderation:feedback", args=[claim.pk]))
    assert reason in moderators_page.content.decode()
    actions.save_feedback(claim_id=claim.pk, feedback="Referred.", acting_user=moderator)
    with django_capture_on_commit_callbacks(execute=True):
        actions.withdraw_claim(claim_id=claim.pk, reason="Work not ours", acting_user=moderator)
    body = mail.outbox[-1].body
    assert f"{chloe}: {REFERRED}\n" in body and reason not in body
    html = (
        client_for(tutor)
        .get(reverse("moderation:centre-moderator-report", args=[claim.pk]))
        .content.decode()
    )
    assert REFERRED in html and reason not in html and "Malpractice" not in html
