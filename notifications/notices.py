"""Notices: emails that go exactly once, whatever restarts or retries happen around them.

The rule: an action decides to tell someone inside its own transaction by calling `create`,
which stores a `Notice` under a key naming the event. Only if that transaction commits is a
task queued to send it. Sending locks the notice, skips it if already sent, sends and marks it
sent in one transaction. So:

- a second decision about the same event (a periodic check run twice, two workers at once)
  finds the key taken and creates nothing;
- a task run twice, or a task and the periodic sweep together, send once: the second finds
  `sent_at` set;
- a worker that dies before sending leaves the notice unsent, and the periodic sweep
  (`send_unsent`) sends it.

With the outbox backend the email is written in the same transaction as `sent_at`, so it is
exactly once. With SMTP forwarding, a crash between the server accepting the email and the
commit could send it twice; the notice key travels in a header so a receiving system can tell.
"""

from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from .backends import NOTICE_KEY_HEADER
from .models import Notice

if TYPE_CHECKING:
    from claims.models import Claim

# A notice not sent this long after it was created is picked up by the periodic sweep.
UNSENT_GRACE = timedelta(minutes=2)


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
    key: str,
    kind: str,
    to: Iterable[str | None],
    subject: str,
    body: str,
    claim: "Claim | None" = None,
) -> Notice | None:
    """Store a notice and send it after commit. None when the event was already noticed.

    Call inside the transaction that made the decision.
    """
    addresses = recipients(to)
    if not addresses:
        return None
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                key=key, kind=kind, to=addresses, subject=subject[:300], body=body, claim=claim
            )
    except IntegrityError:
        return None
    notice_id = notice.pk
    transaction.on_commit(lambda: _enqueue(notice_id))
    return notice


def _enqueue(notice_id: int) -> None:
    from .tasks import send_notice

    send_notice.enqueue(notice_id)


def deliver(notice_id: int) -> bool:
    """Send one notice unless it was sent already. True when this call sent it."""
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update().filter(pk=notice_id, sent_at__isnull=True).first()
        )
        if notice is None:
            return False
        notice.attempts += 1
        message = EmailMessage(
            subject=notice.subject,
            body=notice.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=list(notice.to),
            headers={NOTICE_KEY_HEADER: notice.key},
        )
        message.send()
        notice.sent_at = timezone.now()
        notice.save(update_fields=["sent_at", "attempts"])
    return True


def send_unsent() -> int:
    """Send the notices whose task never ran or died (created a while ago, still unsent)."""
    due = Notice.objects.filter(
        sent_at__isnull=True, created_at__lte=timezone.now() - UNSENT_GRACE
    ).values_list("pk", flat=True)
    return sum(1 for notice_id in list(due) if deliver(notice_id))
