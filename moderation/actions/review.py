"""The review: the moderator's outcome for each unit, candidate or centre assessor's grade."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.actions import record
from claims.models import CentreAssessor, Claim, ClaimCandidate, ClaimedUnit, UnitState
from common import wording
from common.errors import Conflict, DomainError, NotFound
from common.reasons import checked_reason

from .. import messages
from ..models import MalpracticeCase, OutcomeAction, ReviewOutcome
from .locks import lock_for_moderator, record_outcome


class Outcome:
    ACCEPT = "accept"
    AMEND = "amend"
    WITHDRAW = "withdraw"


def record_unit_outcome(
    *,
    claim_id: int,
    claimed_unit_id: int,
    outcome: str,
    grade: str = "",
    reason: str = "",
    acting_user: User,
) -> ClaimedUnit:
    """Accept a claimed unit, amend its grade or withdraw it. Amending and withdrawing need a
    reason. Accepting restores the grade the centre claimed."""
    _checked_outcome(outcome, reason)
    with transaction.atomic():
        claim = lock_for_moderator(claim_id, acting_user)
        unit, _ = apply_unit_outcome(
            claim=claim,
            claimed_unit_id=claimed_unit_id,
            outcome=outcome,
            grade=grade,
            reason=reason,
            acting_user=acting_user,
        )
    return unit


def _checked_outcome(outcome: str, reason: str) -> str:
    if outcome not in (Outcome.ACCEPT, Outcome.AMEND, Outcome.WITHDRAW):
        raise DomainError("Choose accept, amend the grade or withdraw", field="outcome")
    return checked_reason(reason, required=outcome != Outcome.ACCEPT)


def apply_unit_outcome(
    *,
    claim: Claim,
    claimed_unit_id: int,
    outcome: str,
    grade: str,
    reason: str,
    acting_user: User,
    reinstate_candidate: bool = False,
) -> tuple[ClaimedUnit, ReviewOutcome]:
    """A unit's outcome decided, recorded and audited, for a caller that holds the claim's lock
    in its transaction: the moderator's `record_unit_outcome`, or a review of moderation, whose
    second examiner-moderator decides through the same rules. With `reinstate_candidate` a
    withdrawn candidate is put back on the claim when one of their units is accepted or
    amended (a review reversing the withdrawal); otherwise their units cannot change."""
    why = _checked_outcome(outcome, reason)
    unit = (
        ClaimedUnit.objects.select_for_update(of=("self",))
        .filter(pk=claimed_unit_id, claim_candidate__claim=claim)
        .select_related("unit", "claim_candidate__candidate")
        .first()
    )
    if unit is None:
        raise NotFound("Unit not found", field="unit")
    cc = unit.claim_candidate
    if cc.withdrawn and not reinstate_candidate:
        raise Conflict(
            f"{cc.candidate.name} has been withdrawn from the claim",
            code="candidate_withdrawn",
        )
    claimed_grade = unit.original_grade or unit.grade
    before = {"state": unit.state, "grade": unit.grade}
    if outcome == Outcome.AMEND:
        if not unit.unit.is_graded:
            raise DomainError("This unit is not graded", field="grade")
        if grade not in unit.unit.grades:
            raise DomainError("Choose the grade", field="grade")
        if grade == claimed_grade:
            raise DomainError(
                f"The centre claimed {claimed_grade}: choose a different grade or accept it",
                field="grade",
            )
        unit.original_grade = claimed_grade
        unit.grade = grade
        unit.state = UnitState.AMENDED
        action = OutcomeAction.AMEND_GRADE
    else:
        unit.grade = claimed_grade
        unit.original_grade = ""
        if outcome == Outcome.ACCEPT:
            unit.state = UnitState.ACCEPTED
            action = OutcomeAction.ACCEPT
        else:
            unit.state = UnitState.WITHDRAWN
            action = OutcomeAction.WITHDRAW_UNIT
    unit.outcome_reason = why
    unit.save(update_fields=["state", "grade", "original_grade", "outcome_reason"])
    if cc.withdrawn and unit.state != UnitState.WITHDRAWN:
        cc.withdrawn = False
        cc.save(update_fields=["withdrawn"])
    decided = record_outcome(
        claim,
        acting_user,
        action,
        reason=why,
        claim_candidate=cc,
        claimed_unit=unit,
        grade_before=before["grade"],
        grade_after=unit.grade,
        units_affected=1,
    )
    record(
        actor=acting_user,
        centre=claim.centre,
        action=f"moderation.{action.value}",
        obj=unit,
        summary=f"{action.label}: unit {unit.unit.number} for "
        f"{cc.candidate.number} on claim {claim.claim_number}",
        changes={
            "state": [before["state"], unit.state],
            "grade": [before["grade"], unit.grade],
            "reason": why,
        },
    )
    return unit, decided


def accept_candidate_units(*, claim_id: int, claim_candidate_id: int, acting_user: User) -> int:
    """Accept every unit of the candidate that has no outcome yet. Returns how many."""
    with transaction.atomic():
        claim = lock_for_moderator(claim_id, acting_user)
        cc = _candidate_on(claim, claim_candidate_id)
        if cc.withdrawn:
            raise Conflict(f"{cc.candidate.name} has been withdrawn from the claim")
        undecided = ClaimedUnit.objects.filter(claim_candidate=cc, state__in=UnitState.undecided())
        count = undecided.update(state=UnitState.ACCEPTED, outcome_reason="")
        if count:
            record_outcome(
                claim,
                acting_user,
                OutcomeAction.ACCEPT,
                claim_candidate=cc,
                units_affected=count,
            )
            record(
                actor=acting_user,
                centre=claim.centre,
                action="moderation.accept",
                obj=cc,
                summary=f"Accepted {wording.count(count, 'unit')} for {cc.candidate.number} on "
                f"claim {claim.claim_number}",
            )
    return count


def _candidate_on(claim: Claim, claim_candidate_id: int) -> ClaimCandidate:
    cc = (
        ClaimCandidate.objects.select_for_update(of=("self",))
        .filter(pk=claim_candidate_id, claim=claim)
        .select_related("candidate")
        .first()
    )
    if cc is None:
        raise NotFound("Candidate not found", field="candidate")
    return cc


def withdraw_assessor_grade(
    *, claim_id: int, assessor_id: int, grade: str, reason: str, acting_user: User
) -> int:
    """Withdraw every unit on the claim assessed by one centre assessor at one grade. The
    outcome and the audit record name the assessor and the grade."""
    why = checked_reason(reason)
    with transaction.atomic():
        claim = lock_for_moderator(claim_id, acting_user)
        assessor = CentreAssessor.objects.filter(pk=assessor_id, centre_id=claim.centre_id).first()
        units = ClaimedUnit.objects.filter(
            claim_candidate__claim=claim,
            claim_candidate__withdrawn=False,
            assessor_id=assessor_id,
            grade=grade,
        ).exclude(state__in=UnitState.not_counting())
        ids = list(units.values_list("pk", flat=True))
        if assessor is None or not ids:
            raise DomainError(
                "No units on this claim have that centre assessor and grade", field="assessor"
            )
        ClaimedUnit.objects.filter(pk__in=ids).update(state=UnitState.WITHDRAWN, outcome_reason=why)
        record_outcome(
            claim,
            acting_user,
            OutcomeAction.WITHDRAW_ASSESSOR_GRADE,
            reason=why,
            centre_assessor=assessor,
            grade_before=grade,
            units_affected=len(ids),
        )
        record(
            actor=acting_user,
            centre=claim.centre,
            action="moderation.withdraw_assessor_grade",
            obj=claim,
            summary=f"Withdrew {wording.count(len(ids), 'unit')} of centre assessor {assessor} "
            f"at grade {grade or 'none'} on claim {claim.claim_number}",
            changes={
                "assessor": assessor_id,
                "assessor_name": str(assessor),
                "grade": grade,
                "units": ids,
                "reason": why,
            },
        )
    return len(ids)


def withdraw_candidate(
    *, claim_id: int, claim_candidate_id: int, reason: str, acting_user: User
) -> ClaimCandidate:
    """Withdraw a candidate from the claim: none of their units will be accepted."""
    why = checked_reason(reason)
    with transaction.atomic():
        claim = lock_for_moderator(claim_id, acting_user)
        cc = _candidate_on(claim, claim_candidate_id)
        if cc.withdrawn:
            raise Conflict(f"{cc.candidate.name} is already withdrawn")
        cc.withdrawn = True
        cc.save(update_fields=["withdrawn"])
        count = ClaimedUnit.objects.filter(claim_candidate=cc).update(
            state=UnitState.WITHDRAWN, outcome_reason=why
        )
        record_outcome(
            claim,
            acting_user,
            OutcomeAction.WITHDRAW_CANDIDATE,
            reason=why,
            claim_candidate=cc,
            units_affected=count,
        )
        record(
            actor=acting_user,
            centre=claim.centre,
            action="moderation.withdraw_candidate",
            obj=cc,
            summary=f"Withdrew {cc.candidate.number} from claim {claim.claim_number}",
            changes={"reason": why},
        )
    return cc


def flag_malpractice(
    *, claim_id: int, claim_candidate_id: int, reason: str, acting_user: User
) -> ClaimCandidate:
    """Flag the candidate for malpractice: a case is opened and their results and award from
    this claim are held until operations close it. Operations and the centre are told."""
    why = checked_reason(reason)
    with transaction.atomic():
        claim = lock_for_moderator(claim_id, acting_user)
        cc = _candidate_on(claim, claim_candidate_id)
        if cc.malpractice:
            raise Conflict(f"Malpractice is already flagged for {cc.candidate.name}")
        cc.malpractice = True
        cc.save(update_fields=["malpractice"])
        case = MalpracticeCase.objects.create(
            claim=claim,
            claim_candidate=cc,
            reason=why,
            opened_at=timezone.now(),
            opened_by=acting_user,
        )
        record_outcome(
            claim, acting_user, OutcomeAction.MALPRACTICE, reason=why, claim_candidate=cc
        )
        record(
            actor=acting_user,
            centre=claim.centre,
            action="moderation.malpractice",
            obj=case,
            summary=f"Flagged malpractice for {cc.candidate.number} on claim {claim.claim_number}: "
            "malpractice case opened, results held",
            changes={"reason": why, "claim_candidate": cc.pk},
        )
        messages.malpractice_case_opened(case)
    return cc
