"""Who may do what where. Every request's access starts here."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from common.errors import NotFound

from .models import (
    Centre,
    Invitation,
    Membership,
    ModeratorAssignment,
    Role,
    User,
    VerifierAssignment,
)
from .permissions import can_claim, is_operations


def memberships_for(user: User) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    # Whether the user is also an examiner-moderator or an external verifier comes with each row,
    # so that a centre user's menu costs no query of its own (`Roles`).
    return (
        Membership.objects.filter(user=user)
        .select_related("centre")
        .annotate(
            user_moderates=Exists(ModeratorAssignment.objects.filter(moderator_id=user.pk)),
            user_verifies=Exists(VerifierAssignment.objects.filter(verifier_id=user.pk)),
        )
        .order_by("centre__number")
    )


def membership_at(user: User, centre_id: int | None) -> Membership | None:
    """The user's membership at the centre, or None when they have none there."""
    if centre_id is None or not user.is_authenticated:
        return None
    return memberships_for(user).filter(centre_id=centre_id).first()


def current_membership(memberships: list[Membership], centre_id: int | None) -> Membership | None:
    """The membership at the centre chosen for the session; a user with one centre needs no choice.

    Takes the memberships already read for the request, so choosing costs no query.
    """
    for membership in memberships:
        if membership.centre_id == centre_id:
            return membership
    return memberships[0] if len(memberships) == 1 else None


def awarding_body_assignments(user: User) -> tuple[bool, bool]:
    """Whether the user is assigned as an examiner-moderator, and as an external verifier.

    Both answers come from one query: every signed-in page's menu asks for them.
    """
    if not user.is_authenticated:
        return False, False
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            moderates=Exists(ModeratorAssignment.objects.filter(moderator=OuterRef("pk"))),
            verifies=Exists(VerifierAssignment.objects.filter(verifier=OuterRef("pk"))),
        )
        .values_list("moderates", "verifies")
        .first()
    )
    return (bool(row[0]), bool(row[1])) if row else (False, False)


@dataclass
class Roles:
    """What a signed-in user is, across centres and the awarding body.

    The memberships are given (read once per request, fresh each time, so a removed role takes
    effect on the next request). The examiner-moderator and external verifier assignments come
    with the memberships; for a user with none they are read together, only when first asked
    for: many responses never show the menu.
    """

    user: User | None = None
    memberships: list[Membership] = field(default_factory=list)

    @property
    def is_operations(self) -> bool:
        return self.user is not None and is_operations(self.user)

    @cached_property
    def _assignments(self) -> tuple[bool, bool]:
        if self.user is None:
            return False, False
        # Read with the memberships (`memberships_for`) when the user has any.
        first = self.memberships[0] if self.memberships else None
        if first is not None and hasattr(first, "user_moderates"):
            return bool(first.user_moderates), bool(getattr(first, "user_verifies", False))
        return awarding_body_assignments(self.user)

    @property
    def is_moderator(self) -> bool:
        return self._assignments[0]

    @property
    def is_verifier(self) -> bool:
        return self._assignments[1]

    @property
    def is_centre_user(self) -> bool:
        return bool(self.memberships)

    @property
    def is_awarding_body(self) -> bool:
        return self.is_operations or self.is_moderator or self.is_verifier


def roles_of(user: User) -> Roles:
    if not user.is_authenticated:
        return Roles()
    return Roles(user=user, memberships=list(memberships_for(user)))


def centre_users(*, membership: Membership) -> QuerySet[Membership]:
    """The people at the acting user's centre; only a Centre Administrator may list them."""
    if membership.role != Role.CENTRE_ADMINISTRATOR:
        return Membership.objects.none()
    return (
        Membership.objects.filter(centre=membership.centre)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def get_centre_membership(*, membership: Membership, membership_id: int) -> Membership:
    try:
        return centre_users(membership=membership).get(pk=membership_id)
    except Membership.DoesNotExist:
        raise NotFound() from None


def centre_invitations(*, membership: Membership) -> QuerySet[Invitation]:
    """The centre's open invitations, as its administrator typed them (never the account's own
    details); only a Centre Administrator may list them."""
    if membership.role != Role.CENTRE_ADMINISTRATOR:
        return Invitation.objects.none()
    return Invitation.objects.filter(
        centre=membership.centre,
        accepted_at__isnull=True,
        declined_at__isnull=True,
        withdrawn_at__isnull=True,
        expired_at__isnull=True,
    ).order_by("created_at", "pk")


#: How long an answered invitation stays listed on the centre's users page.
ANSWERED_LISTED_FOR = timedelta(days=30)


def answered_invitations(*, membership: Membership, now: datetime) -> QuerySet[Invitation]:
    """The centre's invitations accepted, declined, withdrawn or found expired in the last 30
    days, most recent first, each with `answered_at`; only a Centre Administrator may list
    them. So a centre learns that an invitation was declined, rather than seeing it vanish."""
    if membership.role != Role.CENTRE_ADMINISTRATOR:
        return Invitation.objects.none()
    return (
        Invitation.objects.filter(centre=membership.centre)
        .annotate(answered_at=Coalesce("accepted_at", "declined_at", "withdrawn_at", "expired_at"))
        .filter(answered_at__gte=now - ANSWERED_LISTED_FOR)
        .order_by("-answered_at", "-pk")
    )


def get_centre_invitation(*, membership: Membership, invitation_id: int) -> Invitation:
    found = centre_invitations(membership=membership).filter(pk=invitation_id).first()
    if found is None:
        raise NotFound()
    return found


def invitation_by_token(token: str) -> Invitation:
    """The invitation an emailed link names. Who may act on it is the action's check."""
    found = (
        Invitation.objects.select_related("centre", "invited_by")
        .filter(token_digest=Invitation.digest(token))
        .first()
    )
    if found is None:
        raise NotFound("Invitation not found")
    return found


def moderator_assignments(user: User) -> QuerySet[ModeratorAssignment]:
    return ModeratorAssignment.objects.filter(moderator=user).select_related(
        "centre", "qualification"
    )


def verifier_assignments(user: User) -> QuerySet[VerifierAssignment]:
    return VerifierAssignment.objects.filter(verifier=user).select_related(
        "centre", "qualification"
    )


def own_addresses(user: User, membership: Membership | None) -> list[str]:
    """The user's own address, and their current centre's when they have a claims role there."""
    addresses = [user.email.lower()]
    if can_claim(membership) and membership is not None and membership.centre.contact_email:
        addresses.append(membership.centre.contact_email.lower())
    return addresses


def sees_every_email(user: User) -> bool:
    """Operations watch the delivery of every email."""
    return is_operations(user)


def outbox_addresses(*, user: User, membership: Membership | None) -> list[str] | None:
    """The addresses whose emails the user may read in the outbox; None for every email.
    Nobody signed in reads any."""
    if not user.is_authenticated:
        return []
    return None if sees_every_email(user) else own_addresses(user, membership)


def centres_for_operations(user: User) -> QuerySet[Centre]:
    if not is_operations(user):
        return Centre.objects.none()
    return Centre.objects.all()


def users_for_operations(*, user: User, email: str) -> QuerySet[User]:
    """People whose email address contains `email`, for the operations team only, each with
    whether they have an authenticator app and how many recovery codes they have left."""
    from django_otp.plugins.otp_static.models import StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not is_operations(user):
        raise NotFound()
    codes = StaticToken.objects.filter(device__user=OuterRef("pk"), device__confirmed=True)
    return (
        User.objects.filter(email__icontains=email.strip())
        .annotate(
            has_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            codes_left=Coalesce(
                Subquery(
                    codes.order_by().values("device__user").annotate(n=Count("pk")).values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
        )
        .order_by("email")
    )


def get_user_for_operations(*, user: User, user_id: int) -> User:
    found = users_for_operations(user=user, email="").filter(pk=user_id).first()
    if found is None:
        raise NotFound("User not found")
    return found
