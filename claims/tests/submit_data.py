"""Claims built with the real claim-building actions, ready to view and submit."""

from accounts.models import Membership, User
from claims import actions
from claims.models import Claim

from .helpers import candidate, current, membership_of, start_claim

AMIRA = "11721896"


def claim_units(user: User, claim: Claim, number: str, units: list[int], grade: str = "") -> None:
    """Save a candidate's claim as the candidate claim page would: these units, no others."""
    state = current(user, claim, number)
    assessor = state.assessors[0].pk
    actions.save_candidate_claim(
        membership=membership_of(user),
        claim_id=claim.pk,
        candidate_id=candidate(number).pk,
        choices=[
            actions.UnitChoice(
                row.unit.number,
                row.unit.number in units,
                assessor,
                grade if row.unit.number in units else "",
            )
            for row in state.rows
            if row.achieved is None
        ],
        version=state.version,
        acting_user=user,
    )


def amiras_claim(user: User) -> Claim:
    """The claim-building journey's end: Amira Khan with units 1 and 4, and 7 from AQA."""
    claim = start_claim(user)
    claim_units(user, claim, AMIRA, [1, 4])
    state = current(user, claim, AMIRA)
    actions.add_other_awarding_body_unit(
        membership=membership_of(user),
        claim_id=claim.pk,
        candidate_id=candidate(AMIRA).pk,
        unit_number=7,
        assessor_id=state.assessors[0].pk,
        awarding_body="AQA",
        acting_user=user,
    )
    return claim


def submit(
    user: User,
    claim: Claim,
    *,
    email: str = "tutor@northfield.test",
    declaration: bool = True,
    membership: Membership | None = None,
) -> Claim:
    return actions.submit_claim(
        claim_id=claim.pk,
        acting_user=user,
        membership=membership or membership_of(user),
        submitter_email=email,
        declaration=declaration,
    )
