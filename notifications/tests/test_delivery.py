"""Delivery against a mail server that is down: the backoff schedule, failing after the last
try, what the outbox pages say, and operations' Retry."""

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from conftest import client_for
from notifications import delivery, notices
from notifications.models import OutboxMessage, OutboxStatus

from .mail_server import MailServer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

START = timezone.make_aware(datetime(2026, 11, 2, 9, 0))


def _email(to: str = "tutor@northfield.test") -> OutboxMessage:
    # Outside a captured commit: nothing delivers it until the test says so.
    message = notices.create(kind="test", to=[to], subject="Claim 78104", body="Body")
    assert message is not None
    return message


def _failed(message: OutboxMessage) -> OutboxMessage:
    """Every try used up against a server that is down."""
    at = START
    while True:
        with time_machine.travel(at, tick=False):
            delivery.deliver(message.pk)
        message.refresh_from_db()
        if message.next_attempt_at is None:
            return message
        at = message.next_attempt_at


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


def test_the_outbox_shows_waiting_sent_and_failed_after_n_tries_with_the_error(
    tutor_client: Any, ops: User, mail_server: MailServer
) -> None:
    waiting = _email()
    with time_machine.travel(START, tick=False):
        delivery.deliver(waiting.pk)
    failed = _failed(_email())
    mail_server.start()
    sent = _email()
    delivery.deliver(sent.pk)
    page = tutor_client.get(reverse("notifications:outbox")).content.decode()
    assert "Tried once; next try 02/11/2026 09:01" in page
    assert "Failed after 28 tries" in page
    assert page.count("The mail server refused the connection") == 2
    assert "Sent " in page and "govuk-tag--green" in page
    detail = tutor_client.get(reverse("notifications:message", args=[failed.pk])).content.decode()
    assert "Failed after 28 tries" in detail and "Last error" in detail
    assert "Retry" not in detail  # operations retry, not the recipient
    failed_only = tutor_client.get(reverse("notifications:outbox"), {"status": "failed"})
    links = [reverse("notifications:message", args=[m.pk]) for m in (waiting, failed, sent)]
    assert [f'href="{link}"' in failed_only.content.decode() for link in links] == [
        False,
        True,
        False,
    ]
    ops_detail = client_for(ops).get(reverse("notifications:message", args=[failed.pk]))
    assert "Retry" in ops_detail.content.decode()


def test_operations_retry_a_failed_email_audited_and_it_is_delivered(
    ops: User, mail_server: MailServer, django_capture_on_commit_callbacks: Any
) -> None:
    failed = _failed(_email())
    mail_server.start()
    url = reverse("notifications:retry", args=[failed.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(ops).post(url, follow=True)
    assert "The email will be sent again" in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == OutboxStatus.SENT and failed.attempts == 1
    assert [r.rcpt_tos for r in mail_server.received] == [["tutor@northfield.test"]]
    event = AuditEvent.objects.get(action="outbox.retried")
    assert event.actor == ops and event.object_id == str(failed.pk)
    assert event.changes["tries"] == 28
    assert event.changes["last_error"] == "The mail server refused the connection"
    # A sent email is not retried.
    again = client_for(ops).post(url, follow=True).content.decode()
    assert "Only a failed email can be retried: this one is Sent" in again
    assert len(mail_server.received) == 1


def test_only_operations_retry_and_nobody_sees_another_persons_email(
    tutor_client: Any, moderator: User, ops: User, mail_server: MailServer
) -> None:
    failed = _failed(_email())
    message_url = reverse("notifications:message", args=[failed.pk])
    retry_url = reverse("notifications:retry", args=[failed.pk])
    assert client_for(moderator).get(message_url).status_code == 404
    assert client_for(moderator).post(retry_url).status_code == 404
    assert tutor_client.post(retry_url).status_code == 404  # their own, but not theirs to retry
    assert (
        "Claim 78104"
        not in client_for(moderator).get(reverse("notifications:outbox")).content.decode()
    )
    failed.refresh_from_db()
    assert failed.status == OutboxStatus.FAILED
    assert not AuditEvent.objects.filter(action="outbox.retried").exists()
    assert client_for(ops).get(message_url).status_code == 200


def test_a_set_password_link_is_read_by_its_addressee_only(centre_admin: User, ops: User) -> None:
    link = notices.create(
        kind="set_password",
        to=["admin@northfield.test"],
        subject="Set your CertClaims password",
        body="Use this link: http://127.0.0.1:8000/password/set/MQ/secret-token/",
        confidential=True,
    )
    assert link is not None
    url = reverse("notifications:message", args=[link.pk])
    assert "secret-token" in client_for(centre_admin).get(url).content.decode()
    seen_by_ops = client_for(ops).get(url).content.decode()
    assert "Set your CertClaims password" in seen_by_ops
    assert "secret-token" not in seen_by_ops
    assert "Only the person it is addressed to can read it" in seen_by_ops
