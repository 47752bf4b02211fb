"""The emails about accounts: setting a password, invitations to a centre, two-factor
authentication; and whom emails name as the operations team.

Each kind of email is written in one function here, which words it, addresses it and writes it
to the outbox, in the transaction of the change that decided it.
"""

from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from notifications import notices
from notifications.notices import body_name, link

from .models import Invitation, User


def operations_contact() -> str:
    """Whom a centre contacts about a late claim: a setting, or the operations team's address."""
    email = getattr(settings, "OPERATIONS_CONTACT_EMAIL", "") or (
        User.objects.filter(is_operations=True, is_active=True)
        .order_by("pk")
        .values_list("email", flat=True)
        .first()
    )
    team = f"{body_name()} Operations"
    return f"{team} at {email}" if email else team


def operations_addresses() -> list[str]:
    """Every active member of the operations team."""
    return list(
        User.objects.filter(is_operations=True, is_active=True)
        .order_by("email")
        .values_list("email", flat=True)
    )


def _when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y at %H:%M}"


def set_password(user: User) -> None:
    """Email a new person a link to set their password (Django's reset token, one use). The
    link is a secret: only the person it is addressed to reads it in the outbox."""
    site = urlsplit(settings.SITE_URL)
    context = {
        "protocol": site.scheme,
        "domain": site.netloc,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    notices.create(
        kind="set_password",
        to=[user.email],
        subject=render_to_string("accounts/emails/set_password_subject.txt", context).strip(),
        body=render_to_string("accounts/emails/set_password.txt", context),
        confidential=True,
    )


def invitation(invitation: Invitation, token: str) -> None:
    """Invite a person who already has an account; the link is a secret, so only the person
    invited may read it in the outbox."""
    centre, inviter = invitation.centre, invitation.invited_by
    notices.create(
        key=f"invitation:{invitation.pk}",
        kind="invitation",
        to=[invitation.email],
        confidential=True,
        subject=f"Invitation to centre {centre.number} {centre.name} on CertClaims",
        body=f"{inviter.full_name} ({inviter.email}), Centre Administrator at centre "
        f"{centre.number} {centre.name}, has invited you to have the role "
        f"{invitation.get_role_display()} there.\n\n"
        f"Nothing changes for your account unless you accept. To accept or decline, open this "
        f"link and sign in as {invitation.email}:\n"
        f"{link('accounts:invitation', token)}\n\n"
        f"The invitation expires on {_when(invitation.expires_at)}. If you did not expect it, "
        f"decline it or ignore this email.\n",
    )


def two_factor_set_up(user: User, *, device_id: int, replaced: bool) -> None:
    """Tell the person that two-factor authentication was set up (or its app replaced)."""
    what = "A new authenticator app was" if replaced else "Two-factor authentication was"
    before = (
        "It replaces the app you used before: codes from the old app and your old recovery "
        "codes no longer work.\n\n"
        if replaced
        else ""
    )
    notices.create(
        key=f"two-factor-set-up:{device_id}",
        kind="two_factor",
        to=[user.email],
        subject="Two-factor authentication set up on your CertClaims account",
        body=f"{what} set up for your CertClaims account ({user.email}) on "
        f"{_when(timezone.now())}.\n\n{before}"
        f"If this was not you, contact {operations_contact()} at once.\n",
    )


def two_factor_reset(user: User, *, event_id: int) -> None:
    """Tell the person that operations reset their two-factor authentication."""
    notices.create(
        key=f"two-factor-reset:{event_id}",
        kind="two_factor",
        to=[user.email],
        subject="Your CertClaims two-factor authentication has been reset",
        body=f"{body_name()} operations have reset two-factor authentication for your CertClaims "
        f"account ({user.email}). Your authenticator app and your recovery codes no longer "
        f"work for it.\n\n"
        f"When you next sign in you will be asked to set up an authenticator app again if "
        f"your role needs one; you can also set one up yourself at any time:\n"
        f"{link('accounts:two-factor-account')}\n\n"
        f"If you did not ask for this, contact {operations_contact()} at once.\n",
    )
