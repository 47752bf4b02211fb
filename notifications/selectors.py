"""Reading the outbox by address: the emails sent to some addresses, or every email.

Who may read which addresses is decided above this app (`accounts.selectors.outbox_addresses`:
a person's own address, and their centre's when they have a claims role there; every email for
operations), so the outbox needs no knowledge of people or centres.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

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


def outbox_for(addresses: Sequence[str] | None) -> QuerySet[OutboxMessage]:
    """The emails to any of `addresses` (None: every email), newest first; one query per page
    however many messages there are."""
    if addresses is None:
        return OutboxMessage.objects.order_by("-id")
    # The ids of their messages straight from the index on (email, message): asking of every
    # message, newest first, whether it is theirs would read the whole outbox for someone
    # who gets few emails.
    to_them = OutboxRecipient.objects.filter(email__in=[a.lower() for a in addresses])
    return OutboxMessage.objects.filter(pk__in=to_them.values("message_id")).order_by("-id")


@dataclass(frozen=True)
class OutboxPage:
    """One page of a list, newest first, with the cursors of the pages on either side."""

    messages: list[OutboxMessage]
    newer: int | None
    older: int | None


def outbox_page(
    *,
    addresses: Sequence[str] | None,
    status: str = "",
    after: int | None = None,
    before: int | None = None,
    size: int = PAGE_SIZE,
) -> OutboxPage:
    """The messages older than `after`, or newer than `before`, or the newest.

    Keyset pagination on the primary key: one indexed query for any page, however deep, and no
    count of the whole outbox.
    """
    messages = outbox_for(addresses).only(*LIST_FIELDS)
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


def get_message(*, addresses: Sequence[str] | None, message_id: int) -> OutboxMessage:
    found = outbox_for(addresses).filter(pk=message_id).first()
    if found is None:
        raise NotFound("Message not found", field="message")
    return found


def can_read_body(reader_email: str, message: OutboxMessage) -> bool:
    """A confidential email (a link to set a password) is for its addressee's eyes only, not
    for operations or whoever reads the centre's address."""
    return not message.confidential or reader_email.lower() in message.to
