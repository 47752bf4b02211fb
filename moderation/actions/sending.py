"""Ending moderation: the feedback report, sending the claim on to the awarding body, or
withdrawing the whole claim. Either way the centre is emailed and can read the report."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.actions import record
from claims import transitions
from claims.models import Claim, ClaimedUnit, ClaimStatus, UnitState
from common.errors import DomainError
from common.reasons import checked_reason

from .. import messages, selectors
from ..models import FeedbackReport, OutcomeAction
from .locks import MAX_TEXT, lock_for_moderator, record_outcome


def withdraw_claim(*, claim_id: int, reason: str, acting_user: User) -> Claim:
    """Withdraw the whole claim. The centre is emailed the report, which it can also read."""
    why = checked_reason(reason)
    with transaction.atomic():
        claim = lock_for_moderator(claim_id, acting_user)
        count = ClaimedUnit.objects.filter(claim_candidate__claim=claim).update(
            state=UnitState.WITHDRAWN, outcome_reason=why
        )
        record_outcome(
            claim, acting_user, OutcomeAction.WITHDRAW_CLAIM, reason=why, units_affected=count
        )
        transitions.move(
            claim,
            to=ClaimStatus.WITHDRAWN,
            acting_user=acting_user,
            summary=f"The examiner-moderator withdrew claim {claim.claim_number}: {why}",
        )
        report = _issue_report(claim, acting_user)
        report_lines = selectors.adjustments(claim, for_centre=True)
        messages.claim_withdrawn(claim, report_lines, report.feedback)
    return claim


def save_feedback(*, claim_id: int, feedback: str, acting_user: User) -> FeedbackReport:
    text = (feedback or "").strip()
    if len(text) > MAX_TEXT:
        raise DomainError(
            f"The feedback must be {MAX_TEXT:,} characters or fewer", field="feedback"
        )
    with transaction.atomic():
        claim = lock_for_moderator(claim_id, acting_user)
        report, created = FeedbackReport.objects.select_for_update().get_or_create(
            claim=claim,
            defaults={
                "centre_id": claim.centre_id,
                "feedback": text,
                "written_by": acting_user,
                "updated_at": timezone.now(),
            },
        )
        if not created:
            report.feedback = text
            report.written_by = acting_user
            report.updated_at = timezone.now()
            report.save(update_fields=["feedback", "written_by", "updated_at"])
        record(
            actor=acting_user,
            centre=claim.centre,
            action="moderation.feedback_saved",
            obj=report,
            summary=f"Saved the feedback report for claim {claim.claim_number}",
        )
    return report


def _issue_report(claim: Claim, user: User) -> FeedbackReport:
    now = timezone.now()
    report, _ = FeedbackReport.objects.select_for_update().get_or_create(
        claim=claim, defaults={"centre_id": claim.centre_id, "written_by": user, "updated_at": now}
    )
    report.issued_at = now
    report.save(update_fields=["issued_at"])
    return report


def send_to_awarding_body(*, claim_id: int, acting_user: User) -> Claim:
    """ "Send to OCR": the claim becomes Finalised with its reference and the centre is told.

    Units still without an outcome are accepted as claimed. A claim whose every unit was
    withdrawn is finalised too, and stays Finalised: processing refuses it.
    """
    with transaction.atomic():
        claim = lock_for_moderator(claim_id, acting_user)
        if not selectors.has_feedback(FeedbackReport.objects.filter(claim=claim).first()):
            raise DomainError(
                "Write the feedback report before sending the claim", field="feedback"
            )
        remaining = ClaimedUnit.objects.filter(
            claim_candidate__claim=claim,
            claim_candidate__withdrawn=False,
            state__in=UnitState.undecided(),
        )
        count = remaining.update(state=UnitState.ACCEPTED)
        if count:
            record_outcome(claim, acting_user, OutcomeAction.ACCEPT_REMAINING, units_affected=count)
        transitions.finalise(
            claim,
            acting_user=acting_user,
            summary=f"Sent to {settings.AWARDING_BODY_NAME} with reference "
            f"{transitions.reference_for(claim)}",
        )
        _issue_report(claim, acting_user)
        messages.claim_finalised(claim)
    return claim
