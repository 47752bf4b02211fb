"""Units a candidate achieved with another awarding body, claimed to count towards the award
(shown as T on the claim)."""

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, User
from accounts.permissions import require_claims_role
from audit.actions import record
from common.errors import Conflict, DomainError, NotFound

from .. import selectors
from ..models import ClaimCandidate, ClaimedUnit, UnitState, max_length
from .building import bump, candidate_of, require_draft

MAX_AWARDING_BODY = max_length(ClaimedUnit, "awarding_body")
AWARDING_BODY_TOO_LONG = f"Awarding body must be {MAX_AWARDING_BODY} characters or fewer"


def add_other_awarding_body_unit(
    *,
    membership: Membership,
    claim_id: int,
    candidate_id: int,
    unit_number: int,
    assessor_id: int,
    awarding_body: str,
    acting_user: User,
) -> ClaimedUnit:
    """Claim a unit the candidate achieved with another awarding body (shown as T)."""
    require_claims_role(membership)
    candidate = candidate_of(membership, candidate_id)
    awarding_body = " ".join(awarding_body.split())
    with transaction.atomic():
        current = selectors.candidate_claim(
            membership=membership, claim_id=claim_id, candidate=candidate, for_update=True
        )
        locked = current.claim
        require_draft(locked)
        if not locked.qualification.allows_other_awarding_body_units:
            raise NotFound("Units from another awarding body do not count for this qualification")
        row = current.rows_by_number().get(unit_number)
        if row is None or not row.allowed:
            raise DomainError(
                f"Unit {unit_number} cannot be claimed for {candidate.name}", field="unit"
            )
        if row.achieved is not None:
            raise DomainError(
                f"{candidate.name} has already achieved unit {unit_number}", field="unit"
            )
        if row.claimed is not None:
            raise Conflict(
                f"Unit {unit_number} is already on the claim for {candidate.name}", field="unit"
            )
        if assessor_id not in {a.pk for a in current.assessors}:
            raise DomainError("Select the centre assessor", field="assessor")
        if not awarding_body:
            raise DomainError("Enter the name of the awarding body", field="awarding_body")
        if len(awarding_body) > MAX_AWARDING_BODY:
            raise DomainError(AWARDING_BODY_TOO_LONG, field="awarding_body")
        claim_candidate = current.claim_candidate
        if claim_candidate is None:
            claim_candidate = ClaimCandidate.objects.create(
                claim=locked, candidate=candidate, updated_by=acting_user
            )
        else:
            bump(claim_candidate, acting_user)
        claimed = ClaimedUnit.objects.create(
            claim_candidate=claim_candidate,
            unit=row.unit,
            assessor_id=assessor_id,
            state=UnitState.OTHER_AB,
            awarding_body=awarding_body,
            date_claimed=timezone.localdate(),
        )
        record(
            actor=acting_user,
            centre=locked.centre,
            action="claim.other_ab_unit_added",
            obj=locked,
            summary=f"Added unit {unit_number} from {awarding_body} for {candidate.number}",
            changes={
                "candidate": candidate.number,
                "unit": unit_number,
                "awarding_body": awarding_body,
            },
        )
    return claimed


def remove_other_awarding_body_unit(
    *,
    membership: Membership,
    claim_id: int,
    candidate_id: int,
    claimed_unit_id: int,
    acting_user: User,
) -> ClaimCandidate | None:
    """Take a unit from another awarding body off the candidate's claim.

    Returns the candidate's place on the claim, or None when it had no other unit left.
    """
    require_claims_role(membership)
    candidate = candidate_of(membership, candidate_id)
    with transaction.atomic():
        current = selectors.candidate_claim(
            membership=membership, claim_id=claim_id, candidate=candidate, for_update=True
        )
        locked = current.claim
        require_draft(locked)
        claimed = next(
            (c for c in current.other_awarding_body_units if c.pk == claimed_unit_id), None
        )
        if claimed is None or current.claim_candidate is None:
            raise NotFound("Unit not found on this candidate's claim", field="unit")
        claimed.delete()
        claim_candidate: ClaimCandidate | None = current.claim_candidate
        assert claim_candidate is not None
        if len(current.claimed_units) == 1:
            claim_candidate.delete()
            claim_candidate = None
        else:
            bump(claim_candidate, acting_user)
        record(
            actor=acting_user,
            centre=locked.centre,
            action="claim.other_ab_unit_removed",
            obj=locked,
            summary=f"Removed unit {claimed.unit.number} from {claimed.awarding_body} "
            f"for {candidate.number}",
            changes={"candidate": candidate.number, "unit": claimed.unit.number},
        )
    return claim_candidate
