"""Writing an email: a row of the outbox, in the transaction of the change it reports.

An action that decides to tell someone calls `create` inside its own transaction. The message
is kept only if that transaction commits, and only then is a task queued to deliver it
(`delivery.py`), so no request waits on the mail server or fails because of it, and nothing is
sent about a change that rolled back. A message with a `key` goes once only: a second decision
about the same event (a periodic check run twice, two workers at once) finds the key taken and
writes nothing.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import OutboxMessage, OutboxRecipient

if TYPE_CHECKING:
    from claims.models import Claim


def recipients(addresses: Iterable[str | None]) -> list[str]:
    """Addresses cleaned, lower-cased and without repeats, in the order given."""
    seen: list[str] = []
    for address in addresses:
        cleaned = (address or "").strip().lower()
        if cleaned and cleaned not in seen:
            seen.append(cleaned)
    return seen


def create(
    *,
    kind: str,
    to: Iterable[str | None],
    subject: str,
    body: str,
    key: str | None = None,
    claim: "Claim | None" = None,
    confidential: bool = False,
) -> OutboxMessage | None:
    """Write an email to the outbox; it is delivered after commit. None when there is nobody to
    send it to, or when `key` names an event already told.

    Call inside the transaction that made the decision. `confidential` marks an email whose
    body holds a sign-in secret: only the person it is addressed to can read it in the outbox.
    """
    addresses = recipients(to)
    if not addresses:
        return None
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                key=key,
                kind=kind,
                to=addresses,
                from_email=settings.DEFAULT_FROM_EMAIL,
                subject=subject[:300],
                body=body,
                claim=claim,
                confidential=confidential,
                next_attempt_at=timezone.now(),
            )
            OutboxRecipient.objects.bulk_create(
                OutboxRecipient(message=message, email=email) for email in addresses
            )
    except IntegrityError:
        if key is None:
            raise
        return None
    message_id = message.pk
    # Robust: a task queue that cannot take the task now must not undo the change; the periodic
    # sweep delivers the message instead.
    transaction.on_commit(lambda: enqueue(message_id), robust=True)
    return message


def enqueue(message_id: int) -> None:
    from .tasks import deliver_email

    deliver_email.enqueue(message_id)
