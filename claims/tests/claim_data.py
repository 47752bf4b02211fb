"""Claims for the grid, export, PDF and checks.

`draft`, `assessor` and `put` go through the claim-building actions, as the pages do. `fill`,
`big_claim` and `many_candidates` write claims of hundreds or thousands of candidates straight
to the database, the rows the actions would write, in bulk: saving each candidate through the
actions would take minutes for the size and query-count tests that need them.
"""

from datetime import date

from django.utils import timezone

from accounts.models import CLAIM_ROLES, Centre, Membership, User
from candidates.models import Candidate, EntryType, NamedEntry
from catalogue.models import Qualification, Unit
from claims import actions
from claims.models import CentreAssessor, Claim, ClaimCandidate, ClaimedUnit, UnitState

from .helpers import centre_assessor, save_units


def northfield() -> Centre:
    return Centre.objects.get(number="12345")


def itq() -> Qualification:
    return Qualification.objects.get(code="03991")


def tutor_user() -> User:
    return User.objects.get(email="tutor@northfield.test")


def _member(centre: Centre) -> tuple[User, Membership]:
    """Who builds the centre's claims: the tutor at Northfield, else its first claims role."""
    membership = (
        Membership.objects.select_related("user", "centre")
        .filter(centre=centre, role__in=CLAIM_ROLES)
        .order_by("-role")  # tutor before centre administrator
        .first()
    )
    assert membership is not None, f"nobody at {centre.number} makes claims"
    return membership.user, membership


def assessor(
    centre: Centre | None = None,
    qualification: Qualification | None = None,
    initials: str = "TA",
    name: str = "Test Assessor",
) -> CentreAssessor:
    """The centre assessor, set up with the real action if they are not yet."""
    user, membership = _member(centre or northfield())
    return centre_assessor(
        membership, qualification or itq(), initials, acting_user=user, name=name
    )


def draft(centre: Centre | None = None, qualification: Qualification | None = None) -> Claim:
    """A new claim in progress, started with the real action (with a centre assessor)."""
    centre = centre or northfield()
    qualification = qualification or itq()
    user, membership = _member(centre)
    assessor(centre, qualification)
    claim, created = actions.create_claim(
        membership=membership, qualification=qualification, acting_user=user
    )
    assert created, "a claim for this qualification was already in progress"
    return claim


def put(
    claim: Claim,
    candidate: Candidate | str,
    codes: dict[int, str],
    by: CentreAssessor | None = None,
    grade: str = "",
) -> ClaimCandidate:
    """Claim units for a candidate with the real actions: {unit number: "C" or "T"} ("T" from
    AQA), as the candidate claim page saves them."""
    if isinstance(candidate, str):
        candidate = Candidate.objects.get(number=candidate)
    user, membership = _member(claim.centre)
    by = by or assessor(claim.centre, claim.qualification)
    own = {number: (by.pk, grade) for number, code in codes.items() if code != "T"}
    if own:
        save_units(membership, claim, candidate, own, acting_user=user)
    for number, code in codes.items():
        if code == "T":
            actions.add_other_awarding_body_unit(
                membership=membership,
                claim_id=claim.pk,
                candidate_id=candidate.pk,
                unit_number=number,
                assessor_id=by.pk,
                awarding_body="AQA",
                acting_user=user,
            )
    return ClaimCandidate.objects.get(claim=claim, candidate=candidate)


def put_rows(
    claim: Claim,
    candidate: Candidate | str,
    codes: dict[int, str],
    by: CentreAssessor | None = None,
) -> ClaimCandidate:
    """Claim units as `put` does but written as rows, past the save action's checks.

    Only for claims the actions cannot build from here: rows the save refuses (a unit already
    achieved, not entered, or with an assessor not set up for the qualification), which arise
    when the entry, the assessors or the results change after a save; and claims of statuses
    reached only in the apps above this one (moderation, results).
    """
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
