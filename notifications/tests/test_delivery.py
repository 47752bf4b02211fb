"""Delivery against a mail server that is down: the backoff schedule, and failing after the last
try."""

from datetime import timedelta

import pytest
import time_machine

from notifications import delivery
from notifications.models import OutboxStatus

from .mail_server import MailServer
from .outbox_data import START
from .outbox_data import email as _email

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_failed_tries_follow_the_backoff_schedule_then_the_email_fails(
    mail_server: MailServer,
) -> None:
    message = _email()
    tried_at = [START]
    waits = []
    for _ in range(40):
        with time_machine.travel(tried_at[-1], tick=False):
            assert delivery.deliver(message.pk).outcome in {"retry", "failed"}
        message.refresh_from_db()
        assert message.last_error == "The mail server refused the connection"
        if message.next_attempt_at is None:
            break
        waits.append(message.next_attempt_at - tried_at[-1])
        # Too early: the next try waits for its time, however often a task asks.
        with time_machine.travel(message.next_attempt_at - timedelta(minutes=1), tick=False):
            assert delivery.deliver(message.pk).outcome == "not due"
            assert delivery.send_due() == 0
        tried_at.append(message.next_attempt_at)
    minutes = [int(w.total_seconds() // 60) for w in waits]
    assert minutes == [1, 5, 30] + [60] * 24
    assert message.status == OutboxStatus.FAILED
    assert message.attempts == 28 == delivery.max_tries()
    assert tried_at[-1] - START == timedelta(hours=24, minutes=36)
    # A failed email is tried no more, by a task or the sweep.
    with time_machine.travel(tried_at[-1] + timedelta(days=2), tick=False):
        assert delivery.deliver(message.pk).outcome == "not due"
        assert delivery.send_due() == 0
    assert not mail_server.received
