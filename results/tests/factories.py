"""Claims for results tests, built with the models and moved on only through claims.transitions.

A claim starts as a draft with a claim number (as if submitted), its candidates and units are
rows of ClaimCandidate and ClaimedUnit, and `finalise` moves it Draft → Submitted → Finalised the
way the centre and the moderator would.
"""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Max

from accounts.models import Centre, User
from candidates.models import Candidate
from catalogue.models import Qualification, Unit
from claims import transitions
from claims.models import CentreAssessor, Claim, ClaimCandidate, ClaimedUnit, ClaimStatus, UnitState
from results import actions
from results.actions import RecordedResults


def qualification(code: str = "03991") -> Qualification:
    return Qualification.objects.get(code=code)


def candidate(number: str) -> Candidate:
    return Candidate.objects.get(number=number)


def ops() -> User:
    return User.objects.get(email="ops@awarding.test")


def assessor(centre: Centre, qualification: Qualification) -> CentreAssessor:
    found, _ = CentreAssessor.objects.get_or_create(
        centre=centre, initials="RA", defaults={"name": "Results Assessor"}
    )
    found.qualifications.add(qualification)
    return found


def claim(code: str = "03991", centre_number: str = "12345") -> Claim:
    """A draft claim with the next free claim number."""
    centre = Centre.objects.get(number=centre_number)
    highest = Claim.objects.aggregate(n=Max("claim_number"))["n"] or 90000
    return Claim.objects.create(
        centre=centre,
        qualification=qualification(code),
        created_by=User.objects.get(email="tutor@northfield.test"),
        claim_number=max(highest, 90000) + 1,
    )


def add(
    claim: Claim,
    who: Candidate | str,
    numbers: Iterable[int],
    *,
    state: str = UnitState.CLAIMED,
    grade: str = "",
    awarding_body: str = "",
    withdrawn: bool = False,
) -> ClaimCandidate:
    """Put units on the claim for a candidate (adding the candidate if needed)."""
    person = candidate(who) if isinstance(who, str) else who
    on_claim, _ = ClaimCandidate.objects.get_or_create(
        claim=claim, candidate=person, defaults={"withdrawn": withdrawn}
    )
    units = {u.number: u for u in Unit.objects.filter(qualification_id=claim.qualification_id)}
    marker = assessor(claim.centre, claim.qualification)
    ClaimedUnit.objects.bulk_create(
        ClaimedUnit(
            claim_candidate=on_claim,
            unit=units[number],
            assessor=marker,
            grade=grade,
            state=state,
            awarding_body=awarding_body,
            date_claimed=date(2026, 11, 2),
        )
        for number in numbers
    )
    return on_claim


def finalise(claim: Claim) -> Claim:
    """Draft → Submitted → Finalised through claims.transitions, as centre and moderator do."""
    for status in (ClaimStatus.SUBMITTED, ClaimStatus.FINALISED):
        with transaction.atomic():
            locked = transitions.lock(claim.pk)
            transitions.move(locked, to=status, acting_user=None)
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
