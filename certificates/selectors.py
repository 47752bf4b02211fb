"""Reading certificates: the centre's (claims roles, its own, published), and operations'."""

from django.db.models import Q, QuerySet

from accounts.models import Membership, User
from accounts.permissions import is_operations
from candidates.models import Candidate
from candidates.selectors import get_candidate
from claims.models import Claim
from common.errors import NotFound

from . import numbers
from .models import Certificate

_LISTED = ("candidate", "qualification", "claim", "replaced_by")


def centre_certificates(*, membership: Membership | None) -> QuerySet[Certificate]:
    """The centre's published certificates, newest first (the API's list)."""
    return Certificate.objects.for_centre(membership).select_related(*_LISTED)


def claim_of(*, membership: Membership | None, claim_id: int) -> Claim:
    claim = (
        Claim.objects.for_centre(membership)
        .select_related("centre", "qualification")
        .filter(pk=claim_id)
        .first()
    )
    if claim is None:
        raise NotFound("Claim not found", field="claim")
    return claim


def claim_certificates(*, membership: Membership | None, claim: Claim) -> list[Certificate]:
    """The claim's published certificates, by candidate name (one query)."""
    return list(
        Certificate.objects.for_centre(membership)
        .filter(claim=claim)
        .select_related(*_LISTED)
        .order_by("last_name", "first_name", "candidate__number", "-issued_at")
    )


def candidate_certificates(
    *, membership: Membership | None, number: str
) -> tuple[Candidate, list[Certificate]]:
    candidate = get_candidate(membership=membership, number=number)
    return candidate, list(
        Certificate.objects.for_centre(membership)
        .filter(candidate=candidate)
        .select_related(*_LISTED)
    )


def certificate_for_centre(*, membership: Membership | None, number: str) -> Certificate:
    """A valid certificate of the centre, for its PDF."""
    found = (
        Certificate.objects.for_centre(membership)
        .valid()
        .select_related("candidate", "qualification", "centre")
        .filter(number=numbers.normalise(number))
        .first()
    )
    if found is None:
        raise NotFound("Certificate not found", field="certificate")
    return found


def valid_claim_certificates(*, membership: Membership | None, claim_id: int) -> list[Certificate]:
    """The claim's valid certificates, for one PDF of them all; not found when it has none."""
    claim = claim_of(membership=membership, claim_id=claim_id)
    found = list(
        Certificate.objects.for_centre(membership)
        .valid()
        .filter(claim=claim)
        .select_related("candidate", "qualification", "centre")
        .order_by("last_name", "first_name", "candidate__number")
    )
    if not found:
        raise NotFound("This claim has no certificates", field="claim")
    return found


def find_certificates(*, user: User, query: str, limit: int = 50) -> list[Certificate]:
    """Operations' search: a certificate number, or a candidate number for all of theirs."""
    if not is_operations(user):
        raise NotFound()
    if not query:
        return []
    number = numbers.normalise(query)
    return list(
        Certificate.objects.filter(Q(number=number) | Q(candidate__number=query.strip()))
        .select_related("candidate", "qualification", "centre")
        .order_by("-issued_at", "-id")[:limit]
    )


def certificate_for_operations(*, user: User, number: str) -> Certificate:
    if not is_operations(user):
        raise NotFound()
    found = (
        Certificate.objects.select_related(
            "candidate", "qualification", "centre", "claim", "replaced_by", "changed_by"
        )
        .filter(number=numbers.normalise(number))
        .first()
    )
    if found is None:
        raise NotFound("Certificate not found", field="certificate")
    return found


def replaced_one(certificate: Certificate) -> Certificate | None:
    """The certificate this one replaced, if any."""
    return Certificate.objects.filter(replaced_by=certificate).first()
