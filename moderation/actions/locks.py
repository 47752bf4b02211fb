"""What every moderation action starts from: the claim's row locked through the claims' one
access layer, and the review outcome it records."""

from django.utils import timezone

from accounts.models import Membership, User
from accounts.permissions import require_claims_role
from claims.models import (
    CentreAssessor,
    Claim,
    ClaimCandidate,
    ClaimedUnit,
    ClaimQuerySet,
    ClaimStatus,
)
from common.errors import Conflict, NotFound

from ..models import OutcomeAction, ReviewOutcome

MAX_TEXT = 20_000


def _locked(claims: ClaimQuerySet, claim_id: int) -> Claim:
    claim = claims.locked().filter(pk=claim_id).exclude(status=ClaimStatus.DRAFT).first()
    if claim is None:
        raise NotFound("Claim not found", field="claim")
    return claim


def lock_for_moderator(claim_id: int, user: User) -> Claim:
    """The claim locked for a change by its moderator, while it is with them (Submitted).

    Anyone not assigned now to moderate the claim's centre and qualification gets "not found".
    """
    claim = _locked(Claim.objects.for_moderator(user), claim_id)
    if claim.status != ClaimStatus.SUBMITTED:
        raise Conflict(
            f"Claim {claim.claim_number} is {ClaimStatus(claim.status).label}: "
            "the examiner-moderator can no longer change it",
            code="not_submitted",
        )
    return claim


def lock_for_centre(membership: Membership | None, claim_id: int) -> Claim:
    """The centre's claim locked for a change to its evidence, while it is with the moderator.

    Only the certification claims roles may; another centre's claim is "not found"."""
    require_claims_role(membership)
    claim = _locked(Claim.objects.for_centre(membership), claim_id)
    if claim.status != ClaimStatus.SUBMITTED:
        raise Conflict(
            f"Claim {claim.claim_number} is {ClaimStatus(claim.status).label}: "
            "its moderation is over",
            code="not_submitted",
        )
    return claim


def record_outcome(
    claim: Claim,
    user: User,
    action: OutcomeAction,
    *,
    reason: str = "",
    claim_candidate: ClaimCandidate | None = None,
    claimed_unit: ClaimedUnit | None = None,
    centre_assessor: CentreAssessor | None = None,
    grade_before: str = "",
    grade_after: str = "",
    units_affected: int = 0,
) -> ReviewOutcome:
    """The decision, who made it and when, for the claim's list of outcomes and its report."""
    return ReviewOutcome.objects.create(
        claim=claim,
        claim_candidate=claim_candidate,
        claimed_unit=claimed_unit,
        centre_assessor=centre_assessor,
        action=action,
        reason=reason,
        grade_before=grade_before,
        grade_after=grade_after,
        units_affected=units_affected,
        decided_at=timezone.now(),
        decided_by=user,
    )
