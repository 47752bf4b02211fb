"""Claims to review, taken through the service's own actions (results' factories), and the
demo's second examiner-moderator."""

from datetime import timedelta

from accounts.models import Membership, User
from claims.models import Claim, ClaimedUnit
from results.tests import factories

from .. import actions
from ..models import Review

REVIEWER = "reviewer@awarding.test"
REASON = "The work for unit 7 was sent with the rest and meets the criteria"


def reviewer() -> User:
    return User.objects.get(email=REVIEWER)


def tutor_membership() -> Membership:
    return Membership.objects.select_related("centre").get(
        user__email="tutor@northfield.test", centre__number="12345"
    )


def withdrawn_unit_claim(*, process: bool = True, who: str = "123456") -> Claim:
    """John Smith (123456, or another of Northfield's candidates) claims units 1, 4 and 7 of
    03991 (9 credits: the full award); the examiner-moderator withdraws unit 7, so the claim
    gives him units 1 and 4 only."""
    made = factories.claim()
    factories.add(made, who, [1, 4, 7])
    factories.submit(made)
    factories.withdraw_units(made, who, [7])
    claim = factories.finalise(made)
    if process:
        factories.process(claim)
        claim.refresh_from_db()
    return claim


def unit(claim: Claim, number: int, who: str = "123456") -> ClaimedUnit:
    return ClaimedUnit.objects.select_related("unit").get(
        claim_candidate__claim=claim, claim_candidate__candidate__number=who, unit__number=number
    )


def requested(claim: Claim, numbers: tuple[int, ...] = (7,), who: str = "123456") -> Review:
    membership = tutor_membership()
    return actions.request_review(
        membership=membership,
        acting_user=membership.user,
        claim_id=claim.pk,
        claimed_unit_ids=[unit(claim, n, who).pk for n in numbers],
        reason=REASON,
    )


def assigned(claim: Claim, numbers: tuple[int, ...] = (7,), who: str = "123456") -> Review:
    review = requested(claim, numbers, who)
    return actions.assign_reviewer(
        acting_user=factories.ops(), review_id=review.pk, reviewer_id=reviewer().pk
    )


def age(claim: Claim, days: int) -> None:
    """Move the claim's finalising `days` into the past."""
    assert claim.finalised_at is not None
    Claim.objects.filter(pk=claim.pk).update(finalised_at=claim.finalised_at - timedelta(days=days))
