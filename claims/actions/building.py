"""Building a claim: starting the centre's claim for a qualification, and saving each
candidate's claimed units."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Membership, User
from accounts.permissions import require_claims_role
from audit.actions import record
from candidates.models import Candidate
from candidates.selectors import candidates_for
from catalogue.models import Qualification
from catalogue.selectors import approved_qualifications
from common.errors import Conflict, DomainError, DomainErrors, FieldError, NotFound

from .. import selectors
from ..models import CentreAssessor, Claim, ClaimCandidate, ClaimedUnit, ClaimStatus, UnitState

STALE_MESSAGE = "This candidate's claim was changed by someone else since you opened it"


class StaleCandidate(Conflict):
    """Someone else saved this candidate's claim after the page being saved was opened."""

    def __init__(self) -> None:
        super().__init__(STALE_MESSAGE, code="stale")


@dataclass(frozen=True)
class UnitChoice:
    """One row of the candidate claim form as the user sent it.

    claiming is None when neither "Claiming" nor "Not claiming" was chosen.
    """

    number: int
    claiming: bool | None
    assessor_id: int | None = None
    grade: str = ""


def require_draft(claim: Claim) -> None:
    """Refuse a change to a claim that has left Draft. The claim is locked first (through
    `selectors.candidate_claim(for_update=True)`, as `claims.transitions` locks it), so a claim
    submitted meanwhile is never changed, and two saves of the same claim take turns."""
    if claim.status != ClaimStatus.DRAFT:
        raise Conflict(
            f"This claim is {claim.get_status_display()}: it can no longer be changed",
            code="not_draft",
        )


def candidate_of(membership: Membership, candidate_id: int) -> Candidate:
    """The centre's candidate; another centre's is not found."""
    candidate = candidates_for(membership=membership).filter(pk=candidate_id).first()
    if candidate is None:
        raise NotFound("Candidate not found", field="candidate")
    return candidate


def create_claim(
    *, membership: Membership, qualification: Qualification, acting_user: User
) -> tuple[Claim, bool]:
    """Start the centre's claim for a qualification, or return the one already in progress;
    and whether this call started it.

    The database allows one draft per centre and qualification, so people pressing Create at
    the same moment end up with the same claim, and exactly one of them is told it was created.
    """
    require_claims_role(membership)
    if not approved_qualifications(membership.centre).filter(pk=qualification.pk).exists():
        raise NotFound("Qualification not found", field="qualification")
    existing = selectors.draft_claim_for(membership=membership, qualification=qualification)
    if existing is not None:
        return existing, False
    if not CentreAssessor.objects.filter(
        centre_id=membership.centre_id, qualifications=qualification
    ).exists():
        raise DomainError(
            "Set up at least one centre assessor for this qualification before building a claim",
            field="assessors",
            code="no_assessors",
        )
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                centre_id=membership.centre_id,
                qualification=qualification,
                created_by=acting_user,
            )
            record(
                actor=acting_user,
                centre=membership.centre,
                action="claim.created",
                obj=claim,
                summary=f"Started a claim for {qualification.code}",
            )
    except IntegrityError:
        existing = selectors.draft_claim_for(membership=membership, qualification=qualification)
        if existing is None:  # pragma: no cover - the constraint names the only cause
            raise
        return existing, False
    return claim, True


def _row_problems(
    current: selectors.CandidateClaim, choice: UnitChoice
) -> tuple[list[FieldError], tuple[int, str] | None]:
    """What is wrong with one row, and what to claim for its unit (assessor id, grade) when it
    is claimed and nothing is."""
    number = choice.number
    row = current.rows_by_number().get(number)
    name = current.candidate.name

    def problem(field: str, message: str) -> FieldError:
        return FieldError(message, field=field, code=field, row=number)

    if choice.claiming is None:
        if row is not None and row.achieved is None:
            return [problem("claiming", f"Select Claiming or Not claiming for unit {number}")], None
        return [], None
    if not choice.claiming:
        return [], None
    if row is None or not row.allowed:
        return [problem("claiming", f"Unit {number} cannot be claimed for {name}")], None
    if row.achieved is not None:
        return [problem("claiming", f"{name} has already achieved unit {number}")], None
    unit = row.unit
    problems = []
    if choice.assessor_id is None or choice.assessor_id not in {a.pk for a in current.assessors}:
        problems.append(problem("assessor", f"Select the centre assessor for unit {number}"))
    grade = choice.grade.strip()
    if not unit.is_graded:
        if grade:
            problems.append(
                problem("grade", f"Unit {number} is not graded: leave 'Assessed as' empty")
            )
    elif grade not in unit.grades:
        problems.append(
            problem(
                "grade",
                f"Select {', '.join(unit.grades[:-1])} or {unit.grades[-1]} "
                f"for unit {number} in 'Assessed as'",
            )
        )
    if problems:
        return problems, None
    assert choice.assessor_id is not None
    return [], (choice.assessor_id, grade)


def _validated_units(
    current: selectors.CandidateClaim, choices: Sequence[UnitChoice]
) -> dict[int, tuple[int, str]]:
    """The units to be claimed, by unit id, with assessor id and grade; or DomainErrors with a
    problem per row (`row` the unit number, `field` claiming, assessor or grade).

    The choices are the candidate's whole set: a unit not among them is not claimed.
    """
    rows = current.rows_by_number()
    errors: list[FieldError] = []
    wanted: dict[int, tuple[int, str]] = {}
    for choice in sorted(choices, key=lambda c: c.number):
        problems, claimed = _row_problems(current, choice)
        errors += problems
        if claimed is not None:
            wanted[rows[choice.number].unit.pk] = claimed
    if errors:
        raise DomainErrors(errors, message=errors[0].message, field="units", code="units_invalid")
    return wanted


def save_candidate_claim(
    *,
    membership: Membership,
    claim_id: int,
    candidate_id: int,
    choices: Sequence[UnitChoice] | Callable[[selectors.CandidateClaim], Sequence[UnitChoice]],
    version: str,
    acting_user: User,
) -> ClaimCandidate | None:
    """Save the candidate's whole set of claimed units at once, or nothing.

    `choices` are the units' choices, or how to make them from the candidate's units as they
    stand once locked (the page's form, which keeps what is saved for the rows it did not
    show), so that a save reads the candidate's claim once. `version` is what the page showed
    (CandidateClaim.version); if someone else saved the candidate since, StaleCandidate is
    raised. Choosing "Not claiming" for a unit removes it; with no unit left the candidate is
    taken off the claim and None is returned.
    """
    require_claims_role(membership)
    candidate = candidate_of(membership, candidate_id)
    with transaction.atomic():
        current = selectors.candidate_claim(
            membership=membership, claim_id=claim_id, candidate=candidate, for_update=True
        )
        locked = current.claim
        require_draft(locked)
        if current.version != version:
            raise StaleCandidate()
        wanted = _validated_units(current, choices(current) if callable(choices) else choices)
        existing = {c.unit_id: c for c in current.claimed_units}
        removed = [c for unit_id, c in existing.items() if unit_id not in wanted]
        added = [unit_id for unit_id in wanted if unit_id not in existing]
        changed = []
        for unit_id, (assessor_id, grade) in wanted.items():
            claimed = existing.get(unit_id)
            if claimed is not None and (claimed.assessor_id, claimed.grade) != (assessor_id, grade):
                claimed.assessor_id = assessor_id
                claimed.grade = grade
                changed.append(claimed)
        numbers = {row.unit.pk: row.unit.number for row in current.rows}
        changes = {
            "candidate": candidate.number,
            "added": sorted(numbers[u] for u in added),
            "removed": sorted(c.unit.number for c in removed),
            "changed": sorted(c.unit.number for c in changed),
        }
        claim_candidate = current.claim_candidate
        if not wanted:
            if claim_candidate is not None:
                claim_candidate.delete()
                record(
                    actor=acting_user,
                    centre=locked.centre,
                    action="claim.candidate_removed",
                    obj=locked,
                    summary=f"Removed {candidate.number} {candidate.name} from the claim",
                    changes=changes,
                )
            return None
        if claim_candidate is None:
            claim_candidate = ClaimCandidate.objects.create(
                claim=locked, candidate=candidate, updated_by=acting_user
            )
        else:
            bump(claim_candidate, acting_user)
        if removed:
            ClaimedUnit.objects.filter(pk__in=[c.pk for c in removed]).delete()
        if changed:
            ClaimedUnit.objects.bulk_update(changed, ["assessor", "grade"])
        today = timezone.localdate()
        ClaimedUnit.objects.bulk_create(
            ClaimedUnit(
                claim_candidate=claim_candidate,
                unit_id=unit_id,
                assessor_id=wanted[unit_id][0],
                grade=wanted[unit_id][1],
                state=UnitState.CLAIMED,
                date_claimed=today,
            )
            for unit_id in added
        )
        record(
            actor=acting_user,
            centre=locked.centre,
            action="claim.candidate_saved",
            obj=locked,
            summary=f"Saved the claim for {candidate.number} {candidate.name}",
            changes=changes,
        )
    return claim_candidate


def bump(claim_candidate: ClaimCandidate, acting_user: User) -> None:
    """A new version of the candidate's place on the claim: a page opened before is stale."""
    claim_candidate.version += 1
    claim_candidate.updated_by = acting_user
    claim_candidate.save(update_fields=["version", "updated_by", "updated_at"])
