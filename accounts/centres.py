"""Operations' changes to centres and their approvals: add a centre, approve it for a
qualification, withdraw an approval. Each is audited; none sends an email.

Withdrawing an approval is refused while other apps still need it (`accounts.dependants`: a
claim with the examiner-moderator or waiting to be processed). Otherwise it takes away, with the
approval, its direct claim status and the centre's examiner-moderator and external verifiers for
the qualification. The centre's candidates and their entries are kept, and so is a claim in
progress, which can no longer be submitted; approving the centre again gives them back their use.

Every change to an approval, its assignments and its claims' submission locks the approval's row
first, so a withdrawal and a submission at the same moment happen one after the other.
"""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from audit.actions import record
from common.errors import Conflict, DomainError, DomainErrors, FieldError, NotFound
from common.reasons import checked_reason

from . import dependants
from .models import Approval, Centre, ModeratorAssignment, User, VerifierAssignment
from .permissions import require_operations

CENTRE_NUMBER = re.compile(r"[0-9]{5}")
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"


def qualification_model() -> Any:
    """The catalogue's Qualification, reached through the approval (accounts sits below it)."""
    return Approval._meta.get_field("qualification").related_model


def add_centre(*, number: str, name: str, contact_email: str, acting_user: User) -> Centre:
    """Add an exam centre with its 5-digit centre number, name and contact email address."""
    require_operations(acting_user)
    number, name = number.strip(), " ".join(name.split())
    contact_email = contact_email.strip().lower()
    problems = []
    if not number:
        problems.append(FieldError("Enter the centre number", field="number"))
    elif not CENTRE_NUMBER.fullmatch(number):
        problems.append(FieldError("Enter the centre number as 5 digits", field="number"))
    if not name:
        problems.append(FieldError("Enter the centre's name", field="name"))
    elif len(name) > 200:
        problems.append(FieldError("The name must be 200 characters or fewer", field="name"))
    if contact_email:
        try:
            if len(contact_email) > 254:
                raise ValidationError("too long")
            validate_email(contact_email)
        except ValidationError:
            problems.append(FieldError(EMAIL_FORMAT, field="contact_email"))
    taken = Conflict(f"Centre {number} already exists", field="number", code="exists")
    if problems:
        # Every problem in one go: a number already taken too, when it is 5 digits.
        if not any(p.field == "number" for p in problems) and (
            Centre.objects.filter(number=number).exists()
        ):
            problems.insert(0, FieldError(taken.message, field="number", code=taken.code))
        raise DomainErrors(problems)
    if Centre.objects.filter(number=number).exists():
        raise taken
    try:
        with transaction.atomic():
            centre = Centre.objects.create(number=number, name=name, contact_email=contact_email)
            record(
                actor=acting_user,
                centre=centre,
                action="centre.added",
                obj=centre,
                summary=f"Added centre {number} {name}",
                changes={"number": number, "name": name, "contact_email": contact_email},
            )
    except IntegrityError:
        # Added by someone else a moment ago.
        raise taken from None
    return centre


def approve(*, centre_id: int, qualification_code: str, acting_user: User) -> Approval:
    """Approve the centre to offer the qualification with that entry code (without direct claim
    status: its claims are moderated)."""
    require_operations(acting_user)
    code = qualification_code.strip()
    if not code:
        raise DomainError("Enter the qualification's entry code", field="qualification")
    with transaction.atomic():
        centre = Centre.objects.select_for_update().filter(pk=centre_id).first()
        if centre is None:
            raise NotFound("Centre not found")
        qualification = qualification_model().objects.filter(code=code).first()
        if qualification is None:
            raise DomainError(
                f"There is no qualification with the entry code {code}", field="qualification"
            )
        if Approval.objects.filter(centre=centre, qualification=qualification).exists():
            raise Conflict(
                f"Centre {centre.number} is already approved for {code}",
                field="qualification",
                code="exists",
            )
        approval = Approval.objects.create(centre=centre, qualification=qualification)
        record(
            actor=acting_user,
            centre=centre,
            action="approval.granted",
            obj=approval,
            summary=f"Approved centre {centre.number} for {code} {qualification.title}",
            changes={"qualification": code, "approved": [False, True]},
        )
    return approval


def lock_approval(approval_id: int) -> Approval:
    found = (
        Approval.objects.select_for_update()
        .select_related("centre", "qualification")
        .filter(pk=approval_id)
        .first()
    )
    if found is None:
        raise NotFound("Approval not found")
    return found


def withdraw_approval(*, approval_id: int, reason: str, acting_user: User) -> Approval:
    """Withdraw the centre's approval for a qualification, with its direct claim status, its
    examiner-moderator and its external verifiers; refused while a claim still needs it."""
    require_operations(acting_user)
    why = checked_reason(reason)
    with transaction.atomic():
        approval = lock_approval(approval_id)
        refusals = dependants.withdrawal_refusals(approval)
        if refusals:
            raise DomainErrors(
                [FieldError(message, code="in_use") for message in refusals], status=409
            )
        centre, qualification = approval.centre, approval.qualification
        where = {"centre_id": centre.pk, "qualification_id": qualification.pk}
        moderator = (
            ModeratorAssignment.objects.filter(**where)
            .values_list("moderator__email", flat=True)
            .first()
        )
        verifiers = list(
            VerifierAssignment.objects.filter(**where)
            .order_by("verifier__email")
            .values_list("verifier__email", flat=True)
        )
        ModeratorAssignment.objects.filter(**where).delete()
        VerifierAssignment.objects.filter(**where).delete()
        record(
            actor=acting_user,
            centre=centre,
            action="approval.withdrawn",
            obj=approval,
            summary=f"Withdrew the approval of centre {centre.number} for {qualification.code}: "
            f"{why}",
            changes={
                "qualification": qualification.code,
                "approved": [True, False],
                "direct_claim_status": [approval.direct_claim_status, False],
                "moderator": [moderator, None],
                "verifiers": [verifiers, []],
                "reason": why,
            },
        )
        approval.delete()
    return approval
