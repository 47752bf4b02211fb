"""Building submitted claims for moderation tests, the way a centre's submission leaves them."""

from collections.abc import Sequence
from datetime import date, datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import Centre, ModeratorAssignment, User
from candidates.models import Candidate
from catalogue.models import Qualification
from claims import transitions
from claims.models import CentreAssessor, Claim, ClaimCandidate, ClaimedUnit, ClaimStatus

# (unit number, grade, assessor initials), or (unit number, grade, initials, awarding body)
UnitSpec = tuple[int, str, str] | tuple[int, str, str, str]


def assessor(centre: Centre, qualification: Qualification, initials: str) -> CentreAssessor:
    found, _ = CentreAssessor.objects.get_or_create(
        centre=centre, initials=initials, defaults={"name": f"Assessor {initials}"}
    )
    found.qualifications.add(qualification)
    return found


def next_claim_number() -> int:
    highest = Claim.objects.aggregate(n=Max("claim_number"))["n"] or 78103
    return int(highest) + 1


def submitted_claim(
    *,
    centre_number: str = "12345",
    code: str = "03991",
    candidates: Sequence[tuple[str, Sequence[UnitSpec]]],
    submitted_at: datetime | None = None,
    by: str = "tutor@northfield.test",
) -> Claim:
    """A claim built with the given candidates (by candidate number) and units, then Submitted
    through the transitions module, with its claim number and moderator set."""
    centre = Centre.objects.get(number=centre_number)
    qualification = Qualification.objects.get(code=code)
    submitter = User.objects.get(email=by)
    units = {u.number: u for u in qualification.units.all()}
    assignment = ModeratorAssignment.objects.filter(
        centre=centre, qualification=qualification
    ).first()
    with transaction.atomic():
        claim = Claim.objects.create(
            centre=centre, qualification=qualification, created_by=submitter
        )
        for number, claimed in candidates:
            candidate = Candidate.objects.get(number=number)
            on_claim = ClaimCandidate.objects.create(claim=claim, candidate=candidate)
            for spec in claimed:
                unit_number, grade, initials = spec[0], spec[1], spec[2]
                awarding_body = spec[3] if len(spec) == 4 else ""
                ClaimedUnit.objects.create(
                    claim_candidate=on_claim,
                    unit=units[unit_number],
                    assessor=assessor(centre, qualification, initials),
                    grade=grade,
                    state="other_ab" if awarding_body else "claimed",
                    awarding_body=awarding_body,
                    date_claimed=date.today(),
                )
        locked = transitions.lock(claim.pk)
        locked.claim_number = next_claim_number()
        locked.submitted_by = submitter
        locked.submitter_email = submitter.email
        locked.moderator = assignment.moderator if assignment else None
        locked.save(update_fields=["claim_number", "submitted_by", "submitter_email", "moderator"])
        transitions.move(
            locked,
            to=ClaimStatus.SUBMITTED,
            acting_user=submitter,
            at=submitted_at or timezone.now(),
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
