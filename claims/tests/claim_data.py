"""Claims of any size written straight to the database, for the grid, export, PDF and checks.

Building 1,000 candidates through the candidate claim page would take minutes; these builders
write the same rows the claim-building actions write, in bulk.
"""

from datetime import date

from django.utils import timezone

from accounts.models import Centre, User
from candidates.models import Candidate, EntryType, NamedEntry
from catalogue.models import Qualification, Unit
from claims.models import CentreAssessor, Claim, ClaimCandidate, ClaimedUnit, UnitState


def northfield() -> Centre:
    return Centre.objects.get(number="12345")


def itq() -> Qualification:
    return Qualification.objects.get(code="03991")


def tutor_user() -> User:
    return User.objects.get(email="tutor@northfield.test")


def assessor(
    centre: Centre | None = None,
    qualification: Qualification | None = None,
    initials: str = "TA",
    name: str = "Test Assessor",
) -> CentreAssessor:
    centre = centre or northfield()
    found, _ = CentreAssessor.objects.get_or_create(
        centre=centre, initials=initials, defaults={"name": name}
    )
    found.qualifications.add(qualification or itq())
    return found


def draft(centre: Centre | None = None, qualification: Qualification | None = None) -> Claim:
    return Claim.objects.create(
        centre=centre or northfield(),
        qualification=qualification or itq(),
        created_by=tutor_user(),
    )


def put(
    claim: Claim,
    candidate: Candidate | str,
    codes: dict[int, str],
    by: CentreAssessor | None = None,
    grade: str = "",
) -> ClaimCandidate:
    """Claim units for a candidate: {unit number: "C" or "T"} ("T" from AQA)."""
    if isinstance(candidate, str):
        candidate = Candidate.objects.get(number=candidate)
    by = by or assessor(claim.centre, claim.qualification)
    on_claim, _ = ClaimCandidate.objects.get_or_create(claim=claim, candidate=candidate)
    units = {u.number: u for u in Unit.objects.filter(qualification=claim.qualification)}
    for number, code in codes.items():
        ClaimedUnit.objects.create(
            claim_candidate=on_claim,
            unit=units[number],
            assessor=by,
            grade=grade,
            state=UnitState.OTHER_AB if code == "T" else UnitState.CLAIMED,
            awarding_body="AQA" if code == "T" else "",
            date_claimed=timezone.localdate(),
        )
    return on_claim


def many_candidates(
    count: int, *, centre: Centre | None = None, start: int = 90000000, entry: bool = True
) -> list[Candidate]:
    """`count` candidates at the centre, with full award entries for 03991 unless entry=False."""
    centre = centre or northfield()
    candidates = Candidate.objects.bulk_create(
        Candidate(
            centre=centre,
            number=str(start + i),
            first_name=f"Learner{i:04d}",
            last_name=f"Surname{i:04d}",
            date_of_birth=date(2000, 1, 1),
        )
        for i in range(count)
    )
    candidates = list(Candidate.objects.filter(number__in=[c.number for c in candidates]))
    if entry:
        NamedEntry.objects.bulk_create(
            NamedEntry(candidate=c, qualification=itq(), entry_type=EntryType.FULL_AWARD)
            for c in candidates
        )
    return sorted(candidates, key=lambda c: c.number)


def big_claim(candidates: int, units: int, *, every: int = 1, start: int = 90000000) -> Claim:
    """A claim of `candidates` new candidates; see `fill`."""
    claim = draft()
    fill(claim, candidates, units, every=every, start=start)
    return claim


def fill(
    claim: Claim, candidates: int, units: int, *, every: int = 1, start: int = 90000000
) -> None:
    """Add `candidates` new candidates; candidate i claims units 1..`units` where
    (unit + i) % every == 0, so with every=1 the grid is full. Unit 3 is from another body."""
    by = assessor()
    people = many_candidates(candidates, start=start)
    on_claim = ClaimCandidate.objects.bulk_create(
        ClaimCandidate(claim=claim, candidate=c) for c in people
    )
    unit_rows = list(Unit.objects.filter(qualification=itq(), number__lte=units))
    today = timezone.localdate()
    rows = []
    for i, cc in enumerate(on_claim):
        for unit in unit_rows:
            if (unit.number + i) % every:
                continue
            other = unit.number == 3
            rows.append(
                ClaimedUnit(
                    claim_candidate=cc,
                    unit=unit,
                    assessor=by,
                    state=UnitState.OTHER_AB if other else UnitState.CLAIMED,
                    awarding_body="AQA" if other else "",
                    date_claimed=today,
                )
            )
    ClaimedUnit.objects.bulk_create(rows, batch_size=2000)
