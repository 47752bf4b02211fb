"""One claim under review: its candidates with their units and work, the outcomes recorded,
the evidence sent and the feedback report. Every function takes a claim already found through
the access layer (`access.get_moderated_claim` or `access.centre_claim`)."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from candidates.models import Candidate
from catalogue.models import EvidenceMethod
from claims.models import Claim, ClaimCandidate, ClaimedUnit, UnitState
from common.errors import NotFound

from ..models import (
    EvidenceArrival,
    EvidenceFile,
    EvidenceSubmission,
    FeedbackReport,
    ReviewOutcome,
    Sample,
)


@dataclass
class CandidateReview:
    """A candidate on a claim under review, with their units and uploaded work."""

    claim_candidate: ClaimCandidate
    units: list[ClaimedUnit]
    in_sample: bool
    files: list[EvidenceFile] = field(default_factory=list)
    arrivals: list[EvidenceArrival] = field(default_factory=list)

    @property
    def candidate(self) -> Candidate:
        return self.claim_candidate.candidate

    @property
    def work_arrived(self) -> str:
        """When and how the candidate's work arrived ("04/09/2026, Postal submission"), or ""."""
        return "; ".join(
            f"{a.arrived_on:%d/%m/%Y}, {a.get_method_display()}"
            for a in sorted(self.arrivals, key=lambda a: (a.arrived_on, a.pk))
        )

    @property
    def undecided(self) -> int:
        return sum(1 for u in self.units if u.is_undecided)

    @property
    def summary(self) -> str:
        counts: dict[str, int] = {}
        for unit in self.units:
            label = unit.state_label
            counts[label] = counts.get(label, 0) + 1
        return ", ".join(f"{n} {label.lower()}" for label, n in counts.items())


def claim_candidates(claim: Claim) -> QuerySet[ClaimCandidate]:
    return (
        ClaimCandidate.objects.filter(claim=claim)
        .select_related("candidate")
        .prefetch_related(
            Prefetch(
                "units",
                queryset=ClaimedUnit.objects.select_related("unit", "assessor").order_by(
                    "unit__number"
                ),
            ),
            Prefetch("evidence_files", queryset=EvidenceFile.objects.order_by("uploaded_at", "id")),
            "arrivals",
        )
        .order_by("candidate__last_name", "candidate__first_name", "candidate__number")
    )


def sample_of(claim: Claim) -> Sample | None:
    return Sample.objects.filter(claim=claim).select_related("requested_by").first()


def sampled_ids(claim: Claim) -> set[int]:
    return set(
        Sample.candidates.through.objects.filter(sample__claim=claim).values_list(
            "claimcandidate_id", flat=True
        )
    )


def work_missing(claim: Claim) -> list[ClaimCandidate]:
    """The candidates asked for (the sample, or every candidate) whose work has not arrived."""
    asked = ClaimCandidate.objects.filter(claim=claim)
    if Sample.objects.filter(claim=claim).exists():
        asked = asked.filter(
            pk__in=Sample.candidates.through.objects.filter(sample__claim=claim).values(
                "claimcandidate_id"
            )
        )
    return list(
        asked.exclude(
            pk__in=EvidenceArrival.objects.filter(claim=claim).values("claim_candidate_id")
        )
        .select_related("candidate")
        .order_by("candidate__last_name", "candidate__first_name", "candidate__number")
    )


def candidate_reviews(claim: Claim) -> list[CandidateReview]:
    """Every candidate on the claim with their units, in a fixed number of queries."""
    in_sample = sampled_ids(claim)
    return [
        CandidateReview(
            claim_candidate=cc,
            units=list(cc.units.all()),
            in_sample=cc.pk in in_sample,
            files=list(cc.evidence_files.all()),
            arrivals=list(cc.arrivals.all()),
        )
        for cc in claim_candidates(claim)
    ]


def get_candidate_review(*, claim: Claim, claim_candidate_id: int) -> CandidateReview:
    found = claim_candidates(claim).filter(pk=claim_candidate_id).first()
    if found is None:
        raise NotFound("Candidate not found", field="candidate")
    return CandidateReview(
        claim_candidate=found,
        units=list(found.units.all()),
        in_sample=found.pk in sampled_ids(claim),
        files=list(found.evidence_files.all()),
        arrivals=list(found.arrivals.all()),
    )


def get_claimed_unit(*, claim: Claim, claimed_unit_id: int) -> ClaimedUnit:
    found = (
        ClaimedUnit.objects.filter(pk=claimed_unit_id, claim_candidate__claim=claim)
        .select_related("unit", "assessor", "claim_candidate__candidate")
        .first()
    )
    if found is None:
        raise NotFound("Unit not found", field="unit")
    return found


def recorded_outcome(unit: ClaimedUnit) -> dict[str, str]:
    """The outcome already recorded for a unit, as the unit's review form starts from it."""
    if unit.state == UnitState.ACCEPTED:
        return {"outcome": "accept"}
    if unit.state == UnitState.AMENDED:
        return {"outcome": "amend", "grade": unit.grade, "reason": unit.outcome_reason}
    if unit.state == UnitState.WITHDRAWN:
        return {"outcome": "withdraw", "reason": unit.outcome_reason}
    return {}


@dataclass(frozen=True)
class OutcomeCounts:
    """How the claim's units stand before it is sent on. A candidate flagged for malpractice
    is held: their units are counted apart and listed by candidate, since none becomes a result
    until the case is closed."""

    accepted: int = 0
    amended: int = 0
    withdrawn: int = 0
    undecided: int = 0
    held: int = 0
    held_candidates: tuple[str, ...] = ()


def outcome_counts(reviews: list[CandidateReview]) -> OutcomeCounts:
    """Every unit counted once: a withdrawn candidate's units count as withdrawn, a held
    candidate's as held."""
    counts = {"accepted": 0, "amended": 0, "withdrawn": 0, "undecided": 0, "held": 0}
    held: list[str] = []
    for review in reviews:
        cc = review.claim_candidate
        if cc.malpractice and not cc.withdrawn:
            held.append(f"{cc.candidate.name} ({cc.candidate.number})")
        for unit in review.units:
            if cc.withdrawn or unit.state in UnitState.not_counting():
                counts["withdrawn"] += 1
            elif cc.malpractice:
                counts["held"] += 1
            elif unit.state == UnitState.AMENDED:
                counts["amended"] += 1
            elif unit.state == UnitState.ACCEPTED:
                counts["accepted"] += 1
            else:
                counts["undecided"] += 1
    return OutcomeCounts(**counts, held_candidates=tuple(held))


@dataclass(frozen=True)
class AssessorGrade:
    """A centre assessor and a grade they gave on the claim, for withdrawing them together."""

    assessor_id: int
    initials: str
    name: str
    grade: str
    units: int

    @property
    def value(self) -> str:
        return f"{self.assessor_id}:{self.grade}"

    @property
    def label(self) -> str:
        grade = self.grade or "no grade"
        units = f"{self.units} unit{'s' if self.units != 1 else ''}"
        return f"{self.name} ({self.initials}), {grade}: {units}"


def assessor_grades(reviews: list[CandidateReview]) -> list[AssessorGrade]:
    counts: dict[tuple[int, str], int] = {}
    names: dict[int, tuple[str, str]] = {}
    for review in reviews:
        if review.claim_candidate.withdrawn:
            continue
        for unit in review.units:
            if unit.state in UnitState.not_counting():
                continue
            counts[(unit.assessor_id, unit.grade)] = (
                counts.get((unit.assessor_id, unit.grade), 0) + 1
            )
            names[unit.assessor_id] = (unit.assessor.initials, unit.assessor.name)
    return sorted(
        (
            AssessorGrade(
                assessor_id=assessor_id,
                initials=names[assessor_id][0],
                name=names[assessor_id][1],
                grade=grade,
                units=n,
            )
            for (assessor_id, grade), n in counts.items()
        ),
        key=lambda a: (a.name, a.grade),
    )


def review_outcomes(claim: Claim) -> QuerySet[ReviewOutcome]:
    return (
        ReviewOutcome.objects.filter(claim=claim)
        .select_related(
            "decided_by", "claim_candidate__candidate", "claimed_unit__unit", "centre_assessor"
        )
        .order_by("-decided_at", "-id")
    )


def evidence_submissions(claim: Claim) -> QuerySet[EvidenceSubmission]:
    return (
        EvidenceSubmission.objects.filter(claim=claim)
        .select_related("recorded_by", "arrival_recorded_by")
        .prefetch_related("arrivals")
    )


def feedback_report_of(claim: Claim) -> FeedbackReport | None:
    return FeedbackReport.objects.filter(claim=claim).select_related("written_by").first()


def has_feedback(report: FeedbackReport | None) -> bool:
    """Whether the report has been written: the claim cannot be sent on without it."""
    return bool(report and report.feedback.strip())


def sending_methods(claim: Claim) -> list[str]:
    """How the centre may send the work itself (by post, by email): each way the qualification
    takes except the e-portfolio, which is uploaded."""
    return [m for m in claim.qualification.evidence_methods if m != EvidenceMethod.EPORTFOLIO]


def takes_uploads(claim: Claim) -> bool:
    """Whether the centre uploads the work (the qualification takes e-portfolio submissions)."""
    return EvidenceMethod.EPORTFOLIO in claim.qualification.evidence_methods
