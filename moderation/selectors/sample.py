"""The sample of a claim under review: what the claim's candidates cover, the sample the
service proposes (`moderation.sampling`), and what the chosen candidates leave out."""

from dataclasses import dataclass

from claims.models import Claim

from .. import sampling
from ..models import Sample
from .review import CandidateReview, candidate_reviews, sample_of


def sample_items(reviews: list[CandidateReview]) -> list[sampling.SampleItem]:
    return [
        sampling.SampleItem(
            candidate_id=review.claim_candidate.pk,
            assessors=frozenset(u.assessor.initials.upper() for u in review.units),
            units=frozenset(u.unit.number for u in review.units),
            grades=frozenset(u.grade for u in review.units if u.grade),
        )
        for review in reviews
    ]


def sample_gaps(reviews: list[CandidateReview], sample: Sample | None) -> sampling.Coverage | None:
    """What the requested sample does not cover; None while no sample is requested."""
    if sample is None:
        return None
    return sampling.coverage(
        sample_items(reviews), [r.claim_candidate.pk for r in reviews if r.in_sample]
    )


@dataclass(frozen=True)
class SampleRow:
    """A candidate as the sample page lists them, with what they cover."""

    review: CandidateReview
    assessors: list[str]
    units: list[int]
    grades: list[str]

    @property
    def candidate_id(self) -> int:
        return self.review.claim_candidate.pk

    @property
    def label(self) -> str:
        return f"{self.review.candidate.name} ({self.review.candidate.number})"


@dataclass(frozen=True)
class SampleProposal:
    """The sample page: the candidates, the sample proposed or already asked for, its size."""

    rows: list[SampleRow]
    existing: Sample | None
    proposed: list[int]
    chosen: list[int]
    target: int
    gaps: sampling.Coverage

    @property
    def population(self) -> int:
        return len(self.rows)

    @property
    def choices(self) -> list[tuple[int, str]]:
        return [(row.candidate_id, row.label) for row in self.rows]


def sample_proposal(claim: Claim) -> SampleProposal:
    """What the moderator starts from: the sample already asked for, or else the proposal (the
    same for the same claim every time: its claim number seeds it)."""
    reviews = candidate_reviews(claim)
    items = sample_items(reviews)
    existing = sample_of(claim)
    proposed = sampling.propose(items, seed=claim.claim_number or claim.pk)
    chosen = [r.claim_candidate.pk for r in reviews if r.in_sample] if existing else proposed
    return SampleProposal(
        rows=[
            SampleRow(
                review=review,
                assessors=sorted(item.assessors),
                units=sorted(item.units),
                grades=sorted(item.grades),
            )
            for review, item in zip(reviews, items, strict=True)
        ],
        existing=existing,
        proposed=proposed,
        chosen=chosen,
        target=sampling.target_size(len(reviews)),
        gaps=sampling.coverage(items, chosen),
    )
