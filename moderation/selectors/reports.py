"""The examiner-moderator's feedback report: the adjustments generated from the review, and the
issued reports a centre's claims roles read."""

from dataclasses import dataclass

from django.db.models import QuerySet

from accounts.models import Membership
from accounts.permissions import can_claim
from catalogue.models import Unit
from claims.models import Claim
from common.errors import NotFound

from ..models import FeedbackReport, OutcomeAction, ReviewOutcome

#: The centre's line for a candidate referred for malpractice: the reason, and the case, are
#: the awarding body's business until it decides.
REFERRED = "Referred to the awarding body"

#: Decisions about one claimed unit: the latest of them is what stands for that unit.
_UNIT_DECISIONS = frozenset(
    {OutcomeAction.ACCEPT, OutcomeAction.AMEND_GRADE, OutcomeAction.WITHDRAW_UNIT}
)


@dataclass(frozen=True)
class Adjustment:
    """One change the moderator made to what the centre claimed."""

    #: Whom it is about: "Name (number)", a centre assessor, or the whole claim.
    who: str
    unit: Unit | None
    what: str
    reason: str


def _who(outcome: ReviewOutcome) -> str:
    if outcome.claim_candidate is not None:
        candidate = outcome.claim_candidate.candidate
        return f"{candidate.name} ({candidate.number})"
    if outcome.action == OutcomeAction.WITHDRAW_ASSESSOR_GRADE:
        assessor = outcome.centre_assessor
        return f"Centre assessor {assessor}" if assessor else "A centre assessor"
    return "Whole claim"


def _what(outcome: ReviewOutcome, claimed: dict[int, str], *, for_centre: bool) -> str:
    action = outcome.action
    if action == OutcomeAction.AMEND_GRADE:
        before = claimed.get(outcome.claimed_unit_id or 0) or outcome.grade_before
        return f"Grade amended from {before} to {outcome.grade_after}"
    if action == OutcomeAction.WITHDRAW_ASSESSOR_GRADE:
        units = "unit" if outcome.units_affected == 1 else "units"
        graded = f"at grade {outcome.grade_before}" if outcome.grade_before else "ungraded"
        return f"Every unit {graded} withdrawn ({outcome.units_affected} {units})"
    if action == OutcomeAction.MALPRACTICE:
        return REFERRED if for_centre else "Malpractice flagged"
    if action == OutcomeAction.WITHDRAW_CLAIM:
        return "Whole claim withdrawn"
    return OutcomeAction(action).label


def adjustments(claim: Claim, *, for_centre: bool) -> list[Adjustment]:
    """Every change the review made, in the order it was made, from the recorded decisions: so
    a claim withdrawn whole still lists what was adjusted before. A unit's decision that a later
    one replaced (a grade amended, then accepted as claimed) is not listed. The centre reads a
    neutral line for a malpractice referral; the awarding body reads the reason."""
    outcomes = list(
        ReviewOutcome.objects.filter(claim=claim)
        .select_related("claim_candidate__candidate", "claimed_unit__unit", "centre_assessor")
        .order_by("decided_at", "id")
    )
    standing: dict[int, int] = {}
    claimed: dict[int, str] = {}
    for outcome in outcomes:
        if outcome.action in _UNIT_DECISIONS and outcome.claimed_unit_id is not None:
            standing[outcome.claimed_unit_id] = outcome.pk
            claimed.setdefault(outcome.claimed_unit_id, outcome.grade_before)
    found: list[Adjustment] = []
    for outcome in outcomes:
        if outcome.action in (OutcomeAction.ACCEPT, OutcomeAction.ACCEPT_REMAINING):
            continue
        if outcome.claimed_unit_id is not None and standing.get(outcome.claimed_unit_id) != (
            outcome.pk
        ):
            continue
        malpractice = outcome.action == OutcomeAction.MALPRACTICE
        found.append(
            Adjustment(
                who=_who(outcome),
                unit=outcome.claimed_unit.unit if outcome.claimed_unit else None,
                what=_what(outcome, claimed, for_centre=for_centre),
                reason="" if malpractice and for_centre else outcome.reason,
            )
        )
    return found


def centre_feedback_reports(*, membership: Membership | None) -> QuerySet[FeedbackReport]:
    """The issued reports on the centre's claims, newest first.

    Claims roles only, as `Claim.objects.for_centre`: a report's centre is its claim's (its
    writers set it), so the list is one range of `feedback_report_centre_issued`, newest first,
    instead of a join to every claim of the centre.
    """
    if not can_claim(membership):
        return FeedbackReport.objects.none()
    assert membership is not None
    return (
        FeedbackReport.objects.filter(centre_id=membership.centre_id, issued_at__isnull=False)
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
