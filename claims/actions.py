"""Building a claim (centre assessors, the draft claim, each candidate's claimed units) and
submitting it.

Every change here locks the claim's row first (as `claims.transitions` does), so a claim that
was submitted meanwhile is never changed, and two saves of the same claim take turns.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import Approval, Membership, ModeratorAssignment, User
from accounts.permissions import require_claims_role
from audit.actions import record
from candidates.models import Candidate, UnnamedEntryMovement
from catalogue.models import Qualification
from catalogue.selectors import approved_qualifications
from common.errors import Conflict, DomainError, NotFound
from common.wording import count

from . import messages, selectors, transitions
from .checks import claim_checks
from .models import CentreAssessor, Claim, ClaimCandidate, ClaimedUnit, ClaimStatus, UnitState

INITIALS = re.compile(r"[A-Za-z]{1,4}")
MAX_NAME = 150
MAX_AWARDING_BODY = 100

STALE_MESSAGE = "This candidate's claim was changed by someone else since you opened it"


class StaleCandidate(Conflict):
    """Someone else saved this candidate's claim after the page being saved was opened."""

    def __init__(self) -> None:
        super().__init__(STALE_MESSAGE, code="stale")


@dataclass(frozen=True)
class RowError:
    """What is wrong with one unit's row; `field` is claiming, assessor or grade."""

    number: int
    field: str
    message: str


class UnitErrors(DomainError):
    """Rows of a candidate's claim that cannot be saved. Nothing was saved."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        super().__init__(errors[0].message, field="units", code="units_invalid")
        self.errors = list(errors)


@dataclass(frozen=True)
class UnitChoice:
    """One row of the candidate claim form as the user sent it.

    claiming is None when neither "Claiming" nor "Not claiming" was chosen.
    """

    number: int
    claiming: bool | None
    assessor_id: int | None = None
    grade: str = ""


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _lock_draft(acting: Membership, claim: Claim) -> Claim:
    """The claim's row, locked; refused unless it is this centre's claim in progress."""
    if claim.centre_id != acting.centre_id:
        raise NotFound("Claim not found", field="claim")
    locked = transitions.lock(claim.pk)
    if locked.status != ClaimStatus.DRAFT:
        raise Conflict(
            f"This claim is {locked.get_status_display()}: it can no longer be changed",
            code="not_draft",
        )
    return locked


# Centre assessors


def _checked_assessor_details(name: str, initials: str) -> tuple[str, str]:
    name = " ".join(name.split())
    initials = initials.strip()
    if not name:
        raise DomainError("Enter the centre assessor's full name", field="name")
    if len(name) > MAX_NAME:
        raise DomainError(f"Name must be {MAX_NAME} characters or fewer", field="name")
    if not initials:
        raise DomainError("Enter the centre assessor's initials", field="initials")
    if len(initials) > 4:
        raise DomainError("Initials must be 4 letters or fewer", field="initials")
    if not INITIALS.fullmatch(initials):
        raise DomainError("Initials must only include letters a to z", field="initials")
    return name, initials.upper()


def add_centre_assessor(
    *,
    acting: Membership,
    qualification: Qualification,
    name: str,
    initials: str,
    acting_user: User,
) -> CentreAssessor:
    """Set up a centre assessor for a qualification.

    Initials are unique within the centre, ignoring case. The same person (same initials and
    same name) already set up for another qualification is added to this one as well.
    """
    require_claims_role(acting)
    if not approved_qualifications(acting.centre).filter(pk=qualification.pk).exists():
        raise NotFound("Qualification not found", field="qualification")
    name, initials = _checked_assessor_details(name, initials)
    try:
        with transaction.atomic():
            existing = (
                CentreAssessor.objects.select_for_update()
                .filter(centre_id=acting.centre_id, initials__iexact=initials)
                .first()
            )
            if existing is not None:
                if not _same_name(existing.name, name):
                    raise Conflict(
                        f"Initials {initials} are already used by {existing.name} at your "
                        "centre: enter different initials",
                        field="initials",
                        code="initials_taken",
                    )
                if existing.qualifications.filter(pk=qualification.pk).exists():
                    raise Conflict(
                        f"{existing.name} ({existing.initials}) is already a centre assessor "
                        "for this qualification",
                        field="initials",
                        code="already_assessor",
                    )
                existing.qualifications.add(qualification)
                assessor = existing
                summary = f"Added centre assessor {assessor.initials} to {qualification.code}"
            else:
                assessor = CentreAssessor.objects.create(
                    centre_id=acting.centre_id, name=name, initials=initials
                )
                assessor.qualifications.add(qualification)
                summary = f"Set up centre assessor {initials} {name} for {qualification.code}"
            record(
                actor=acting_user,
                centre=acting.centre,
                action="assessor.added",
                obj=assessor,
                summary=summary,
                changes={"qualification": qualification.code, "name": name, "initials": initials},
            )
    except IntegrityError:
        # Someone set up the same initials at the same moment.
        raise Conflict(
            f"Initials {initials} are already used at your centre: enter different initials",
            field="initials",
            code="initials_taken",
        ) from None
    return assessor


def update_centre_assessor(
    *, acting: Membership, assessor: CentreAssessor, name: str, initials: str, acting_user: User
) -> CentreAssessor:
    """Change an assessor's name or initials, for every qualification they are set up for."""
    require_claims_role(acting)
    if assessor.centre_id != acting.centre_id:
        raise NotFound("Centre assessor not found", field="assessor")
    name, initials = _checked_assessor_details(name, initials)
    before = {"name": assessor.name, "initials": assessor.initials}
    try:
        with transaction.atomic():
            other = (
                CentreAssessor.objects.filter(centre_id=acting.centre_id, initials__iexact=initials)
                .exclude(pk=assessor.pk)
                .first()
            )
            if other is not None:
                raise Conflict(
                    f"Initials {initials} are already used by {other.name} at your centre: "
                    "enter different initials",
                    field="initials",
                    code="initials_taken",
                )
            assessor.name = name
            assessor.initials = initials
            assessor.save(update_fields=["name", "initials"])
            after = {"name": name, "initials": initials}
            record(
                actor=acting_user,
                centre=acting.centre,
                action="assessor.updated",
                obj=assessor,
                summary=f"Changed centre assessor {initials}",
                changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
            )
    except IntegrityError:
        raise Conflict(
            f"Initials {initials} are already used at your centre: enter different initials",
            field="initials",
            code="initials_taken",
        ) from None
    return assessor


# The draft claim


def create_claim(
    *, acting: Membership, qualification: Qualification, acting_user: User
) -> tuple[Claim, bool]:
    """Start the centre's claim for a qualification, or return the one already in progress;
    and whether this call started it.

    The database allows one draft per centre and qualification, so people pressing Create at
    the same moment end up with the same claim, and exactly one of them is told it was created.
    """
    require_claims_role(acting)
    if not approved_qualifications(acting.centre).filter(pk=qualification.pk).exists():
        raise NotFound("Qualification not found", field="qualification")
    existing = selectors.draft_claim_for(membership=acting, qualification=qualification)
    if existing is not None:
        return existing, False
    if not CentreAssessor.objects.filter(
        centre_id=acting.centre_id, qualifications=qualification
    ).exists():
        raise DomainError(
            "Set up at least one centre assessor for this qualification before building a claim",
            field="assessors",
            code="no_assessors",
        )
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                centre_id=acting.centre_id, qualification=qualification, created_by=acting_user
            )
            record(
                actor=acting_user,
                centre=acting.centre,
                action="claim.created",
                obj=claim,
                summary=f"Started a claim for {qualification.code}",
            )
    except IntegrityError:
        existing = selectors.draft_claim_for(membership=acting, qualification=qualification)
        if existing is None:  # pragma: no cover - the constraint names the only cause
            raise
        return existing, False
    return claim, True


# A candidate's units


def _validated_units(
    current: selectors.CandidateClaim, choices: Sequence[UnitChoice]
) -> dict[int, tuple[int, str]]:
    """The units to be claimed, by unit id, with assessor id and grade; or UnitErrors.

    The choices are the candidate's whole set: a unit not among them is not claimed.
    """
    rows = current.rows_by_number()
    assessor_ids = {a.pk for a in current.assessors}
    name = current.candidate.name
    errors: list[RowError] = []
    wanted: dict[int, tuple[int, str]] = {}
    for choice in sorted(choices, key=lambda c: c.number):
        number = choice.number
        row = rows.get(number)
        if choice.claiming is None:
            if row is not None and row.achieved is None:
                errors.append(
                    RowError(
                        number, "claiming", f"Select Claiming or Not claiming for unit {number}"
                    )
                )
            continue
        if not choice.claiming:
            continue
        if row is None or not row.allowed:
            errors.append(
                RowError(number, "claiming", f"Unit {number} cannot be claimed for {name}")
            )
            continue
        if row.achieved is not None:
            errors.append(
                RowError(number, "claiming", f"{name} has already achieved unit {number}")
            )
            continue
        unit = row.unit
        row_ok = True
        if choice.assessor_id is None or choice.assessor_id not in assessor_ids:
            errors.append(
                RowError(number, "assessor", f"Select the centre assessor for unit {number}")
            )
            row_ok = False
        grade = choice.grade.strip()
        if not unit.is_graded:
            if grade:
                errors.append(
                    RowError(
                        number,
                        "grade",
                        f"Unit {number} is not graded: leave 'Assessed as' empty",
                    )
                )
                row_ok = False
        elif grade not in unit.grades:
            errors.append(
                RowError(
                    number,
                    "grade",
                    f"Select {', '.join(unit.grades[:-1])} or {unit.grades[-1]} "
                    f"for unit {number} in 'Assessed as'",
                )
            )
            row_ok = False
        if row_ok:
            assert choice.assessor_id is not None
            wanted[unit.pk] = (choice.assessor_id, grade)
    if errors:
        raise UnitErrors(errors)
    return wanted


def save_candidate_claim(
    *,
    acting: Membership,
    claim: Claim,
    candidate: Candidate,
    choices: Sequence[UnitChoice],
    version: str,
    acting_user: User,
) -> ClaimCandidate | None:
    """Save the candidate's whole set of claimed units at once, or nothing.

    `version` is what the page showed (CandidateClaim.version); if someone else saved the
    candidate since, StaleCandidate is raised. Choosing "Not claiming" for a unit removes it;
    with no unit left the candidate is taken off the claim and None is returned.
    """
    require_claims_role(acting)
    with transaction.atomic():
        locked = _lock_draft(acting, claim)
        current = selectors.candidate_claim(
            membership=acting, claim=locked, candidate=candidate, for_update=True
        )
        if current.version != version:
            raise StaleCandidate()
        wanted = _validated_units(current, choices)
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
            claim_candidate.version += 1
            claim_candidate.updated_by = acting_user
            claim_candidate.save(update_fields=["version", "updated_by", "updated_at"])
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


# Units from another awarding body


def _bump(claim_candidate: ClaimCandidate, acting_user: User) -> None:
    claim_candidate.version += 1
    claim_candidate.updated_by = acting_user
    claim_candidate.save(update_fields=["version", "updated_by", "updated_at"])


def add_other_awarding_body_unit(
    *,
    acting: Membership,
    claim: Claim,
    candidate: Candidate,
    unit_number: int,
    assessor_id: int,
    awarding_body: str,
    acting_user: User,
) -> ClaimedUnit:
    """Claim a unit the candidate achieved with another awarding body (shown as T)."""
    require_claims_role(acting)
    awarding_body = " ".join(awarding_body.split())
    with transaction.atomic():
        locked = _lock_draft(acting, claim)
        if not locked.qualification.allows_other_awarding_body_units:
            raise NotFound("Units from another awarding body do not count for this qualification")
        current = selectors.candidate_claim(
            membership=acting, claim=locked, candidate=candidate, for_update=True
        )
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
            raise DomainError(
                f"Awarding body must be {MAX_AWARDING_BODY} characters or fewer",
                field="awarding_body",
            )
        claim_candidate = current.claim_candidate
        if claim_candidate is None:
            claim_candidate = ClaimCandidate.objects.create(
                claim=locked, candidate=candidate, updated_by=acting_user
            )
        else:
            _bump(claim_candidate, acting_user)
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
    acting: Membership,
    claim: Claim,
    candidate: Candidate,
    claimed_unit_id: int,
    acting_user: User,
) -> ClaimCandidate | None:
    """Take a unit from another awarding body off the candidate's claim.

    Returns the candidate's place on the claim, or None when it had no other unit left.
    """
    require_claims_role(acting)
    with transaction.atomic():
        locked = _lock_draft(acting, claim)
        current = selectors.candidate_claim(
            membership=acting, claim=locked, candidate=candidate, for_update=True
        )
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
            _bump(claim_candidate, acting_user)
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


# Submitting


FIRST_CLAIM_NUMBER = 10001
CLAIM_NUMBER_ATTEMPTS = 50

DECLARATION = (
    "I confirm I have printed a copy of this claim to be included with the submitted work "
    "for moderation"
)
DECLARATION_MISSING = (
    "Confirm that you have printed a copy of this claim to be included with the submitted "
    "work for moderation"
)


class AlreadySubmitted(Conflict):
    """The claim left Draft before this submission got to it (pressed twice, or by someone else)."""

    def __init__(self, claim: Claim) -> None:
        label = f"claim number {claim.claim_number}" if claim.claim_number else "no claim number"
        super().__init__(
            f"This claim has already been submitted ({label}): it can no longer be changed",
            code="already_submitted",
        )
        self.claim = claim


def needs_declaration(claim: Claim, approval: Approval | None) -> bool:
    """Remote moderation asks for the printed-copy declaration; a direct claim is not moderated."""
    direct = approval is not None and approval.direct_claim_status
    return claim.qualification.is_remote and not direct


def _checked_email(value: str) -> str:
    email = value.strip()
    if not email:
        raise DomainError("Enter your email address", field="submitter_email")
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(
            "Enter an email address in the correct format, like name@example.com",
            field="submitter_email",
        ) from None
    return email


def _allocate_claim_number(claim: Claim) -> int:
    """The next claim number, written to the claim: unique and increasing.

    Two submissions can read the same highest number at once; the unique constraint lets only
    one of them keep it and the other tries the next number, each attempt in its own savepoint
    so the submission's transaction survives the clash.
    """
    for _ in range(CLAIM_NUMBER_ATTEMPTS):
        highest = Claim.objects.aggregate(highest=Max("claim_number"))["highest"]
        number = max((highest or 0) + 1, FIRST_CLAIM_NUMBER)
        try:
            with transaction.atomic():
                Claim.objects.filter(pk=claim.pk).update(claim_number=number)
        except IntegrityError:
            continue
        claim.claim_number = number
        return number
    raise Conflict("Too many claims are being submitted at once: try again", code="busy")


def submit_claim(
    *,
    claim: Claim,
    acting_user: User,
    membership: Membership | None,
    submitter_email: str,
    declaration: bool,
) -> Claim:
    """Submit a claim in progress: "Submit to assessor", or "Submit to OCR" with direct claim
    status, which takes it straight to Finalised.

    In one transaction: the claim's row is locked; it must still be in progress, pass every
    blocking check and, for remote moderation, carry the declaration. It gets the next claim
    number, its examiner-moderator and the submitter's email address (for this claim only), and
    takes one unnamed unit entry for each unit claimed for a candidate without a named entry.
    The moderator's email is written to the outbox in the same transaction and delivered after
    it commits. Submitting a claim that is no longer in progress (pressed twice, or by someone
    else first) raises AlreadySubmitted and changes nothing.
    """
    require_claims_role(membership)
    assert membership is not None
    if claim.centre_id != membership.centre_id:
        raise NotFound("Claim not found", field="claim")
    email = _checked_email(submitter_email)
    with transaction.atomic():
        locked = transitions.lock(claim.pk)
        if locked.status != ClaimStatus.DRAFT:
            raise AlreadySubmitted(locked)
        # The approval's row serialises the submissions of the centre's claims for this
        # qualification, so two of them cannot both spend the same unnamed entries.
        approval = (
            Approval.objects.select_for_update()
            .filter(centre_id=locked.centre_id, qualification_id=locked.qualification_id)
            .first()
        )
        if approval is None:
            raise Conflict(
                f"Your centre is no longer approved for {locked.qualification.code}",
                code="not_approved",
            )
        if needs_declaration(locked, approval) and not declaration:
            raise DomainError(DECLARATION_MISSING, field="declaration", code="declaration")
        checks = claim_checks(locked)
        if checks.blocking:
            raise Conflict(checks.blocking[0].message, code="checks_blocking")
        moderator = (
            ModeratorAssignment.objects.filter(
                centre_id=locked.centre_id, qualification_id=locked.qualification_id
            )
            .select_related("moderator")
            .first()
        )
        direct = approval.direct_claim_status
        if moderator is None and not direct:
            raise Conflict(
                f"No {settings.AWARDING_BODY_NAME} Assessor is assigned to your centre for "
                f"{locked.qualification.code} yet: contact {settings.AWARDING_BODY_NAME}",
                code="no_moderator",
            )
        number = _allocate_claim_number(locked)
        now = timezone.now()
        locked.submitted_by = acting_user
        locked.submitter_email = email
        locked.moderator = moderator.moderator if moderator else None
        locked.submitted_at = now
        locked.save(update_fields=["submitted_by", "submitter_email", "moderator", "submitted_at"])
        used = checks.unnamed_needed
        if used:
            UnnamedEntryMovement.objects.create(
                centre_id=locked.centre_id,
                qualification_id=locked.qualification_id,
                kind=UnnamedEntryMovement.Kind.USED,
                quantity=-used,
                note=f"Claim {number}: {count(used, 'unit')} for "
                f"{count(len(checks.unnamed_units), 'candidate')} without a named entry",
                created_by=acting_user,
            )
        to = ClaimStatus.FINALISED if direct else ClaimStatus.SUBMITTED
        where = settings.AWARDING_BODY_NAME if direct else "the assessor"
        transitions.move(
            locked,
            to=to,
            acting_user=acting_user,
            summary=f"Submitted claim {number} to {where}",
            at=now,
        )
        record(
            actor=acting_user,
            centre=locked.centre,
            action="claim.submission_details",
            obj=locked,
            summary=f"Claim {number}: submission details",
            changes={
                "claim_number": number,
                "submitter_email": email,
                "moderator": locked.moderator.email if locked.moderator else None,
                "unnamed_entries_used": used,
                "direct_claim_status": direct,
            },
        )
        if not direct:
            messages.claim_submitted(locked)
    return locked
