"""Who may do what where. Every request's access starts here."""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from common.errors import NotFound

from .models import (
    CLAIM_ROLES,
    Centre,
    Membership,
    ModeratorAssignment,
    Role,
    User,
    VerifierAssignment,
)


def memberships_for(user: User) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("centre").order_by("centre__number")


def membership_at(user: User, centre_id: int | None) -> Membership | None:
    """The user's membership at the centre, or None when they have none there."""
    if centre_id is None or not user.is_authenticated:
        return None
    return memberships_for(user).filter(centre_id=centre_id).first()


@dataclass
class Roles:
    """What a signed-in user is, across centres and the awarding body."""

    memberships: list[Membership] = field(default_factory=list)
    is_moderator: bool = False
    is_verifier: bool = False
    is_operations: bool = False

    @property
    def is_centre_user(self) -> bool:
        return bool(self.memberships)

    @property
    def is_awarding_body(self) -> bool:
        return self.is_moderator or self.is_verifier or self.is_operations


def roles_of(user: User) -> Roles:
    if not user.is_authenticated:
        return Roles()
    return Roles(
        memberships=list(memberships_for(user)),
        is_moderator=ModeratorAssignment.objects.filter(moderator=user).exists(),
        is_verifier=VerifierAssignment.objects.filter(verifier=user).exists(),
        is_operations=user.is_operations,
    )


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


def moderator_assignments(user: User) -> QuerySet[ModeratorAssignment]:
    return ModeratorAssignment.objects.filter(moderator=user).select_related(
        "centre", "qualification"
    )


def verifier_assignments(user: User) -> QuerySet[VerifierAssignment]:
    return VerifierAssignment.objects.filter(verifier=user).select_related(
        "centre", "qualification"
    )


def can_claim(membership: Membership | None) -> bool:
    return membership is not None and membership.role in CLAIM_ROLES


def centres_for_operations(user: User) -> QuerySet[Centre]:
    if not user.is_operations:
        return Centre.objects.none()
    return Centre.objects.all()
