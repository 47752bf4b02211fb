"""Reading a person's outbox: the emails sent to them, and to their centre's address."""

from django.db.models import Exists, OuterRef, QuerySet

from accounts.models import Membership, User
from accounts.selectors import can_claim
from common.errors import NotFound

from .models import OutboxMessage, OutboxRecipient


def addresses_for(user: User, membership: Membership | None) -> list[str]:
    """The user's own address, and their current centre's when they have a claims role there."""
    addresses = [user.email.lower()]
    if can_claim(membership) and membership is not None and membership.centre.contact_email:
        addresses.append(membership.centre.contact_email.lower())
    return addresses


def outbox_for(*, user: User, membership: Membership | None) -> QuerySet[OutboxMessage]:
    """Newest first; one query per page however many messages there are."""
    if not user.is_authenticated:
        return OutboxMessage.objects.none()
    to_them = OutboxRecipient.objects.filter(
        message_id=OuterRef("pk"), email__in=addresses_for(user, membership)
    )
    return OutboxMessage.objects.filter(Exists(to_them)).order_by("-created_at", "-id")


def get_message(*, user: User, membership: Membership | None, message_id: int) -> OutboxMessage:
    found = outbox_for(user=user, membership=membership).filter(pk=message_id).first()
    if found is None:
        raise NotFound("Message not found", field="message")
    return found
