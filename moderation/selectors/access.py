"""The claims and evidence files a person reaches in moderation, through the claims' one
access layer (`Claim.objects.for_moderator` / `.for_centre`).

An examiner-moderator reaches the claims of the centres and qualifications they are assigned
to now (from submission on); a centre's claims roles reach their own centre's. Anything else is
`NotFound`, which looks exactly like a record that does not exist.
"""

from django.db.models import Q

from accounts.models import Membership, User
from claims.models import Claim, ClaimStatus
from common.errors import NotFound

from ..models import EvidenceFile


def get_moderated_claim(*, user: User, claim_id: int) -> Claim:
    claim = (
        Claim.objects.for_moderator(user)
        .select_related("centre", "qualification", "submitted_by")
        .filter(pk=claim_id)
        .first()
    )
    if claim is None:
        raise NotFound("Claim not found", field="claim")
    return claim


def centre_claim(*, membership: Membership | None, claim_id: int) -> Claim:
    """A submitted (or later) claim of the acting user's centre, for the claims roles."""
    claim = (
        Claim.objects.for_centre(membership)
        .filter(pk=claim_id)
        .exclude(status=ClaimStatus.DRAFT)
        .select_related("centre", "qualification")
        .first()
    )
    if claim is None:
        raise NotFound("Claim not found", field="claim")
    return claim


def under_review(claim: Claim) -> bool:
    """The claim is with its moderator: its review and its centre's evidence can still change."""
    return claim.status == ClaimStatus.SUBMITTED


def get_evidence_file(*, user: User, membership: Membership | None, file_id: int) -> EvidenceFile:
    """A file of a claim the user moderates now, or of their own centre's claim."""
    reachable = Q(claim__in=Claim.objects.for_centre(membership).values("pk")) | Q(
        claim__in=Claim.objects.for_moderator(user).values("pk")
    )
    evidence = (
        EvidenceFile.objects.filter(reachable, pk=file_id)
        .select_related("claim", "claim_candidate__candidate")
        .first()
    )
    if evidence is None:
        raise NotFound("File not found", field="file")
    return evidence
