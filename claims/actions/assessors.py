"""Centre assessors: the people at a centre who mark the assessment, known by their initials."""

import re

from django.db import IntegrityError, transaction

from accounts.models import Membership, User
from accounts.permissions import require_claims_role
from audit.actions import record
from catalogue.models import Qualification
from catalogue.selectors import approved_qualifications
from common.errors import Conflict, DomainErrors, FieldError, NotFound

from ..models import CentreAssessor, max_length

# The limits are the table's, so the form, its messages and the rule here say the same number.
MAX_NAME = max_length(CentreAssessor, "name")
MAX_INITIALS = max_length(CentreAssessor, "initials")
INITIALS = re.compile(rf"[A-Za-z]{{1,{MAX_INITIALS}}}")

NAME_MISSING = "Enter the centre assessor's full name"
NAME_TOO_LONG = f"Name must be {MAX_NAME} characters or fewer"
INITIALS_MISSING = "Enter the centre assessor's initials"
INITIALS_TOO_LONG = f"Initials must be {MAX_INITIALS} letters or fewer"
INITIALS_HINT = f"Up to {MAX_INITIALS} letters, different from every other assessor at your centre"


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _detail_problems(name: str, initials: str) -> tuple[str, str, list[FieldError]]:
    """The name and initials as kept, and every problem with them (all of them, so that the
    page shows each beside its field in one go)."""
    name = " ".join(name.split())
    initials = initials.strip()
    problems: list[FieldError] = []
    if not name:
        problems.append(FieldError(NAME_MISSING, field="name"))
    elif len(name) > MAX_NAME:
        problems.append(FieldError(NAME_TOO_LONG, field="name"))
    if not initials:
        problems.append(FieldError(INITIALS_MISSING, field="initials"))
    elif len(initials) > MAX_INITIALS:
        problems.append(FieldError(INITIALS_TOO_LONG, field="initials"))
    elif not INITIALS.fullmatch(initials):
        problems.append(FieldError("Initials must only include letters a to z", field="initials"))
    return name, initials.upper(), problems


def _used_by(holder: CentreAssessor, initials: str) -> str:
    return (
        f"Initials {initials} are already used by {holder.name} at your centre: enter different "
        "initials"
    )


def _refuse_details(
    problems: list[FieldError], *, centre_id: int, initials: str, name: str, other_than: int | None
) -> None:
    """Refuse bad details with every problem at once, including initials another assessor at
    the centre holds (checked again, under a lock, once the details are good)."""
    if not problems:
        return
    if not any(problem.field == "initials" for problem in problems):
        holders = CentreAssessor.objects.filter(centre_id=centre_id, initials__iexact=initials)
        if other_than is not None:
            holders = holders.exclude(pk=other_than)
        holder = holders.first()
        if holder is not None and (other_than is not None or not _same_name(holder.name, name)):
            problems.append(
                FieldError(_used_by(holder, initials), field="initials", code="initials_taken")
            )
    raise DomainErrors(problems)


def _initials_taken(initials: str) -> Conflict:
    # Someone set up the same initials at the same moment.
    return Conflict(
        f"Initials {initials} are already used at your centre: enter different initials",
        field="initials",
        code="initials_taken",
    )


def add_centre_assessor(
    *,
    membership: Membership,
    qualification: Qualification,
    name: str,
    initials: str,
    acting_user: User,
) -> CentreAssessor:
    """Set up a centre assessor for a qualification.

    Initials are unique within the centre, ignoring case. The same person (same initials and
    same name) already set up for another qualification is added to this one as well.
    """
    require_claims_role(membership)
    if not approved_qualifications(membership.centre).filter(pk=qualification.pk).exists():
        raise NotFound("Qualification not found", field="qualification")
    name, initials, problems = _detail_problems(name, initials)
    _refuse_details(
        problems, centre_id=membership.centre_id, initials=initials, name=name, other_than=None
    )
    try:
        with transaction.atomic():
            existing = (
                CentreAssessor.objects.select_for_update()
                .filter(centre_id=membership.centre_id, initials__iexact=initials)
                .first()
            )
            if existing is not None:
                if not _same_name(existing.name, name):
                    raise Conflict(
                        _used_by(existing, initials), field="initials", code="initials_taken"
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
                    centre_id=membership.centre_id, name=name, initials=initials
                )
                assessor.qualifications.add(qualification)
                summary = f"Set up centre assessor {initials} {name} for {qualification.code}"
            record(
                actor=acting_user,
                centre=membership.centre,
                action="assessor.added",
                obj=assessor,
                summary=summary,
                changes={"qualification": qualification.code, "name": name, "initials": initials},
            )
    except IntegrityError:
        raise _initials_taken(initials) from None
    return assessor


def update_centre_assessor(
    *, membership: Membership, assessor_id: int, name: str, initials: str, acting_user: User
) -> CentreAssessor:
    """Change an assessor's name or initials, for every qualification they are set up for."""
    require_claims_role(membership)
    name, initials, problems = _detail_problems(name, initials)
    if problems:
        if not CentreAssessor.objects.filter(
            centre_id=membership.centre_id, pk=assessor_id
        ).exists():
            raise NotFound("Centre assessor not found", field="assessor")
        _refuse_details(
            problems,
            centre_id=membership.centre_id,
            initials=initials,
            name=name,
            other_than=assessor_id,
        )
    try:
        with transaction.atomic():
            assessor = (
                CentreAssessor.objects.select_for_update()
                .filter(centre_id=membership.centre_id, pk=assessor_id)
                .first()
            )
            if assessor is None:
                raise NotFound("Centre assessor not found", field="assessor")
            other = (
                CentreAssessor.objects.filter(
                    centre_id=membership.centre_id, initials__iexact=initials
                )
                .exclude(pk=assessor.pk)
                .first()
            )
            if other is not None:
                raise Conflict(_used_by(other, initials), field="initials", code="initials_taken")
            before = {"name": assessor.name, "initials": assessor.initials}
            assessor.name = name
            assessor.initials = initials
            assessor.save(update_fields=["name", "initials"])
            after = {"name": name, "initials": initials}
            record(
                actor=acting_user,
                centre=membership.centre,
                action="assessor.updated",
                obj=assessor,
                summary=f"Changed centre assessor {initials}",
                changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
            )
    except IntegrityError:
        raise _initials_taken(initials) from None
    return assessor
