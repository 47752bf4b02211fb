"""Submitted claims for moderation tests, built and submitted with the centre's real actions."""

from collections.abc import Sequence
from contextlib import nullcontext
from datetime import datetime

import time_machine

from accounts import actions as account_actions
from accounts.models import Approval, Centre, Membership, ModeratorAssignment, User
from candidates import actions as candidate_actions
from candidates.models import Candidate
from catalogue.models import Qualification
from claims import actions as claim_actions
from claims.models import Claim, ClaimCandidate, ClaimedUnit
from claims.tests.helpers import centre_assessor, save_units

# (unit number, grade, assessor initials), or (unit number, grade, initials, awarding body)
UnitSpec = tuple[int, str, str] | tuple[int, str, str, str]


def _body(spec: UnitSpec) -> str:
    return spec[3] if len(spec) == 4 else ""


def submitted_claim(
    *,
    centre_number: str = "12345",
    code: str = "03991",
    candidates: Sequence[tuple[str, Sequence[UnitSpec]]],
    submitted_at: datetime | None = None,
    by: str = "tutor@northfield.test",
) -> Claim:
    """A claim of the given candidates (by candidate number) and units, built and submitted by
    `by` as the centre's pages would (at `submitted_at` if given): it gets its claim number and
    moderator, and its email to the moderator, from the submission itself."""
    submitter = User.objects.get(email=by)
    membership = Membership.objects.select_related("centre").get(
        user=submitter, centre__number=centre_number
    )
    qualification = Qualification.objects.get(code=code)
    when = time_machine.travel(submitted_at, tick=False) if submitted_at else nullcontext()
    with when:
        for _, claimed in candidates:
            for spec in claimed:
                centre_assessor(membership, qualification, spec[2], acting_user=submitter)
        claim, created = claim_actions.create_claim(
            membership=membership, qualification=qualification, acting_user=submitter
        )
        assert created, "a claim for this qualification was already in progress"
        for number, claimed in candidates:
            candidate = Candidate.objects.get(number=number)
            assessors = {
                spec[2]: centre_assessor(
                    membership, qualification, spec[2], acting_user=submitter
                ).pk
                for spec in claimed
            }
            own = {spec[0]: (assessors[spec[2]], spec[1]) for spec in claimed if not _body(spec)}
            if own:
                save_units(membership, claim, candidate, own, acting_user=submitter)
            for spec in claimed:
                if _body(spec):
                    claim_actions.add_other_awarding_body_unit(
                        membership=membership,
                        claim_id=claim.pk,
                        candidate_id=candidate.pk,
                        unit_number=spec[0],
                        assessor_id=assessors[spec[2]],
                        awarding_body=_body(spec),
                        acting_user=submitter,
                    )
        claim_actions.submit_claim(
            claim_id=claim.pk,
            acting_user=submitter,
            membership=membership,
            submitter_email=submitter.email,
            declaration=True,
        )
    return Claim.objects.select_related("centre", "qualification").get(pk=claim.pk)


def demo_claim(submitted_at: datetime | None = None) -> Claim:
    """The acceptance journey's claim: Amira Khan with units 1 and 4, Chloe Davies with unit 1."""
    return submitted_claim(
        candidates=[
            ("11721896", [(1, "", "TA"), (4, "", "TA")]),
            ("11721832", [(1, "", "TA")]),
        ],
        submitted_at=submitted_at,
    )


def claimed_unit(claim: Claim, candidate_number: str, unit_number: int) -> ClaimedUnit:
    return ClaimedUnit.objects.select_related("unit").get(
        claim_candidate__claim=claim,
        claim_candidate__candidate__number=candidate_number,
        unit__number=unit_number,
    )


def on_claim(claim: Claim, candidate_number: str) -> ClaimCandidate:
    return ClaimCandidate.objects.get(claim=claim, candidate__number=candidate_number)


def graded_claim_for(moderator: User, ops: User) -> Claim:
    """A 05203 claim (graded units) moderated by `moderator`: Jane Doe (789012) with units 1
    Merit (TA), 2 Pass (JB), 3 Merit (TA), and Amira Khan (11721896) with 1 Merit and 4
    Distinction (TA) on unnamed entries. Northfield has direct claim status for 05203 in the
    demo; operations remove it here, so the claim goes to the moderator."""
    centre = Centre.objects.get(number="12345")
    graded = Qualification.objects.get(code="05203")
    ModeratorAssignment.objects.create(moderator=moderator, centre=centre, qualification=graded)
    account_actions.set_direct_claim_status(
        approval_id=Approval.objects.get(centre=centre, qualification=graded).pk,
        direct=False,
        reason="Moderated from now on",
        acting_user=ops,
    )
    admin = User.objects.get(email="admin@northfield.test")
    candidate_actions.buy_unnamed_entries(
        membership=Membership.objects.get(user=admin),
        qualification_id=graded.pk,
        quantity=2,
        acting_user=admin,
    )
    return submitted_claim(
        code="05203",
        candidates=[
            ("789012", [(1, "Merit", "TA"), (2, "Pass", "JB"), (3, "Merit", "TA")]),
            ("11721896", [(1, "Merit", "TA"), (4, "Distinction", "TA")]),
        ],
    )
