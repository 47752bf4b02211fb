"""Outbox messages for delivery tests: written without delivering, failed for good against a
mail server that is down, waiting after a first failed try, and delivered by the next one."""

from datetime import datetime

import time_machine
from django.utils import timezone

from notifications import delivery, notices, tasks
from notifications.models import OutboxMessage, OutboxStatus

from .mail_server import MailServer, Received

START = timezone.make_aware(datetime(2026, 11, 2, 9, 0))


def email(to: str = "tutor@northfield.test") -> OutboxMessage:
    # Outside a captured commit: nothing delivers it until the test says so.
    message = notices.create(kind="test", to=[to], subject="Claim 78104", body="Body")
    assert message is not None
    return message


def failed(message: OutboxMessage) -> OutboxMessage:
    """Every try used up against a server that is down."""
    at = START
    while True:
        with time_machine.travel(at, tick=False):
            delivery.deliver(message.pk)
        message.refresh_from_db()
        if message.next_attempt_at is None:
            return message
        at = message.next_attempt_at


def waiting_with_the_error(kind: str) -> OutboxMessage:
    message = OutboxMessage.objects.get(kind=kind)
    assert message.status == OutboxStatus.WAITING
    assert message.attempts == 1
    assert message.last_error == "The mail server refused the connection"
    assert message.next_attempt_at is not None
    return message


def next_try(message: OutboxMessage, mail_server: MailServer) -> Received:
    """The server comes up; the sweep, a retried task and a second sweep deliver it once."""
    mail_server.start()
    assert message.next_attempt_at is not None
    with time_machine.travel(message.next_attempt_at + delivery.SWEEP_GRACE, tick=False):
        assert delivery.send_due() == 1
        assert delivery.send_due() == 0
        assert tasks.deliver_email.call(message.pk) == "not due"
    [received] = mail_server.received
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and message.attempts == 2
    assert message.last_error == ""
    assert received.message["Message-ID"] == f"<outbox-{message.pk}@127.0.0.1>"
    return received
