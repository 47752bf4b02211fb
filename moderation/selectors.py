"""Reading moderation, evidence and feedback reports, always within what the user may see.

An examiner-moderator sees the claims of the centres and qualifications they are assigned to
(from submission on); a centre's claims roles see their own centre's evidence and issued
reports; operations see every claim. Anything else is `NotFound`, which looks exactly like a
record that does not exist.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import (
    Exists,
    Min,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from accounts.models import Membership, ModeratorAssignment, User
from accounts.permissions import can_claim, is_operations
from candidates.models import Candidate
from catalogue.models import Unit
from claims.models import Claim, ClaimCandidate, ClaimedUnit, ClaimStatus, UnitState
from common.db import subquery_count
from common.errors import NotFound

from . import deadlines, sampling
from .models import (
    EvidenceFile,
    EvidenceSubmission,
    FeedbackReport,
    OutcomeAction,
    ReviewOutcome,
    Sample,
)

# Moderators


def _assigned(user: User) -> Exists:
    return Exists(
        ModeratorAssignment.objects.filter(
            moderator_id=user.pk,
            centre_id=OuterRef("centre_id"),
            qualification_id=OuterRef("qualification_id"),
        )
    )


def moderated_claims(user: User) -> QuerySet[Claim]:
    """Submitted (and later) claims of the centres and qualifications the user moderates."""
    if not user.is_authenticated:
        return Claim.objects.none()
    return Claim.objects.filter(_assigned(user)).exclude(status=ClaimStatus.DRAFT)


def is_moderator_of(user: User, claim: Claim) -> bool:
    return (
        user.is_authenticated
        and ModeratorAssignment.objects.filter(
            moderator_id=user.pk,
            centre_id=claim.centre_id,
            qualification_id=claim.qualification_id,
        ).exists()
    )


def get_moderated_claim(*, user: User, claim_id: int) -> Claim:
    claim = (
        moderated_claims(user)
        .select_related("centre", "qualification", "submitted_by")
        .filter(pk=claim_id)
        .first()
    )
    if claim is None:
        raise NotFound("Claim not found", field="claim")
    return claim


def _first(queryset: QuerySet[Any], group: str, value: str) -> Subquery:
    return Subquery(queryset.order_by().values(group).annotate(first=Min(value)).values("first"))


def with_summary(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Claims with their candidate and unit counts and evidence dates, in one query."""
    return claims.select_related("centre", "qualification").annotate(
        n_candidates=subquery_count(ClaimCandidate.objects.filter(claim=OuterRef("pk")), "claim"),
        n_units=subquery_count(
            ClaimedUnit.objects.filter(claim_candidate__claim=OuterRef("pk")),
            "claim_candidate__claim",
        ),
        evidence_sent_on=_first(
            EvidenceSubmission.objects.filter(claim=OuterRef("pk")), "claim", "sent_on"
        ),
        evidence_arrived_on=_first(
            EvidenceSubmission.objects.filter(claim=OuterRef("pk"), arrived_on__isnull=False),
            "claim",
            "arrived_on",
        ),
        evidence_uploaded_at=_first(
            EvidenceFile.objects.filter(claim=OuterRef("pk")), "claim", "uploaded_at"
        ),
        has_sample=Exists(Sample.objects.filter(claim=OuterRef("pk"))),
    )


def _local_date(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


@dataclass
class ClaimRow:
    """A claim as the queue and operations' lists show it."""

    claim: Claim
    candidates: int
    units: int
    days: int
    overdue: bool
    evidence: deadlines.EvidenceStatus
    sampled: bool


def claim_row(claim: Claim, now: datetime) -> ClaimRow:
    """One row from a claim annotated by `with_summary`."""
    submitted_at = claim.submitted_at or now
    return ClaimRow(
        claim=claim,
        candidates=claim.n_candidates,  # type: ignore[attr-defined]
        units=claim.n_units,  # type: ignore[attr-defined]
        days=deadlines.days_since(submitted_at, now),
        overdue=claim.status == ClaimStatus.SUBMITTED and deadlines.is_overdue(submitted_at, now),
        evidence=deadlines.evidence_status(
            submitted_at=claim.submitted_at,
            now=now,
            sent_on=claim.evidence_sent_on,  # type: ignore[attr-defined]
            arrived_on=claim.evidence_arrived_on,  # type: ignore[attr-defined]
            uploaded_on=_local_date(claim.evidence_uploaded_at),  # type: ignore[attr-defined]
        ),
        sampled=claim.has_sample,  # type: ignore[attr-defined]
    )


def moderator_queue(*, user: User, now: datetime | None = None) -> list[ClaimRow]:
    """The moderator's Submitted claims, oldest first, in one query however many there are."""
    now = now or timezone.now()
    claims = with_summary(moderated_claims(user).filter(status=ClaimStatus.SUBMITTED)).order_by(
        "submitted_at", "claim_number"
    )
    return [claim_row(claim, now) for claim in claims]


def moderated_history(*, user: User) -> QuerySet[Claim]:
    """The moderator's claims that have left the queue, newest first."""
    return (
        moderated_claims(user)
        .exclude(status=ClaimStatus.SUBMITTED)
        .select_related("centre", "qualification")
        .order_by("-submitted_at", "-claim_number")
    )


# One claim under review


@dataclass
class CandidateReview:
    """A candidate on a claim under review, with their units and uploaded work."""

    claim_candidate: ClaimCandidate
    units: list[ClaimedUnit]
    in_sample: bool
    files: list[EvidenceFile] = field(default_factory=list)

    @property
    def candidate(self) -> Candidate:
        return self.claim_candidate.candidate

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


def candidate_reviews(claim: Claim) -> list[CandidateReview]:
    """Every candidate on the claim with their units, in a fixed number of queries."""
    in_sample = sampled_ids(claim)
    return [
        CandidateReview(
            claim_candidate=cc,
            units=list(cc.units.all()),
            in_sample=cc.pk in in_sample,
            files=list(cc.evidence_files.all()),
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
            if unit.state == UnitState.NOT_ACCEPTED:
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
        .select_related("decided_by", "claim_candidate__candidate", "claimed_unit__unit")
        .order_by("-decided_at", "-id")
    )


def evidence_submissions(claim: Claim) -> QuerySet[EvidenceSubmission]:
    return EvidenceSubmission.objects.filter(claim=claim).select_related(
        "recorded_by", "arrival_recorded_by"
    )


def feedback_report_of(claim: Claim) -> FeedbackReport | None:
    return FeedbackReport.objects.filter(claim=claim).select_related("written_by").first()


# The feedback report's adjustments, generated from the review


@dataclass(frozen=True)
class Adjustment:
    """One change the moderator made to what the centre claimed."""

    candidate_name: str
    candidate_number: str
    unit: Unit | None
    what: str
    reason: str


def adjustments(claim: Claim) -> list[Adjustment]:
    """What the review changed, from the claim as it now stands and the reasons recorded."""
    if claim.status == ClaimStatus.WITHDRAWN:
        outcome = (
            ReviewOutcome.objects.filter(claim=claim, action=OutcomeAction.WITHDRAW_CLAIM)
            .order_by("-decided_at", "-id")
            .first()
        )
        return [
            Adjustment(
                candidate_name="",
                candidate_number="",
                unit=None,
                what="Whole claim withdrawn",
                reason=outcome.reason if outcome else "",
            )
        ]
    reasons: dict[tuple[int, str], str] = {}
    for outcome in ReviewOutcome.objects.filter(
        claim=claim,
        action__in=[OutcomeAction.WITHDRAW_CANDIDATE, OutcomeAction.MALPRACTICE],
    ).order_by("decided_at", "id"):
        if outcome.claim_candidate_id is not None:
            reasons[(outcome.claim_candidate_id, outcome.action)] = outcome.reason
    found: list[Adjustment] = []
    for review in candidate_reviews(claim):
        cc = review.claim_candidate
        name, number = cc.candidate.name, cc.candidate.number
        if cc.malpractice:
            found.append(
                Adjustment(
                    candidate_name=name,
                    candidate_number=number,
                    unit=None,
                    what="Malpractice",
                    reason=reasons.get((cc.pk, OutcomeAction.MALPRACTICE), ""),
                )
            )
        if cc.withdrawn:
            found.append(
                Adjustment(
                    candidate_name=name,
                    candidate_number=number,
                    unit=None,
                    what="Candidate withdrawn",
                    reason=reasons.get((cc.pk, OutcomeAction.WITHDRAW_CANDIDATE), ""),
                )
            )
            continue
        for unit in review.units:
            if unit.state == UnitState.NOT_ACCEPTED:
                what = "Unit withdrawn"
            elif unit.state == UnitState.AMENDED:
                what = f"Grade amended from {unit.original_grade} to {unit.grade}"
            else:
                continue
            found.append(
                Adjustment(
                    candidate_name=name,
                    candidate_number=number,
                    unit=unit.unit,
                    what=what,
                    reason=unit.outcome_reason,
                )
            )
    return found


# The centre's side


def centre_claim(*, membership: Membership | None, claim_id: int) -> Claim:
    """A submitted (or later) claim of the acting user's centre, for the claims roles."""
    if not can_claim(membership):
        raise NotFound("Claim not found", field="claim")
    assert membership is not None
    claim = (
        Claim.objects.filter(pk=claim_id, centre_id=membership.centre_id)
        .exclude(status=ClaimStatus.DRAFT)
        .select_related("centre", "qualification")
        .first()
    )
    if claim is None:
        raise NotFound("Claim not found", field="claim")
    return claim


def centre_claims_awaiting_work(
    *, membership: Membership | None, now: datetime | None = None
) -> list[ClaimRow]:
    """The centre's claims with the moderator: where their work is, whether a sample is asked."""
    if not can_claim(membership):
        return []
    assert membership is not None
    now = now or timezone.now()
    claims = with_summary(
        Claim.objects.filter(centre_id=membership.centre_id, status=ClaimStatus.SUBMITTED)
    ).order_by("submitted_at", "claim_number")
    return [claim_row(claim, now) for claim in claims]


def centre_feedback_reports(*, membership: Membership | None) -> QuerySet[FeedbackReport]:
    if not can_claim(membership):
        return FeedbackReport.objects.none()
    assert membership is not None
    return (
        FeedbackReport.objects.filter(
            claim__centre_id=membership.centre_id, issued_at__isnull=False
        )
        .select_related("claim__qualification", "written_by")
        .order_by("-issued_at", "-id")
    )


def get_centre_feedback_report(*, membership: Membership | None, claim_id: int) -> FeedbackReport:
    report = (
        centre_feedback_reports(membership=membership)
        .select_related("claim__centre")
        .filter(claim_id=claim_id)
        .first()
    )
    if report is None:
        raise NotFound("Report not found", field="report")
    return report


# Evidence files: the claim's moderator and the centre's claims roles may open them


def get_evidence_file(*, user: User, membership: Membership | None, file_id: int) -> EvidenceFile:
    evidence = (
        EvidenceFile.objects.filter(pk=file_id)
        .select_related("claim", "claim_candidate__candidate")
        .first()
    )
    if evidence is not None:
        claim = evidence.claim
        centre_user = (
            can_claim(membership)
            and membership is not None
            and membership.centre_id == claim.centre_id
        )
        if centre_user or (claim.status != ClaimStatus.DRAFT and is_moderator_of(user, claim)):
            return evidence
    raise NotFound("File not found", field="file")


# Operations


def overdue_claims(*, user: User, now: datetime | None = None) -> list[ClaimRow]:
    """Claims still Submitted 35 days after submission, oldest first, for operations."""
    if not is_operations(user):
        raise NotFound()
    now = now or timezone.now()
    claims = with_summary(
        Claim.objects.filter(
            status=ClaimStatus.SUBMITTED, submitted_at__lt=now - deadlines.OVERDUE_AFTER
        )
    ).order_by("submitted_at", "claim_number")
    return [claim_row(claim, now) for claim in claims]
