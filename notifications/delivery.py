"""Delivering the outbox: each message through the configured EMAIL_BACKEND, exactly once, with
retries on a backoff schedule.

No database transaction is open while the mail server is talked to: on SQLite a transaction
holds the one write lock, and a slow server would stall every request that writes. A try is
three steps. It claims the message with one committed conditional update: a waiting message
that is due (or a sending one whose claim ran out) becomes Sending until `sending_until`, and
the try is counted. Of two workers, a retried task and the sweep, exactly one matches; the
others find it not due. Then it sends, outside any transaction. Then it records the outcome with
a second conditional update that matches only while the message is still Sending under this
try. Whatever the mail server does (refuses the connection, times out, answers with an error,
refuses the recipients) is caught and written on the message. A permanent refusal (a 5xx reply
refusing every recipient, or the message itself) fails the message at once: trying again would
get the same answer, and operations can retry it once the address is put right. Anything else
(4xx replies, connection errors, timeouts) may pass later: the next try is scheduled from
`OUTBOX_RETRY_DELAYS`, and when they are used up the message is failed.

If the process dies between the claim and the outcome, the message stays Sending until its
claim runs out (`OUTBOX_SENDING_SECONDS`) and is then due again. If the mail server had
accepted it, the receiver gets it twice, with the same Message-ID and outbox key headers, which
tells a mail client or a receiving system that it is one message.
"""

import logging
import smtplib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)

# The message's key (or its number, when it has none) travels in this header.
OUTBOX_KEY_HEADER = "X-CertClaims-Outbox"
# A task that runs a little before its time (clocks of two machines) still counts as due.
EARLY_TOLERANCE = timedelta(seconds=30)
# The sweep leaves a message this long past its time to its own task before taking it.
SWEEP_GRACE = timedelta(minutes=1)
SWEEP_BATCH = 200
ERROR_LENGTH = 1000


@dataclass(frozen=True)
class Attempt:
    """What one call of `deliver` did: "sent", "retry" (waiting for its next try), "failed"
    (every try used up) or "not due" (sent already, failed, not yet time, or another worker
    is sending it). `unreachable` when the mail server could not be reached at all."""

    outcome: str
    unreachable: bool = False


def sending_lease() -> timedelta:
    """How long a worker's claim on a message lasts: longer than any conversation with the mail
    server (each of its replies is waited for up to EMAIL_TIMEOUT)."""
    return timedelta(seconds=float(settings.OUTBOX_SENDING_SECONDS))


def retry_delays() -> list[timedelta]:
    return list(settings.OUTBOX_RETRY_DELAYS)


def max_tries() -> int:
    """The first try, and one after each delay."""
    return len(retry_delays()) + 1


def schedule_in_words() -> str:
    """How long the tries go on, for the pages: "28 tries over 25 hours"."""
    minutes = round(sum(retry_delays(), timedelta()).total_seconds() / 60)
    span = f"{round(minutes / 60)} hours" if minutes >= 120 else f"{minutes} minutes"
    return f"{max_tries()} tries over {span}"


def next_try_after(tries: int, at: datetime) -> datetime | None:
    """When to try again after `tries` failed tries, or None when there are no tries left."""
    delays = retry_delays()
    if tries > len(delays):
        return None
    return at + delays[tries - 1]


def email_for(message: OutboxMessage) -> EmailMessage:
    domain = urlsplit(str(settings.SITE_URL)).hostname or "certclaims.invalid"
    return EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(message.to),
        headers={
            # The same on every try, so a copy sent twice is recognisably the same message.
            "Message-ID": f"<outbox-{message.pk}@{domain}>",
            OUTBOX_KEY_HEADER: message.key or f"outbox-{message.pk}",
        },
    )


def describe(error: Exception) -> str:
    """The error in words for the outbox page."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return f"The mail server refused every recipient: {_refusals(error.recipients)}"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"The mail server answered {error.smtp_code} {_text(error.smtp_error)}"
    # smtplib turns a timeout while reading a reply into "disconnected".
    if isinstance(error, TimeoutError) or isinstance(error.__context__, TimeoutError):
        return f"The mail server did not answer within {settings.EMAIL_TIMEOUT:g} seconds"
    if isinstance(error, ConnectionRefusedError):
        return "The mail server refused the connection"
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return "The mail server closed the connection"
    if isinstance(error, smtplib.SMTPException):
        return f"The mail server failed: {error}"
    if isinstance(error, OSError):
        return f"Could not reach the mail server: {error}"
    return f"{type(error).__name__}: {error}"


def _refusals(refused: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(f"{who} ({code} {_text(reply)})" for who, (code, reply) in refused.items())


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)


def refused_for_good(error: Exception) -> bool:
    """A permanent refusal of this message: every recipient refused with a 5xx reply, or the
    message itself refused with one at DATA. A 4xx reply, or refusals of which some are 4xx,
    may pass on a later try; so may the relay refusing the sender or the sign-in, which is its
    own configuration and refuses every message until it is put right."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(_permanent(code) for code in codes)
    if isinstance(error, smtplib.SMTPDataError):
        return _permanent(error.smtp_code)
    return False


def _permanent(code: int) -> bool:
    return 500 <= code < 600


def _unreachable(error: Exception) -> bool:
    """No conversation with the server at all (smtplib's errors are OSErrors too)."""
    if isinstance(error, smtplib.SMTPConnectError | smtplib.SMTPServerDisconnected):
        return True
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def deliver(message_id: int, *, now: datetime | None = None) -> Attempt:
    """One try at a message that is due. Never raises because of the mail server.

    Called outside any transaction (tasks are), so that the claim is committed before the mail
    server is asked and no lock is held while it answers.
    """
    now = now or timezone.now()
    message = _claim(message_id, now)
    if message is None:
        return Attempt("not due")
    claim = message.attempts
    email = email_for(message)
    retry_at: datetime | None = None
    try:
        if get_connection(fail_silently=False).send_messages([email]) != 1:
            raise smtplib.SMTPException("The mail server took no message")
    except Exception as error:  # anything the mail server or the network does
        retry_at = None if refused_for_good(error) else next_try_after(claim, timezone.now())
        outcome = {
            "status": OutboxStatus.WAITING if retry_at else OutboxStatus.FAILED,
            "last_error": describe(error)[:ERROR_LENGTH],
            "next_attempt_at": retry_at,
        }
        attempt = Attempt("retry" if retry_at else "failed", unreachable=_unreachable(error))
        logger.warning("Email %s not delivered (try %s): %s", message_id, claim, error)
    else:
        refused = getattr(email, "refused_recipients", None) or {}
        outcome = {
            "status": OutboxStatus.SENT,
            "last_error": (
                f"Sent, but the mail server refused {_refusals(refused)}" if refused else ""
            )[:ERROR_LENGTH],
            "sent_at": timezone.now(),
            "next_attempt_at": None,
        }
        attempt = Attempt("sent")
    if not _record(message_id, claim, outcome):
        logger.warning(
            "Email %s: try %s outlasted its claim; the try that took it over records the outcome",
            message_id,
            claim,
        )
        return attempt
    if retry_at is not None:
        at = retry_at
        transaction.on_commit(lambda: schedule_retry(message_id, at), robust=True)
    return attempt


def _claim(message_id: int, now: datetime) -> OutboxMessage | None:
    """Take the message for one try: Sending until the claim runs out, the try counted.

    One conditional update, so that of two workers exactly one matches: on PostgreSQL the second
    waits for the first's row lock, then finds the message no longer waiting. A message not
    tried yet is always due, whichever machine's clock wrote it.
    """
    due_now = Q(status=OutboxStatus.WAITING) & (
        Q(attempts=0) | Q(next_attempt_at__lte=now + EARLY_TOLERANCE)
    )
    abandoned = Q(status=OutboxStatus.SENDING, sending_until__lte=now)
    with transaction.atomic():
        taken = (
            OutboxMessage.objects.filter(pk=message_id)
            .filter(due_now | abandoned)
            .update(
                status=OutboxStatus.SENDING,
                attempts=F("attempts") + 1,
                sending_until=timezone.now() + sending_lease(),
            )
        )
        return OutboxMessage.objects.get(pk=message_id) if taken else None


def _record(message_id: int, claim: int, outcome: Mapping[str, object]) -> bool:
    """Write the try's outcome, if the message is still Sending under this try (`claim` is the
    try's number): a try that outlasted its claim and was taken over writes nothing."""
    with transaction.atomic():
        return bool(
            OutboxMessage.objects.filter(
                pk=message_id, status=OutboxStatus.SENDING, attempts=claim
            ).update(sending_until=None, **outcome)
        )


def schedule_retry(message_id: int, at: datetime) -> None:
    """Queue the next try for its time; a backend that cannot defer leaves it to the sweep."""
    from .tasks import deliver_email

    if not deliver_email.get_backend().supports_defer:
        return
    deliver_email.using(run_after=at).enqueue(message_id)


def due(now: datetime) -> list[int]:
    """Waiting messages whose time has come and gone without their own task taking them, and
    messages whose sender died while sending them (their claim has run out)."""
    return list(
        OutboxMessage.objects.filter(
            Q(status=OutboxStatus.WAITING, next_attempt_at__lte=now - SWEEP_GRACE)
            | Q(status=OutboxStatus.SENDING, sending_until__lte=now)
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )


def send_due(now: datetime | None = None) -> int:
    """The sweep: try every overdue message (a task lost with a worker, a queue that could not
    take it, a backend that cannot defer). Stops at the first message whose mail server cannot
    be reached: the rest would only wait for the same timeout. Returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for message_id in due(now):
        attempt = deliver(message_id, now=now)
        sent += attempt.outcome == "sent"
        if attempt.unreachable:
            break
    return sent
