"""Closing a malpractice case: operations decide it, and the candidate's held results follow.

Not upheld, the hold is lifted and, if the claim has been processed already, the candidate's
results are recorded now as any claim's are (`record_results` for that candidate). Upheld, the
candidate's units on the claim are not accepted, the sanction is noted, and anything that claim
had already given them (results and a full award, from before results were held) is taken back:
the award is withdrawn, never deleted.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.permissions import require_operations
from audit.actions import record
from candidates.models import AchievedUnit, Award
from certificates import actions as certificate_actions
from claims import transitions
from claims.models import Claim, ClaimedUnit, ClaimStatus, UnitState
from common.errors import Conflict, DomainError, NotFound
from moderation.models import MalpracticeCase

from .. import messages
from .processing import record_results

UPHELD = "upheld"
NOT_UPHELD = "not_upheld"


@dataclass(frozen=True)
class ClosedCase:
    """A case closed, with what closing it released or took back."""

    case: MalpracticeCase
    units_released: int = 0
    award_issued: bool = False
    award_withdrawn: bool = False
    certificates_withdrawn: tuple[str, ...] = ()


def _checked_sanction(sanction: str, *, upheld: bool) -> str:
    """The sanction noted for an upheld case (none for one not upheld)."""
    if not upheld:
        return ""
    limit = MalpracticeCase._meta.get_field("sanction").max_length or 0
    cleaned = (sanction or "").strip()
    if not cleaned:
        raise DomainError("Enter the sanction", field="sanction")
    if len(cleaned) > limit:
        raise DomainError(f"The sanction must be {limit:,} characters or fewer", field="sanction")
    return cleaned


def _checked_notes(notes: str) -> str:
    limit = MalpracticeCase._meta.get_field("notes").max_length or 0
    cleaned = (notes or "").strip()
    if len(cleaned) > limit:
        raise DomainError(f"The notes must be {limit:,} characters or fewer", field="notes")
    return cleaned


def close_case(
    *, case_id: int, outcome: str, sanction: str = "", notes: str = "", acting_user: User
) -> ClosedCase:
    """Record the outcome of an open malpractice case (`UPHELD` or `NOT_UPHELD`). Upheld needs
    the sanction. The claim must have left the examiner-moderator (Finalised or later)."""
    require_operations(acting_user)
    if outcome not in (UPHELD, NOT_UPHELD):
        raise DomainError("Choose whether the case is upheld", field="outcome")
    noted = _checked_sanction(sanction, upheld=outcome == UPHELD)
    written = _checked_notes(notes)
    with transaction.atomic():
        claim_id = (
            MalpracticeCase.objects.filter(pk=case_id).values_list("claim_id", flat=True).first()
        )
        if claim_id is None:
            raise NotFound("Malpractice case not found", field="case")
        claim = transitions.lock(claim_id)
        case = (
            MalpracticeCase.objects.select_for_update(of=("self",))
            .select_related("claim_candidate__candidate", "opened_by")
            .get(pk=case_id)
        )
        case.claim = claim
        if not case.is_open:
            raise Conflict("This malpractice case is already closed", code="case_closed")
        if claim.status in (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED):
            raise Conflict(
                f"Claim {claim.claim_number} is still with the examiner-moderator: close the "
                f"case once it has been sent to the awarding body",
                code="not_finalised",
            )
        cc = case.claim_candidate
        cc.malpractice = False
        cc.save(update_fields=["malpractice"])
        case.status = (
            MalpracticeCase.Status.UPHELD
            if outcome == UPHELD
            else MalpracticeCase.Status.NOT_UPHELD
        )
        case.sanction = noted
        case.notes = written
        case.closed_at = timezone.now()
        case.closed_by = acting_user
        case.save(update_fields=["status", "sanction", "notes", "closed_at", "closed_by"])
        if outcome == UPHELD:
            closed = _uphold(case, claim, acting_user)
        else:
            closed = _release(case, claim, acting_user)
        record(
            actor=acting_user,
            centre=claim.centre,
            action=f"malpractice.{outcome}",
            obj=case,
            summary=f"Malpractice case for {cc.candidate.number} on claim {claim.claim_number} "
            f"closed: {case.get_status_display().lower()}"
            + (f"; sanction: {noted}" if noted else ""),
            changes={
                "status": [MalpracticeCase.Status.OPEN.value, case.status],
                "sanction": noted,
                "notes": written,
                "units_released": closed.units_released,
                "award_issued": closed.award_issued,
                "award_withdrawn": closed.award_withdrawn,
                "certificates_withdrawn": list(closed.certificates_withdrawn),
            },
        )
        messages.malpractice_case_closed(
            closed.case,
            award_withdrawn=closed.award_withdrawn,
            certificates_withdrawn=closed.certificates_withdrawn,
        )
    return closed


def _release(case: MalpracticeCase, claim: Claim, acting_user: User) -> ClosedCase:
    """Not upheld: the candidate's results from a processed claim are recorded now."""
    if claim.status != ClaimStatus.PROCESSED:
        return ClosedCase(case)
    recorded = record_results(
        claim_id=claim.pk,
        acting_user=acting_user,
        candidate_ids=[case.claim_candidate.candidate_id],
    )
    return ClosedCase(
        case, units_released=len(recorded.achieved), award_issued=bool(recorded.awards)
    )


def _uphold(case: MalpracticeCase, claim: Claim, acting_user: User) -> ClosedCase:
    """Upheld: the candidate's units on the claim are not accepted; whatever the claim gave
    them before results were held is taken back, each removal kept in the audit trail."""
    cc = case.claim_candidate
    ClaimedUnit.objects.filter(claim_candidate=cc).exclude(
        state__in=UnitState.not_counting()
    ).update(state=UnitState.NOT_ACCEPTED, outcome_reason=f"Malpractice upheld: {case.sanction}")
    withdrawn = certificate_actions.withdraw_for_malpractice(
        claim_id=claim.pk,
        candidate_id=cc.candidate_id,
        reason=f"Malpractice upheld: {case.sanction}",
        acting_user=acting_user,
    )
    certificates = tuple(certificate.display_number for certificate in withdrawn)
    given = AchievedUnit.objects.filter(candidate_id=cc.candidate_id, claim=claim)
    numbers = sorted(given.values_list("unit__number", flat=True))
    if numbers:
        given.delete()
        record(
            actor=acting_user,
            centre=claim.centre,
            action="results.units_removed",
            obj=cc.candidate,
            summary=f"Results from claim {claim.claim_number} removed after malpractice upheld",
            changes={"claim": claim.pk, "units": numbers},
        )
    award = (
        Award.objects.standing()
        .select_for_update()
        .filter(candidate_id=cc.candidate_id, qualification_id=claim.qualification_id, claim=claim)
        .first()
    )
    if award is None:
        return ClosedCase(case, certificates_withdrawn=certificates)
    award.withdrawn_at = case.closed_at
    award.withdrawn_reason = f"Malpractice upheld: {case.sanction}"
    award.save(update_fields=["withdrawn_at", "withdrawn_reason"])
    record(
        actor=acting_user,
        centre=claim.centre,
        action="award.withdrawn",
        obj=award,
        summary=f"Full award {claim.qualification.code} withdrawn after malpractice upheld on "
        f"claim {claim.claim_number}",
        changes={"candidate": cc.candidate_id, "reason": award.withdrawn_reason},
    )
    return ClosedCase(case, award_withdrawn=True, certificates_withdrawn=certificates)
