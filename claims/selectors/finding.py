"""Finding a centre's claims, their centre assessors and their candidates.

Every claim is read through `Claim.objects.for_centre(membership)`: the claims of the
membership's centre, for the certification claims roles; another centre's claim is not found.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import Membership, ModeratorAssignment, User
from accounts.permissions import can_claim
from candidates.models import Candidate, NamedEntry
from candidates.selectors import candidates_for, search_candidates
from catalogue.models import Qualification
from catalogue.selectors import approved_qualifications
from common.errors import NotFound

from ..models import (
    CentreAssessor,
    Claim,
    ClaimCandidate,
    ClaimedUnit,
    ClaimQuerySet,
    ClaimStatus,
)


def centre_claims(*, membership: Membership | None) -> ClaimQuerySet:
    """Every claim of the acting user's current centre, for the claims roles; none otherwise."""
    return Claim.objects.for_centre(membership)


@dataclass
class MakeClaimRow:
    qualification: Qualification
    draft: Claim | None

    @property
    def status_label(self) -> str:
        return ClaimStatus.DRAFT.label if self.draft else "No claim created"

    @property
    def action_label(self) -> str:
        return "Edit" if self.draft else "Create"


def make_claim_rows(*, membership: Membership | None, query: str = "") -> list[MakeClaimRow]:
    """The qualifications the centre is approved for, with any claim in progress for each.

    The search matches the entry code, the title or any part of the title, ignoring case.
    """
    if not can_claim(membership):
        return []
    assert membership is not None
    qualifications = approved_qualifications(membership.centre)
    query = query.strip()
    if query:
        qualifications = qualifications.filter(Q(code__icontains=query) | Q(title__icontains=query))
    drafts = {
        claim.qualification_id: claim
        for claim in centre_claims(membership=membership).filter(status=ClaimStatus.DRAFT)
    }
    return [MakeClaimRow(qualification=q, draft=drafts.get(q.pk)) for q in qualifications]


def get_claim(*, membership: Membership | None, claim_id: int, for_update: bool = False) -> Claim:
    """A claim of the acting user's centre; another centre's claim is not found.

    `for_update` locks the claim's row until the surrounding transaction ends (an action's
    lock, as `claims.transitions.lock` takes it)."""
    claims = centre_claims(membership=membership)
    if for_update:
        claims = claims.locked()
    claim = claims.select_related("centre", "qualification").filter(pk=claim_id).first()
    if claim is None:
        raise NotFound("Claim not found", field="claim")
    return claim


def get_claimable_qualification(*, membership: Membership | None, code: str) -> Qualification:
    """A qualification the acting user's centre is approved for, for the claims roles."""
    if not can_claim(membership):
        raise NotFound("Qualification not found", field="qualification")
    assert membership is not None
    qualification = approved_qualifications(membership.centre).filter(code=code).first()
    if qualification is None:
        raise NotFound("Qualification not found", field="qualification")
    return qualification


def draft_claim_for(*, membership: Membership | None, qualification: Qualification) -> Claim | None:
    return (
        centre_claims(membership=membership)
        .filter(qualification=qualification, status=ClaimStatus.DRAFT)
        .select_related("centre", "qualification")
        .first()
    )


def _this(membership: Membership | None, claim: Claim) -> QuerySet[Claim]:
    """The claim, if the membership may reach it: for a subquery, so that rows hanging off a
    claim are read through the same access as the claim, at no extra query."""
    return centre_claims(membership=membership).filter(pk=claim.pk)


# Centre assessors


def assessors_for(
    *, membership: Membership | None, qualification: Qualification
) -> QuerySet[CentreAssessor]:
    """The centre assessors set up for the qualification at the acting user's centre."""
    if not can_claim(membership):
        return CentreAssessor.objects.none()
    assert membership is not None
    return CentreAssessor.objects.filter(
        centre_id=membership.centre_id, qualifications=qualification
    ).order_by("name", "initials")


def get_assessor(
    *, membership: Membership | None, qualification: Qualification, assessor_id: int
) -> CentreAssessor:
    assessor = assessors_for(membership=membership, qualification=qualification).filter(
        pk=assessor_id
    )
    found = assessor.first()
    if found is None:
        raise NotFound("Centre assessor not found", field="assessor")
    return found


def moderator_of(claim: Claim) -> User | None:
    """The examiner-moderator (the "OCR assessor") for the claim's centre and qualification."""
    assignment = (
        ModeratorAssignment.objects.filter(
            centre_id=claim.centre_id, qualification_id=claim.qualification_id
        )
        .select_related("moderator")
        .first()
    )
    return assignment.moderator if assignment else None


# Edit claim: finding candidates


def claim_candidate_search(
    *,
    membership: Membership | None,
    claim: Claim,
    query: str | None,
    entered_only: bool = False,
) -> QuerySet[Candidate]:
    """Candidates for the Edit claim page (`claim` from `get_claim`), each annotated with
    `on_claim`.

    With no search (query None) these are the candidates already on the claim; with a search,
    the centre's candidates matching it, optionally only those entered for the qualification.
    """
    on_claim = Exists(
        ClaimCandidate.objects.filter(claim__in=_this(membership, claim), candidate=OuterRef("pk"))
    )
    if query is None:
        candidates = candidates_for(membership=membership).filter(on_claim)
    else:
        candidates = search_candidates(membership=membership, query=query)
        if entered_only:
            candidates = candidates.filter(
                Exists(
                    NamedEntry.objects.filter(
                        candidate=OuterRef("pk"), qualification_id=claim.qualification_id
                    )
                )
            )
    return candidates.annotate(on_claim=on_claim).order_by("last_name", "first_name", "number")


# View claim


@dataclass
class ClaimSummaryRow:
    claim_candidate: ClaimCandidate
    units: list[ClaimedUnit]


def claim_summary(*, membership: Membership | None, claim: Claim) -> list[ClaimSummaryRow]:
    """The candidates on a claim (`claim` from `get_claim`) with their claimed units, in two
    queries."""
    on_claim = list(
        ClaimCandidate.objects.filter(claim__in=_this(membership, claim))
        .select_related("candidate")
        .prefetch_related("units__unit")
        .order_by("candidate__last_name", "candidate__first_name", "candidate__number")
    )
    return [
        ClaimSummaryRow(
            claim_candidate=cc, units=sorted(cc.units.all(), key=lambda u: u.unit.number)
        )
        for cc in on_claim
    ]


def held_candidates(claim: Claim) -> list[Candidate]:
    """The claim's candidates whose results are held while a malpractice case is open, by
    name. The claim is one already read for the user (`Claim.objects.for_centre`)."""
    return [
        cc.candidate
        for cc in ClaimCandidate.objects.filter(claim=claim, malpractice=True, withdrawn=False)
        .select_related("candidate")
        .order_by("candidate__last_name", "candidate__first_name", "candidate__number")
    ]
