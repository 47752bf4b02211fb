"""Building claims for tests with the real actions, as a centre user would."""

from collections.abc import Mapping
from typing import Any

from django.urls import reverse

from accounts.models import Membership, User
from candidates.models import Candidate
from catalogue.models import Qualification
from claims import actions, selectors
from claims.models import CentreAssessor, Claim, ClaimCandidate


def membership_of(user: User) -> Membership:
    return Membership.objects.select_related("centre").get(user=user)


def qualification(code: str = "03991") -> Qualification:
    return Qualification.objects.get(code=code)


def candidate(number: str) -> Candidate:
    return Candidate.objects.get(number=number)


def set_up_assessor(
    user: User, name: str = "Test Assessor", initials: str = "TA", code: str = "03991"
) -> CentreAssessor:
    return actions.add_centre_assessor(
        membership=membership_of(user),
        qualification=qualification(code),
        name=name,
        initials=initials,
        acting_user=user,
    )


def start_claim(user: User, code: str = "03991", *, with_assessor: bool = True) -> Claim:
    centre = membership_of(user).centre
    if with_assessor and not centre.assessors.filter(qualifications__code=code).exists():
        set_up_assessor(user, code=code)
    claim, _ = actions.create_claim(
        membership=membership_of(user), qualification=qualification(code), acting_user=user
    )
    return claim


def centre_assessor(
    membership: Membership,
    qualification: Qualification,
    initials: str,
    *,
    acting_user: User,
    name: str = "",
) -> CentreAssessor:
    """The centre's assessor with these initials for the qualification, set up with the real
    action (as `name`, "Assessor <initials>" by default, or the same person's name) if they
    are not yet."""
    found = CentreAssessor.objects.filter(
        centre_id=membership.centre_id, initials__iexact=initials
    ).first()
    if found is not None and found.qualifications.filter(pk=qualification.pk).exists():
        return found
    return actions.add_centre_assessor(
        membership=membership,
        qualification=qualification,
        name=found.name if found else (name or f"Assessor {initials}"),
        initials=initials,
        acting_user=acting_user,
    )


def save_units(
    membership: Membership,
    claim: Claim,
    candidate: Candidate,
    units: Mapping[int, tuple[int, str]],
    *,
    acting_user: User,
) -> ClaimCandidate | None:
    """Save the candidate's claim as the candidate claim page would, claiming these units
    ({unit number: (assessor id, grade)}) besides those claimed already."""
    state = selectors.candidate_claim(membership=membership, claim_id=claim.pk, candidate=candidate)
    choices = []
    for row in state.rows:
        if row.achieved is not None:
            continue
        number = row.unit.number
        if number in units:
            assessor_id, grade = units[number]
            choices.append(actions.UnitChoice(number, True, assessor_id, grade))
        elif row.claimed is not None:
            choices.append(
                actions.UnitChoice(number, True, row.claimed.assessor_id, row.claimed.grade)
            )
        else:
            choices.append(actions.UnitChoice(number, False))
    return actions.save_candidate_claim(
        membership=membership,
        claim_id=claim.pk,
        candidate_id=candidate.pk,
        choices=choices,
        version=state.version,
        acting_user=acting_user,
    )


def current(user: User, claim: Claim, number: str) -> selectors.CandidateClaim:
    return selectors.candidate_claim(
        membership=membership_of(user), claim_id=claim.pk, candidate=candidate(number)
    )


def form_data(
    user: User,
    claim: Claim,
    number: str,
    claiming: dict[int, dict[str, Any]] | list[int],
    *,
    version: str | None = None,
) -> dict[str, str]:
    """The POST the candidate claim page sends: every claimable row, claiming those given.

    `claiming` maps unit numbers to overrides of the row's fields (assessor, grade), or lists
    the unit numbers to claim with the page's defaults.
    """
    wanted = {n: {} for n in claiming} if isinstance(claiming, list) else claiming
    state = current(user, claim, number)
    only = state.assessors[0].pk if len(state.assessors) == 1 else ""
    data = {"version": version if version is not None else state.version}
    for row in state.rows:
        if row.achieved is not None:
            continue
        n = row.unit.number
        assessor = row.claimed.assessor_id if row.claimed else only
        data[f"unit-{n}-claiming"] = "claiming" if n in wanted else "not-claiming"
        data[f"unit-{n}-assessor"] = str(assessor)
        if row.unit.is_graded:
            data[f"unit-{n}-grade"] = row.claimed.grade if row.claimed else ""
    for n, fields in wanted.items():
        data[f"unit-{n}-claiming"] = "claiming"
        for name, value in fields.items():
            data[f"unit-{n}-{name}"] = "" if value is None else str(value)
    return data


def candidate_url(claim: Claim, number: str) -> str:
    return reverse("claims:candidate-claim", args=[claim.pk, number])


def claimed_numbers(claim: Claim, number: str) -> list[int]:
    on_claim = ClaimCandidate.objects.filter(claim=claim, candidate__number=number).first()
    if on_claim is None:
        return []
    return sorted(on_claim.units.values_list("unit__number", flat=True))
