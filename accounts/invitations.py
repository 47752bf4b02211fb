"""Actions for invitations: how a centre offers a role to someone who already has an account.

Adding an existing account's email address never changes that account: it creates an
invitation, emailed to the address. Only the person signed in as that address can accept it
(which creates the membership) or decline it; the centre can withdraw it; it expires after
INVITATION_LIFETIME. A centre has one open invitation per address: inviting again while one
is waiting is refused (withdraw it first, for instance to offer another role). Awarding-body
staff can never be given a centre role by a centre, checked when inviting and again on accepting.
"""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.actions import record
from common.errors import Conflict, NotFound, PermissionRefused

from . import messages
from .models import Invitation, InvitationState, Membership, Role, User
from .permissions import require_administrator
from .security import is_awarding_body_user

INVITATION_LIFETIME = timedelta(days=14)

ALREADY_INVITED = (
    "{email} has already been invited to this centre. To offer them a different role, "
    "withdraw that invitation first"
)
CLOSED = {
    InvitationState.ACCEPTED: "This invitation has already been accepted",
    InvitationState.DECLINED: "This invitation has been declined",
    InvitationState.WITHDRAWN: "This invitation has been withdrawn by the centre",
    InvitationState.EXPIRED: (
        "This invitation has expired. Ask the centre's Centre Administrator to invite you again"
    ),
}


def awarding_body_refusal(email: str) -> PermissionRefused:
    return PermissionRefused(
        f"{email} belongs to {settings.AWARDING_BODY_NAME} staff (an examiner-moderator, an "
        f"external verifier or the operations team). A centre cannot give them a role",
        field="email",
    )


def invite(
    *, membership: Membership, user: User, email: str, full_name: str, role: str, acting_user: User
) -> Invitation:
    """Invite the account at `email` to `role` at the acting administrator's centre.

    The invitation keeps only what the administrator typed; the emailed link's secret is stored
    as its digest. Part of the caller's transaction when there is one.
    """
    require_administrator(membership)
    with transaction.atomic():
        return _invite(membership, user, email, full_name, role, acting_user)


def _invite(
    membership: Membership, user: User, email: str, full_name: str, role: str, acting_user: User
) -> Invitation:
    if is_awarding_body_user(user):
        raise awarding_body_refusal(email)
    if Membership.objects.filter(user=user, centre=membership.centre).exists():
        raise Conflict(
            f"{email} already has a role at this centre: change their role instead", field="email"
        )
    now = timezone.now()
    waiting = (
        Invitation.objects.select_for_update()
        .filter(centre=membership.centre, email=email, **_open())
        .first()
    )
    if waiting is not None:
        if waiting.state(now) != InvitationState.EXPIRED:
            raise Conflict(ALREADY_INVITED.format(email=email), field="email")
        _expire(waiting, now, acting_user)
    token = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                centre=membership.centre,
                email=email,
                full_name=full_name,
                role=role,
                invited_by=acting_user,
                created_at=now,
                expires_at=now + INVITATION_LIFETIME,
                token_digest=Invitation.digest(token),
            )
    except IntegrityError:
        # Another administrator invited the same address at the same moment.
        raise Conflict(ALREADY_INVITED.format(email=email), field="email") from None
    record(
        actor=acting_user,
        centre=membership.centre,
        action="invitation.created",
        obj=invitation,
        summary=f"Invited {email} to the role {Role(role).label}",
        changes={"email": email, "full_name": full_name, "role": role},
    )
    messages.invitation(invitation, token)
    return invitation


def _open() -> dict[str, bool]:
    return {
        "accepted_at__isnull": True,
        "declined_at__isnull": True,
        "withdrawn_at__isnull": True,
        "expired_at__isnull": True,
    }


def _expire(invitation: Invitation, now: datetime, acting_user: User) -> None:
    """Record, once, that an invitation was found expired when someone came to use it."""
    if invitation.expired_at is not None:
        return
    invitation.expired_at = now
    invitation.save(update_fields=["expired_at"])
    record(
        actor=acting_user,
        centre=invitation.centre,
        action="invitation.expired",
        obj=invitation,
        summary=f"The invitation to {invitation.email} had expired when it was used",
    )


def _lock(invitation_id: int) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("centre")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise NotFound("Invitation not found")
    return invitation


def is_invitee(invitation: Invitation, user: User) -> bool:
    return user.is_authenticated and user.email.strip().lower() == invitation.email


def _require_invitee(invitation: Invitation, user: User) -> None:
    if not is_invitee(invitation, user):
        raise PermissionRefused(
            "This invitation was sent to a different email address. Sign out, then sign in as "
            "the person it was sent to"
        )


def record_expiry(*, invitation_id: int, acting_user: User) -> Invitation:
    """The invitee opened an invitation after it expired: record that once."""
    with transaction.atomic():
        invitation = _lock(invitation_id)
        _require_invitee(invitation, acting_user)
        now = timezone.now()
        if invitation.state(now) == InvitationState.EXPIRED:
            _expire(invitation, now, acting_user)
    return invitation


def _respond(invitation_id: int, acting_user: User, *, accept: bool) -> Membership | None:
    """Accept or decline; an expired invitation is recorded as such and then refused."""
    now = timezone.now()
    with transaction.atomic():
        invitation = _lock(invitation_id)
        _require_invitee(invitation, acting_user)
        state = invitation.state(now)
        if state == InvitationState.EXPIRED:
            _expire(invitation, now, acting_user)
        elif state != InvitationState.INVITED:
            raise Conflict(CLOSED[state])
        elif accept:
            return _accept(invitation, now, acting_user)
        else:
            invitation.declined_at = now
            invitation.save(update_fields=["declined_at"])
            record(
                actor=acting_user,
                centre=invitation.centre,
                action="invitation.declined",
                obj=invitation,
                summary=f"{invitation.email} declined the role {invitation.get_role_display()}",
            )
            return None
    # Outside the transaction, so that the expiry stays recorded.
    raise Conflict(CLOSED[InvitationState.EXPIRED])


def _accept(invitation: Invitation, now: datetime, acting_user: User) -> Membership:
    if is_awarding_body_user(acting_user):
        raise PermissionRefused(
            f"You are {settings.AWARDING_BODY_NAME} staff (an examiner-moderator, an external "
            f"verifier or the operations team), so you cannot have a role at a centre"
        )
    if Membership.objects.filter(user=acting_user, centre=invitation.centre).exists():
        raise Conflict(f"You already have a role at centre {invitation.centre.number}")
    membership = Membership.objects.create(
        user=acting_user, centre=invitation.centre, role=invitation.role
    )
    invitation.accepted_at = now
    invitation.save(update_fields=["accepted_at"])
    record(
        actor=acting_user,
        centre=invitation.centre,
        action="invitation.accepted",
        obj=invitation,
        summary=f"{invitation.email} accepted the role {invitation.get_role_display()}",
    )
    record(
        actor=acting_user,
        centre=invitation.centre,
        action="membership.added",
        obj=membership,
        summary=f"Gave {invitation.email} the role {membership.get_role_display()}, by invitation",
        changes={"role": invitation.role, "invitation": invitation.pk},
    )
    return membership


def accept_invitation(*, invitation_id: int, acting_user: User) -> Membership:
    """The invitee, signed in as the invited address, takes the role."""
    membership = _respond(invitation_id, acting_user, accept=True)
    assert membership is not None
    return membership


def decline_invitation(*, invitation_id: int, acting_user: User) -> None:
    _respond(invitation_id, acting_user, accept=False)


def withdraw_invitation(
    *, membership: Membership, invitation_id: int, acting_user: User
) -> Invitation:
    """The centre takes back an invitation that has not been accepted or declined."""
    require_administrator(membership)
    with transaction.atomic():
        invitation = _lock(invitation_id)
        if invitation.centre_id != membership.centre_id:
            raise NotFound("Invitation not found")
        state = invitation.state(timezone.now())
        if not invitation.is_open:
            raise Conflict(f"The invitation to {invitation.email} is {state.label.lower()}")
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])
        record(
            actor=acting_user,
            centre=membership.centre,
            action="invitation.withdrawn",
            obj=invitation,
            summary=f"Withdrew the invitation to {invitation.email}",
        )
    return invitation
