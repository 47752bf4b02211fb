"""Operations' changes to who moderates and who verifies a centre's qualification.

One examiner-moderator per centre and qualification: assigning another moves the centre's claims
for it to them at once (access is read from the assignment on every request, see
`Claim.objects.for_moderator`). External verifiers, any number, are for externally verified
qualifications only. Either is chosen by email address among the awarding body's people: an
account with a role at a centre is refused. Each change is audited; none sends an email.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from audit.actions import record
from common.errors import (
    Conflict,
    DomainError,
    DomainErrors,
    FieldError,
    NotFound,
    PermissionRefused,
)

from . import dependants
from .centres import EMAIL_FORMAT, lock_approval
from .models import Approval, Membership, ModeratorAssignment, User, VerifierAssignment
from .permissions import require_operations


def awarding_body_person(email: str, *, role: str) -> User:
    """The active account with this email address, if it is not a centre user's."""
    typed = email.strip()
    address = typed.lower()
    if not address:
        raise DomainError(f"Enter the email address of the {role}", field="email")
    try:
        if len(address) > 254:
            raise ValidationError("too long")
        validate_email(address)
    except ValidationError:
        raise DomainError(EMAIL_FORMAT, field="email") from None
    person = User.objects.filter(email=address, is_active=True).first()
    if person is None:
        raise DomainError(f"There is no account with the email address {typed}", field="email")
    centre = (
        Membership.objects.filter(user=person)
        .order_by("centre__number")
        .values_list("centre__number", flat=True)
        .first()
    )
    if centre is not None:
        raise PermissionRefused(
            f"{address} has a role at centre {centre}: a centre user cannot be "
            f"{settings.AWARDING_BODY_NAME}'s {role}",
            field="email",
        )
    return person


def _label(approval: Approval) -> str:
    return f"{approval.qualification.code} at centre {approval.centre.number}"


def assign_moderator(*, approval_id: int, email: str, acting_user: User) -> ModeratorAssignment:
    """Make the person the examiner-moderator of the approval's centre and qualification, in
    place of anyone assigned before."""
    require_operations(acting_user)
    with transaction.atomic():
        approval = lock_approval(approval_id)
        person = awarding_body_person(email, role="examiner-moderator")
        assignment = (
            ModeratorAssignment.objects.select_for_update()
            .select_related("moderator")
            .filter(centre_id=approval.centre_id, qualification_id=approval.qualification_id)
            .first()
        )
        before = assignment.moderator.email if assignment is not None else None
        if before == person.email:
            raise Conflict(
                f"{person.email} is already the examiner-moderator for {_label(approval)}",
                field="email",
            )
        if assignment is None:
            assignment = ModeratorAssignment.objects.create(
                moderator=person, centre=approval.centre, qualification=approval.qualification
            )
            summary = f"Assigned {person.email} to moderate {_label(approval)}"
        else:
            assignment.moderator = person
            assignment.save(update_fields=["moderator"])
            summary = f"Reassigned {_label(approval)} from {before} to {person.email}"
        record(
            actor=acting_user,
            centre=approval.centre,
            action="moderator_assignment.assigned",
            obj=assignment,
            summary=summary,
            changes={
                "qualification": approval.qualification.code,
                "moderator": [before, person.email],
            },
        )
    return assignment


def remove_moderator(*, approval_id: int, acting_user: User) -> Approval:
    """Leave the approval's centre and qualification without an examiner-moderator; refused
    while a claim is with them (reassign instead)."""
    require_operations(acting_user)
    with transaction.atomic():
        approval = lock_approval(approval_id)
        assignment = (
            ModeratorAssignment.objects.select_for_update()
            .select_related("moderator")
            .filter(centre_id=approval.centre_id, qualification_id=approval.qualification_id)
            .first()
        )
        if assignment is None:
            raise Conflict(f"No examiner-moderator is assigned for {_label(approval)}")
        refusals = dependants.moderator_removal_refusals(approval)
        if refusals:
            raise DomainErrors(
                [FieldError(message, code="in_use") for message in refusals], status=409
            )
        before = assignment.moderator.email
        record(
            actor=acting_user,
            centre=approval.centre,
            action="moderator_assignment.removed",
            obj=assignment,
            summary=f"Removed {before} as examiner-moderator for {_label(approval)}",
            changes={"qualification": approval.qualification.code, "moderator": [before, None]},
        )
        assignment.delete()
    return approval


def add_verifier(*, approval_id: int, email: str, acting_user: User) -> VerifierAssignment:
    """Add the person as an external verifier of the approval's centre and qualification, which
    must be externally verified."""
    require_operations(acting_user)
    with transaction.atomic():
        approval = lock_approval(approval_id)
        qualification = approval.qualification
        if not qualification.is_verified:
            raise DomainError(
                f"{qualification.code} is not externally verified "
                f"({qualification.get_quality_assurance_display().lower()}): external verifiers "
                "are assigned only for externally verified qualifications",
                field="email",
                code="not_verified",
            )
        person = awarding_body_person(email, role="external verifier")
        where = {"centre_id": approval.centre_id, "qualification_id": qualification.pk}
        taken = Conflict(
            f"{person.email} is already an external verifier for {_label(approval)}",
            field="email",
        )
        if VerifierAssignment.objects.filter(verifier=person, **where).exists():
            raise taken
        try:
            with transaction.atomic():
                assignment = VerifierAssignment.objects.create(verifier=person, **where)
        except IntegrityError:
            raise taken from None
        record(
            actor=acting_user,
            centre=approval.centre,
            action="verifier_assignment.added",
            obj=assignment,
            summary=f"Added {person.email} as external verifier for {_label(approval)}",
            changes={"qualification": qualification.code, "verifier": [None, person.email]},
        )
    return assignment


def remove_verifier(*, assignment_id: int, acting_user: User) -> VerifierAssignment:
    """Remove an external verifier from a centre and qualification. Their reports are kept."""
    require_operations(acting_user)
    with transaction.atomic():
        assignment = (
            VerifierAssignment.objects.select_for_update()
            .select_related("verifier", "centre", "qualification")
            .filter(pk=assignment_id)
            .first()
        )
        if assignment is None:
            raise NotFound("External verifier not found")
        email = assignment.verifier.email
        label = f"{assignment.qualification.code} at centre {assignment.centre.number}"
        record(
            actor=acting_user,
            centre=assignment.centre,
            action="verifier_assignment.removed",
            obj=assignment,
            summary=f"Removed {email} as external verifier for {label}",
            changes={"qualification": assignment.qualification.code, "verifier": [email, None]},
        )
        assignment.delete()
    return assignment
