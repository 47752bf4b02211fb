"""Changes to people and their roles at a centre, to a centre's approvals, and operations'
retry of a failed email."""

from django.conf import settings
from django.db import transaction

from audit.actions import record
from common.errors import Conflict, DomainError, NotFound, PermissionRefused
from common.reasons import checked_reason
from notifications import notices
from notifications.models import OutboxMessage, OutboxStatus

from . import invitations, messages
from .models import Approval, Invitation, Membership, Role, User
from .permissions import is_operations, require_administrator, require_operations
from .security import is_awarding_body_user


def add_centre_user(
    *, membership: Membership, email: str, full_name: str, role: str, acting_user: User
) -> Membership | Invitation:
    """Give a person a role at the acting administrator's centre.

    A new address gets an account with no password and the role at once; the person is emailed
    a link to set a password. An address that already has an account is only invited: nothing
    changes for that person until they accept (see `accounts.invitations`).
    """
    require_administrator(membership)
    email = email.strip().lower()
    full_name = full_name.strip()
    with transaction.atomic():
        user = User.objects.filter(email=email).first()
        if user is not None:
            return invitations.invite(
                membership=membership,
                user=user,
                email=email,
                full_name=full_name,
                role=role,
                acting_user=acting_user,
            )
        user = User.objects.create_user(email=email, password=None, full_name=full_name)
        added = Membership.objects.create(user=user, centre=membership.centre, role=role)
        record(
            actor=acting_user,
            centre=membership.centre,
            action="membership.added",
            obj=added,
            summary=f"Gave {email} the role {added.get_role_display()}",
            changes={"role": role},
        )
        messages.set_password(user)
    return added


def change_role(
    *, membership: Membership, membership_id: int, role: str, acting_user: User
) -> Membership:
    """Change the role of the person whose membership `membership_id` is, at the acting
    administrator's centre. The last Centre Administrator cannot be demoted."""
    require_administrator(membership)
    with transaction.atomic():
        locked = (
            Membership.objects.select_for_update()
            .select_related("user")
            .filter(centre_id=membership.centre_id, pk=membership_id)
            .first()
        )
        if locked is None:
            # Another centre's person: not found, as anything of another centre is.
            raise NotFound("Person not found")
        if is_awarding_body_user(locked.user):
            raise PermissionRefused(
                f"{locked.user.email} belongs to {settings.AWARDING_BODY_NAME} staff: a centre "
                "cannot give them a role",
                field="role",
            )
        if locked.role == Role.CENTRE_ADMINISTRATOR and role != Role.CENTRE_ADMINISTRATOR:
            admins = Membership.objects.select_for_update().filter(
                centre=membership.centre, role=Role.CENTRE_ADMINISTRATOR
            )
            if admins.count() <= 1:
                raise Conflict("A centre must keep at least one Centre Administrator", field="role")
        old = locked.role
        locked.role = role
        locked.save(update_fields=["role"])
        record(
            actor=acting_user,
            centre=membership.centre,
            action="membership.role_changed",
            obj=locked,
            summary=f"Changed {locked.user.email} from {Role(old).label} to {Role(role).label}",
            changes={"role": [old, role]},
        )
    return locked


def set_direct_claim_status(
    *, approval_id: int, direct: bool, reason: str, acting_user: User
) -> Approval:
    """Grant or remove a centre's direct claim status for a qualification. Operations only,
    with a reason, audited. Only an externally verified qualification can have it: the
    verifier's visits stand in for the moderation a direct claim skips."""
    require_operations(acting_user)
    why = checked_reason(reason)
    with transaction.atomic():
        approval = (
            Approval.objects.select_for_update()
            .select_related("centre", "qualification")
            .filter(pk=approval_id)
            .first()
        )
        if approval is None:
            raise NotFound("Approval not found", field="approval")
        if direct and not approval.qualification.is_verified:
            raise DomainError(
                f"{approval.qualification.code} is not externally verified "
                f"({approval.qualification.get_quality_assurance_display().lower()}): direct "
                "claim status can be granted only for externally verified qualifications",
                field="reason",
                code="not_verified",
            )
        if approval.direct_claim_status == direct:
            raise Conflict(
                f"Centre {approval.centre.number} "
                f"{'already has' if direct else 'does not have'} direct claim status for "
                f"{approval.qualification.code}"
            )
        approval.direct_claim_status = direct
        approval.save(update_fields=["direct_claim_status"])
        record(
            actor=acting_user,
            centre=approval.centre,
            action="approval.direct_claim_status",
            obj=approval,
            summary=f"{'Granted' if direct else 'Removed'} direct claim status for "
            f"{approval.qualification.code} at {approval.centre.number}: {why}",
            changes={"direct_claim_status": [not direct, direct], "reason": why},
        )
    return approval


def retry_email(*, message_id: int, acting_user: User) -> OutboxMessage:
    """Give a failed email a new round of tries, starting now. Operations only; audited."""
    if not is_operations(acting_user):
        raise NotFound("Message not found", field="message")
    with transaction.atomic():
        message, tries, error = notices.retry_failed(message_id)
        record(
            actor=acting_user,
            action="outbox.retried",
            obj=message,
            summary=f"Retried the email “{message.subject}” after {tries} failed tries",
            changes={
                "status": [OutboxStatus.FAILED, OutboxStatus.WAITING],
                "tries": tries,
                "last_error": error,
            },
        )
    return message
