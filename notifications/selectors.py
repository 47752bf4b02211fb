"""Reading the outbox: each person sees the emails sent to them (and to their centre's address
when they have a claims role there); operations see every email, to watch its delivery."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from accounts.models import Membership, User
from accounts.permissions import can_claim
from common.errors import NotFound

from .models import OutboxMessage, OutboxRecipient, OutboxStatus

PAGE_SIZE = 25
# What a list shows: everything but the body, which can be long.
LIST_FIELDS = (
    "id",
    "created_at",
    "to",
    "subject",
    "status",
    "attempts",
    "last_error",
    "next_attempt_at",
    "sent_at",
)


def addresses_for(user: User, membership: Membership | None) -> list[str]:
    """The user's own address, and their current centre's when they have a claims role there."""
    addresses = [user.email.lower()]
    if can_claim(membership) and membership is not None and membership.centre.contact_email:
        addresses.append(membership.centre.contact_email.lower())
    return addresses


def sees_every_email(user: User) -> bool:
    return bool(user.is_authenticated and user.is_operations)


def outbox_for(*, user: User, membership: Membership | None) -> QuerySet[OutboxMessage]:
    """Newest first; one query per page however many messages there are."""
    if not user.is_authenticated:
        return OutboxMessage.objects.none()
    if sees_every_email(user):
        return OutboxMessage.objects.order_by("-id")
    to_them = OutboxRecipient.objects.filter(
        message_id=OuterRef("pk"), email__in=addresses_for(user, membership)
    )
    return OutboxMessage.objects.filter(Exists(to_them)).order_by("-id")


@dataclass(frozen=True)
class OutboxPage:
    """One page of a list, newest first, with the cursors of the pages on either side."""

    messages: list[OutboxMessage]
    newer: int | None
    older: int | None


def outbox_page(
    *,
    user: User,
    membership: Membership | None,
    status: str = "",
    after: int | None = None,
    before: int | None = None,
    size: int = PAGE_SIZE,
) -> OutboxPage:
    """The messages older than `after`, or newer than `before`, or the newest.

    Keyset pagination on the primary key: one indexed query for any page, however deep, and no
    count of the whole outbox.
    """
    messages = outbox_for(user=user, membership=membership).only(*LIST_FIELDS)
    if status in OutboxStatus.values:
        messages = messages.filter(status=status)
    if before is not None:
        rows = list(messages.filter(pk__gt=before).order_by("id")[: size + 1])
        more = len(rows) > size
        rows = rows[:size][::-1]
        return OutboxPage(
            rows, newer=rows[0].pk if more and rows else None, older=rows[-1].pk if rows else None
        )
    if after is not None:
        messages = messages.filter(pk__lt=after)
    rows = list(messages[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return OutboxPage(
        rows,
        newer=rows[0].pk if after is not None and rows else None,
        older=rows[-1].pk if more else None,
    )


def get_message(*, user: User, membership: Membership | None, message_id: int) -> OutboxMessage:
    found = outbox_for(user=user, membership=membership).filter(pk=message_id).first()
    if found is None:
        raise NotFound("Message not found", field="message")
    return found


def can_read_body(user: User, message: OutboxMessage) -> bool:
    """A confidential email (a link to set a password) is for its addressee's eyes only, not
    for operations or whoever reads the centre's address."""
    return not message.confidential or user.email.lower() in message.to
