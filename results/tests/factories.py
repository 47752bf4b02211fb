"""Claims for results tests, taken through the service's own actions: the centre builds and
submits them, the examiner-moderator records outcomes and sends them to the awarding body, and
operations process them.

`claim` starts a claim and `add` saves a candidate's units on it, as the candidate claim page
does; `submit` submits it (buying the unnamed unit entries it needs first); `withdraw_units`,
`withdraw_candidate`, `accept` and `amend` are the moderator's outcomes on a submitted claim;
`finalise` submits it if need be and sends it on; `process` and `processed` record the results.
"""

from collections.abc import Iterable

from django.db.models import Sum

from accounts import actions as account_actions
from accounts.models import Approval, Membership, ModeratorAssignment, Role, User
from candidates import actions as candidate_actions
from candidates.models import Candidate, UnnamedEntryMovement
from catalogue.models import Qualification
from claims import actions as claim_actions
from claims.checks import claim_checks
from claims.models import Claim, ClaimCandidate, ClaimedUnit, ClaimStatus
from claims.tests.helpers import centre_assessor, save_units
from moderation import actions as moderation_actions
from results import actions
from results.actions import RecordedResults

#: Who builds and submits each demo centre's claims.
CENTRE_USERS = {"12345": "tutor@northfield.test", "67890": "admin@southbank.test"}
ASSESSOR = "RA"
REASON = "The evidence does not meet the unit's criteria"


def qualification(code: str = "03991") -> Qualification:
    return Qualification.objects.get(code=code)


def candidate(number: str) -> Candidate:
    return Candidate.objects.get(number=number)


def ops() -> User:
    return User.objects.get(email="ops@awarding.test")


def moderator() -> User:
    return User.objects.get(email="moderator@awarding.test")


def _centre_user(claim_or_centre: Claim | str) -> tuple[User, Membership]:
    number = claim_or_centre if isinstance(claim_or_centre, str) else claim_or_centre.centre.number
    user = User.objects.get(email=CENTRE_USERS[number])
    return user, Membership.objects.select_related("centre").get(user=user)


def moderated(code: str, centre_number: str = "12345") -> None:
    """Claims of this qualification at the centre go to the demo's examiner-moderator: the
    assignment is made (in the admin, by operations) and any direct claim status removed."""
    approval = Approval.objects.select_related("centre").get(
        centre__number=centre_number, qualification__code=code
    )
    ModeratorAssignment.objects.get_or_create(
        centre=approval.centre,
        qualification=qualification(code),
        defaults={"moderator": moderator()},
    )
    if approval.direct_claim_status:
        account_actions.set_direct_claim_status(
            approval_id=approval.pk, direct=False, reason="Moderated from now on", acting_user=ops()
        )


def claim(code: str = "03991", centre_number: str = "12345") -> Claim:
    """A new claim in progress at the centre, with the centre assessor the units are put to."""
    user, membership = _centre_user(centre_number)
    centre_assessor(membership, qualification(code), ASSESSOR, acting_user=user)
    made, created = claim_actions.create_claim(
        membership=membership, qualification=qualification(code), acting_user=user
    )
    assert created, "a claim for this qualification was already in progress"
    return made


def add(
    claim: Claim,
    who: Candidate | str,
    numbers: Iterable[int],
    *,
    grade: str | None = None,
    awarding_body: str = "",
) -> ClaimCandidate:
    """Claim these units for a candidate (adding the candidate if needed), assessed as `grade`
    (Pass unless given, for graded units); or, with an awarding body, add them as units
    achieved with that body."""
    user, membership = _centre_user(claim)
    person = candidate(who) if isinstance(who, str) else who
    assessor = centre_assessor(membership, claim.qualification, ASSESSOR, acting_user=user)
    if awarding_body:
        for number in numbers:
            claim_actions.add_other_awarding_body_unit(
                membership=membership,
                claim_id=claim.pk,
                candidate_id=person.pk,
                unit_number=number,
                assessor_id=assessor.pk,
                awarding_body=awarding_body,
                acting_user=user,
            )
    else:
        graded = {u.number: u.is_graded for u in claim.qualification.units.all()}
        units = {
            number: (assessor.pk, (grade or "Pass") if graded[number] else (grade or ""))
            for number in numbers
        }
        save_units(membership, claim, person, units, acting_user=user)
    return ClaimCandidate.objects.get(claim=claim, candidate=person)


def _buy_unnamed_entries_needed(claim: Claim) -> None:
    needed = claim_checks(claim).unnamed_needed
    balance = (
        UnnamedEntryMovement.objects.filter(
            centre_id=claim.centre_id, qualification_id=claim.qualification_id
        ).aggregate(total=Sum("quantity"))["total"]
        or 0
    )
    if needed <= balance:
        return
    admin = Membership.objects.select_related("user", "centre").get(
        centre_id=claim.centre_id, role=Role.CENTRE_ADMINISTRATOR
    )
    candidate_actions.buy_unnamed_entries(
        membership=admin,
        qualification_id=claim.qualification_id,
        quantity=needed - balance,
        acting_user=admin.user,
    )


def submit(claim: Claim) -> Claim:
    """Submit the claim as the centre would, buying any unnamed unit entries it needs first.
    With direct claim status it is Finalised at once."""
    user, membership = _centre_user(claim)
    _buy_unnamed_entries_needed(claim)
    claim_actions.submit_claim(
        claim_id=claim.pk,
        acting_user=user,
        membership=membership,
        submitter_email=user.email,
        declaration=True,
    )
    claim.refresh_from_db()
    return claim


def _unit(claim: Claim, who: str, number: int) -> ClaimedUnit:
    return ClaimedUnit.objects.get(
        claim_candidate__claim=claim,
        claim_candidate__candidate__number=who,
        unit__number=number,
    )


def _on_claim(claim: Claim, who: Candidate | str) -> ClaimCandidate:
    number = who if isinstance(who, str) else who.number
    return ClaimCandidate.objects.get(claim=claim, candidate__number=number)


def _outcome(claim: Claim, who: str, number: int, outcome: str, **more: str) -> None:
    moderation_actions.record_unit_outcome(
        claim_id=claim.pk,
        claimed_unit_id=_unit(claim, who, number).pk,
        outcome=outcome,
        acting_user=moderator(),
        **more,
    )


def accept(claim: Claim, who: str, numbers: Iterable[int]) -> None:
    for number in numbers:
        _outcome(claim, who, number, moderation_actions.Outcome.ACCEPT)


def amend(claim: Claim, who: str, number: int, grade: str) -> None:
    _outcome(claim, who, number, moderation_actions.Outcome.AMEND, grade=grade, reason=REASON)


def withdraw_units(claim: Claim, who: str, numbers: Iterable[int]) -> None:
    for number in numbers:
        _outcome(claim, who, number, moderation_actions.Outcome.WITHDRAW, reason=REASON)


def withdraw_candidate(claim: Claim, who: Candidate | str) -> None:
    moderation_actions.withdraw_candidate(
        claim_id=claim.pk,
        claim_candidate_id=_on_claim(claim, who).pk,
        reason=REASON,
        acting_user=moderator(),
    )


def finalise(claim: Claim) -> Claim:
    """Submit the claim if it is still in progress, and send it to the awarding body the way
    the examiner-moderator does (units without an outcome are accepted as claimed)."""
    claim.refresh_from_db()
    if claim.status == ClaimStatus.DRAFT:
        submit(claim)
    if claim.status == ClaimStatus.SUBMITTED:
        moderation_actions.save_feedback(
            claim_id=claim.pk, feedback="Evidence seen and agreed.", acting_user=moderator()
        )
        moderation_actions.send_to_awarding_body(claim_id=claim.pk, acting_user=moderator())
    claim.refresh_from_db()
    return claim


def process(claim: Claim) -> RecordedResults:
    return actions.process_claim(claim_id=claim.pk, acting_user=ops())


def processed(units: dict[str, list[int]], code: str = "03991") -> RecordedResults:
    """A claim with these candidates' units (by candidate number), finalised and processed."""
    made = claim(code)
    for number, numbers in units.items():
        add(made, number, numbers)
    return process(finalise(made))
