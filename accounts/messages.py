"""The words of the emails about accounts: invitations to a centre and two-factor authentication.

Each function returns (subject, body), as in notifications.messages.
"""

from datetime import datetime

from django.utils import timezone

from notifications.messages import Message, body_name, link, operations_contact

from .models import Invitation, User


def _when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y at %H:%M}"


def invitation(invitation: Invitation, token: str) -> Message:
    centre, inviter = invitation.centre, invitation.invited_by
    return (
        f"Invitation to centre {centre.number} {centre.name} on CertClaims",
        f"{inviter.full_name} ({inviter.email}), Centre Administrator at centre {centre.number} "
        f"{centre.name}, has invited you to have the role {invitation.get_role_display()} "
        f"there.\n\n"
        f"Nothing changes for your account unless you accept. To accept or decline, open this "
        f"link and sign in as {invitation.email}:\n"
        f"{link('accounts:invitation', token)}\n\n"
        f"The invitation expires on {_when(invitation.expires_at)}. If you did not expect it, "
        f"decline it or ignore this email.\n",
    )


def two_factor_set_up(user: User, *, replaced: bool) -> Message:
    what = "A new authenticator app was" if replaced else "Two-factor authentication was"
    before = (
        "It replaces the app you used before: codes from the old app and your old recovery "
        "codes no longer work.\n\n"
        if replaced
        else ""
    )
    return (
        "Two-factor authentication set up on your CertClaims account",
        f"{what} set up for your CertClaims account ({user.email}) on "
        f"{_when(timezone.now())}.\n\n{before}"
        f"If this was not you, contact {operations_contact()} at once.\n",
    )


def two_factor_reset(user: User) -> Message:
    return (
        "Your CertClaims two-factor authentication has been reset",
        f"{body_name()} operations have reset two-factor authentication for your CertClaims "
        f"account ({user.email}). Your authenticator app and your recovery codes no longer "
        f"work for it.\n\n"
        f"When you next sign in you will be asked to set up an authenticator app again if "
        f"your role needs one; you can also set one up yourself at any time:\n"
        f"{link('accounts:two-factor-account')}\n\n"
        f"If you did not ask for this, contact {operations_contact()} at once.\n",
    )
