"""The outbox pages while the mail server is down: waiting, sent and failed after n tries with
the error; operations' Retry, audited; and who may read which email."""

from typing import Any

import pytest
import time_machine
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from conftest import client_for
from notifications import delivery, notices
from notifications.models import OutboxStatus
from notifications.tests.mail_server import MailServer
from notifications.tests.outbox_data import START
from notifications.tests.outbox_data import email as _email
from notifications.tests.outbox_data import failed as _failed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


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
    page = tutor_client.get(reverse("accounts:outbox")).content.decode()
    assert "Tried once; next try 02/11/2026 09:01" in page
    assert "Failed after 28 tries" in page
    assert page.count("The mail server refused the connection") == 2
    assert "Sent " in page and "govuk-tag--green" in page
    detail = tutor_client.get(reverse("accounts:outbox-message", args=[failed.pk])).content.decode()
    assert "Failed after 28 tries" in detail and "Last error" in detail
    assert "Retry" not in detail  # operations retry, not the recipient
    failed_only = tutor_client.get(reverse("accounts:outbox"), {"status": "failed"})
    links = [reverse("accounts:outbox-message", args=[m.pk]) for m in (waiting, failed, sent)]
    assert [f'href="{link}"' in failed_only.content.decode() for link in links] == [
        False,
        True,
        False,
    ]
    ops_detail = client_for(ops).get(reverse("accounts:outbox-message", args=[failed.pk]))
    assert "Retry" in ops_detail.content.decode()


def test_operations_retry_a_failed_email_audited_and_it_is_delivered(
    ops: User, mail_server: MailServer, django_capture_on_commit_callbacks: Any
) -> None:
    failed = _failed(_email())
    mail_server.start()
    url = reverse("accounts:outbox-retry", args=[failed.pk])
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
    message_url = reverse("accounts:outbox-message", args=[failed.pk])
    retry_url = reverse("accounts:outbox-retry", args=[failed.pk])
    assert client_for(moderator).get(message_url).status_code == 404
    assert client_for(moderator).post(retry_url).status_code == 404
    assert tutor_client.post(retry_url).status_code == 404  # their own, but not theirs to retry
    assert (
        "Claim 78104" not in client_for(moderator).get(reverse("accounts:outbox")).content.decode()
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
    url = reverse("accounts:outbox-message", args=[link.pk])
    assert "secret-token" in client_for(centre_admin).get(url).content.decode()
    seen_by_ops = client_for(ops).get(url).content.decode()
    assert "Set your CertClaims password" in seen_by_ops
    assert "secret-token" not in seen_by_ops
    assert "Only the person it is addressed to can read it" in seen_by_ops
