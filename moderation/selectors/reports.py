"""The examiner-moderator's feedback report: the adjustments generated from the review, and the
issued reports a centre's claims roles read."""

from dataclasses import dataclass

from django.db.models import QuerySet

from accounts.models import Membership
from catalogue.models import Unit
from claims.models import Claim, ClaimStatus, UnitState
from common.errors import NotFound

from ..models import FeedbackReport, OutcomeAction, ReviewOutcome
from .review import candidate_reviews


@dataclass(frozen=True)
class Adjustment:
    """One change the moderator made to what the centre claimed."""

    candidate_name: str
    candidate_number: str
    unit: Unit | None
    what: str
    reason: str


def _claim_withdrawn(claim: Claim) -> list[Adjustment]:
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


def adjustments(claim: Claim) -> list[Adjustment]:
    """What the review changed, from the claim as it now stands and the reasons recorded."""
    if claim.status == ClaimStatus.WITHDRAWN:
        return _claim_withdrawn(claim)
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
        if (cc.pk, OutcomeAction.MALPRACTICE) in reasons:
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
            if unit.state == UnitState.WITHDRAWN:
                what = "Unit withdrawn"
            elif unit.state == UnitState.NOT_ACCEPTED:
                what = "Not accepted"
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


def centre_feedback_reports(*, membership: Membership | None) -> QuerySet[FeedbackReport]:
    """The issued reports on the centre's claims, newest first."""
    return (
        FeedbackReport.objects.filter(
            claim__in=Claim.objects.for_centre(membership).values("pk"), issued_at__isnull=False
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
