"""What every claims page reads first: the acting membership, the claim and the candidate,
through the selectors (another centre's claim or candidate is the 404 page)."""

from django.http import HttpRequest

from accounts.models import Membership, User
from candidates.models import Candidate
from candidates.selectors import get_candidate

from .. import selectors
from ..models import Claim


def membership_of(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def user_of(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def claim_of(request: HttpRequest, claim_id: int) -> Claim:
    # NotFound becomes the 404 page (common.middleware): another centre's claim is not found.
    return selectors.get_claim(membership=membership_of(request), claim_id=claim_id)


def candidate_of(request: HttpRequest, number: str) -> Candidate:
    return get_candidate(membership=membership_of(request), number=number)
