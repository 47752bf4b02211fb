"""Writing an email: a row of the outbox, in the transaction of the change it reports.

An action that decides to tell someone calls `create` inside its own transaction. The message
is kept only if that transaction commits, and only then is a task queued to deliver it
(`delivery.py`), so no request waits on the mail server or fails because of it, and nothing is
sent about a change that rolled back. A message with a `key` goes once only: a second decision
about the same event (a periodic check run twice, two workers at once) finds the key taken and
writes nothing.
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from common.errors import Conflict, NotFound

from .models import OutboxMessage, OutboxRecipient, OutboxStatus


def body_name() -> str:
    """The awarding body's name, as emails sign and refer to it."""
    return str(settings.AWARDING_BODY_NAME)


def link(name: str, *args: object) -> str:
    """An absolute link to a page of the service, for an email's body."""
    return str(settings.SITE_URL).rstrip("/") + reverse(name, args=args)


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
    about: models.Model | None = None,
    confidential: bool = False,
) -> OutboxMessage | None:
    """Write an email to the outbox; it is delivered after commit. None when there is nobody to
    send it to, or when `key` names an event already told.

    Call inside the transaction that made the decision. `about` is the record the email is
    about, for `told`. `confidential` marks an email whose body holds a sign-in secret: only
    the person it is addressed to can read it in the outbox.
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
                about_type=about._meta.label_lower if about is not None else "",
                about_id=about.pk if about is not None else None,
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


def told(kind: str, about: type[models.Model]) -> Exists:
    """For a query of `about`'s rows: whether the outbox holds an email of this kind about the
    row. One indexed subquery (about_type, about_id, kind), however many rows are checked."""
    return Exists(
        OutboxMessage.objects.filter(
            about_type=about._meta.label_lower, about_id=OuterRef("pk"), kind=kind
        )
    )


def retry_failed(message_id: int) -> tuple[OutboxMessage, int, str]:
    """Give a failed email a new round of tries, starting now; it is queued after commit.

    Returns the message, how many tries had failed and the last error. Call inside the
    transaction of the person's action, which decides who may retry and records it.
    """
    message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
    if message is None:
        raise NotFound("Message not found", field="message")
    if message.status != OutboxStatus.FAILED:
        raise Conflict(
            f"Only a failed email can be retried: this one is {message.get_status_display()}",
            code="not_failed",
        )
    tries, error = message.attempts, message.last_error
    message.status = OutboxStatus.WAITING
    message.attempts = 0
    message.next_attempt_at = timezone.now()
    message.save(update_fields=["status", "attempts", "next_attempt_at"])
    transaction.on_commit(lambda: enqueue(message.pk), robust=True)
    return message, tries, error
