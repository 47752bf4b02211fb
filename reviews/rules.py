"""What a review may be about, and by when: shared by the action that decides and the page
that offers the choice."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q

from accounts.models import ModeratorAssignment, User
from claims.models import Claim, ClaimStatus, UnitState

#: A unit's outcome a review can look at again: the moderator's decision (accepted, amended,
#: withdrawn, or left undecided and so accepted as claimed). A unit not accepted after an
#: upheld malpractice case, or a candidate held by an open case, is the case's to decide.
REVIEWABLE = Q(claim_candidate__malpractice=False) & ~Q(state=UnitState.NOT_ACCEPTED)


def window() -> timedelta:
    return timedelta(days=settings.REVIEW_WINDOW_DAYS)


def closes_at(claim: Claim) -> datetime | None:
    """When the centre can no longer ask for a review of the claim (None: it cannot ask)."""
    if claim.status not in (ClaimStatus.FINALISED, ClaimStatus.PROCESSED):
        return None
    if claim.finalised_at is None or claim.moderator_id is None:
        return None
    return claim.finalised_at + window()


def reviewers_for(claim: Claim) -> list[User]:
    """Who may review a claim: every examiner-moderator but the claim's first."""
    moderators = User.objects.filter(
        is_active=True, pk__in=ModeratorAssignment.objects.values("moderator_id")
    )
    if claim.moderator_id is not None:
        moderators = moderators.exclude(pk=claim.moderator_id)
    return list(moderators.order_by("full_name", "email"))
