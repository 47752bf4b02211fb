"""With a real SMTP server on loopback: while it is down, every page answers as usual and the
email waits in the outbox with the error; once it is up, the next try delivers it, once, to
the right people with the right links.

Transactional, so that on-commit work runs at the request's own commit as it does in production
(the tests' task backend runs the delivery in-process there).
"""

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import Membership, Role, User
from claims.models import Claim, ClaimStatus
from claims.tests.submit_data import amiras_claim
from conftest import client_for
from notifications import delivery, tasks
from notifications.models import OutboxMessage, OutboxStatus

from .mail_server import MailServer, Received

pytestmark = pytest.mark.django_db(transaction=True)


def _link(name: str, **kwargs: Any) -> str:
    return str(settings.SITE_URL).rstrip("/") + reverse(name, kwargs=kwargs)


def _waiting_with_the_error(kind: str) -> OutboxMessage:
    message = OutboxMessage.objects.get(kind=kind)
    assert message.status == OutboxStatus.WAITING
    assert message.attempts == 1
    assert message.last_error == "The mail server refused the connection"
    assert message.next_attempt_at is not None
    return message


def _next_try(message: OutboxMessage, mail_server: MailServer) -> Received:
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


def _path(body: str, marker: str) -> str:
    line = next(line for line in body.splitlines() if marker in line)
    return urlsplit(line.strip()).path


def _set_password_through(path: str, user: User) -> None:
    client = Client()
    form_page = client.get(path, follow=True)
    assert "Set your password" in form_page.content.decode()
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-long-new-passphrase", "new_password2": "a-long-new-passphrase"},
    )
    user.refresh_from_db()
    assert user.check_password("a-long-new-passphrase")


def test_submitting_while_the_mail_server_is_down_then_the_moderator_is_emailed_once(
    tutor: User, moderator: User, mail_server: MailServer
) -> None:
    claim = amiras_claim(tutor)
    url = reverse("claims:submit", args=[claim.pk])
    data = {"submitter_email": "tutor@northfield.test", "declaration": "on", "confirmed": "yes"}
    client = client_for(tutor)

    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("claims:submitted", args=[claim.pk])
    assert "Claim number: <strong>78104</strong>" in response.content.decode()
    message = _waiting_with_the_error("claim_submitted")
    assert message.next_attempt_at is not None
    waited = message.next_attempt_at - message.created_at
    assert timedelta(minutes=1) <= waited < timedelta(minutes=1, seconds=10)
    # Pressing Yes again: the claim is submitted once, and so is its email.
    again = client.post(url, data, follow=True)
    assert "already been submitted" in again.content.decode()
    assert Claim.objects.filter(claim_number__isnull=False).count() == 2  # with 78103
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.SUBMITTED
    assert OutboxMessage.objects.filter(kind="claim_submitted").count() == 1
    # The moderator sees it waiting, with the error.
    outbox = client_for(moderator).get(reverse("notifications:outbox")).content.decode()
    assert "Waiting" in outbox and "The mail server refused the connection" in outbox

    received = _next_try(message, mail_server)
    assert received.rcpt_tos == ["moderator@awarding.test"]
    assert received.message["To"] == "moderator@awarding.test"
    assert received.message["Subject"] == "Claim 78104 submitted by centre 12345 for 03991"
    assert _link("moderation:claim", claim_id=claim.pk) in received.body
    assert "Claim number: 78104" in received.body


def test_adding_a_centre_user_while_the_mail_server_is_down_then_the_link_arrives_once(
    centre_admin: User, mail_server: MailServer
) -> None:
    response = client_for(centre_admin).post(
        reverse("accounts:add-centre-user"),
        {"full_name": "New Tutor", "email": "new.tutor@northfield.test", "role": Role.TUTOR},
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.tutor@northfield.test")
    assert Membership.objects.get(user=user).role == Role.TUTOR
    message = _waiting_with_the_error("set_password")

    received = _next_try(message, mail_server)
    assert received.rcpt_tos == ["new.tutor@northfield.test"]
    assert received.message["Subject"] == "Set your CertClaims password"
    _set_password_through(_path(received.body, "/password/set/"), user)


def test_asking_for_a_password_reset_while_the_mail_server_is_down_then_it_arrives_once(
    tutor: User, mail_server: MailServer
) -> None:
    response = Client().post(reverse("accounts:password-reset"), {"email": "tutor@northfield.test"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-sent")
    message = _waiting_with_the_error("password_reset")
    assert message.confidential

    received = _next_try(message, mail_server)
    assert received.rcpt_tos == ["tutor@northfield.test"]
    _set_password_through(_path(received.body, "/password/set/"), tutor)


def test_a_server_that_never_answers_is_a_timeout_recorded_on_the_message(
    demo: None, settings: Any, mail_server: MailServer
) -> None:
    import socket

    from notifications import notices

    settings.EMAIL_TIMEOUT = 0.5
    with socket.socket() as silent:
        # Takes the connection (the kernel's backlog) and never says a word.
        silent.bind(("127.0.0.1", mail_server.port))
        silent.listen(1)
        message = notices.create(kind="test", to=["a@x.test"], subject="S", body="B")
    assert message is not None
    message.refresh_from_db()
    assert message.status == OutboxStatus.WAITING
    assert message.last_error == "The mail server did not answer within 0.5 seconds"


def test_an_error_answer_from_the_mail_server_is_recorded_and_retried(
    demo: None, mail_server: MailServer
) -> None:
    from notifications import notices

    mail_server.reply_to_data = "451 4.3.0 Try again later"
    mail_server.start()
    message = notices.create(kind="test", to=["a@x.test"], subject="S", body="B")
    assert message is not None
    message.refresh_from_db()
    assert message.status == OutboxStatus.WAITING and message.attempts == 1
    assert message.last_error == "The mail server answered 451 4.3.0 Try again later"
    mail_server.reply_to_data = ""
    assert _next_try(message, mail_server).rcpt_tos == ["a@x.test"]


def test_refused_recipients_are_recorded(demo: None, mail_server: MailServer) -> None:
    from notifications import notices

    mail_server.refuse = {"gone@x.test", "left@x.test"}
    mail_server.start()
    everyone_refused = notices.create(
        kind="test", to=["gone@x.test", "left@x.test"], subject="S", body="B"
    )
    some_refused = notices.create(
        kind="test", to=["gone@x.test", "here@x.test"], subject="T", body="B"
    )
    assert everyone_refused is not None and some_refused is not None
    everyone_refused.refresh_from_db()
    # Refused for good: failed at once, with the error shown, and tried no more.
    assert everyone_refused.status == OutboxStatus.FAILED
    assert (everyone_refused.attempts, everyone_refused.next_attempt_at) == (1, None)
    assert everyone_refused.last_error == (
        "The mail server refused every recipient: gone@x.test (550 5.1.1 No such user here); "
        "left@x.test (550 5.1.1 No such user here)"
    )
    some_refused.refresh_from_db()
    assert some_refused.status == OutboxStatus.SENT
    assert some_refused.last_error == (
        "Sent, but the mail server refused gone@x.test (550 5.1.1 No such user here)"
    )
    assert [r.rcpt_tos for r in mail_server.received] == [["here@x.test"]]


def test_a_permanent_refusal_fails_at_once_and_operations_retry_it(
    ops: User, mail_server: MailServer
) -> None:
    from notifications import actions, notices

    mail_server.refuse = {"gone@x.test"}
    mail_server.start()
    message = notices.create(kind="test", to=["gone@x.test"], subject="S", body="B")
    assert message is not None
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, 1)
    page = client_for(ops).get(reverse("notifications:message", args=[message.pk]))
    assert "Failed after 1 try" in page.content.decode()
    assert "gone@x.test (550 5.1.1 No such user here)" in page.content.decode()
    assert delivery.send_due() == 0
    # The address is put right at the mail server; operations retry.
    mail_server.refuse = set()
    actions.retry_email(message_id=message.pk, acting_user=ops)
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert [r.rcpt_tos for r in mail_server.received] == [["gone@x.test"]]


@pytest.mark.parametrize(
    ("refuse", "defer", "data_reply", "status"),
    [
        ({"gone@x.test"}, {"busy@x.test"}, "", OutboxStatus.WAITING),  # one refusal is 4xx
        (set(), {"gone@x.test", "busy@x.test"}, "", OutboxStatus.WAITING),
        (set(), set(), "452 4.3.1 Insufficient system storage", OutboxStatus.WAITING),
        (set(), set(), "554 5.6.0 Message refused", OutboxStatus.FAILED),
    ],
)
def test_temporary_refusals_follow_the_backoff_and_permanent_ones_fail(
    demo: None,
    mail_server: MailServer,
    refuse: set[str],
    defer: set[str],
    data_reply: str,
    status: OutboxStatus,
) -> None:
    from notifications import notices

    mail_server.refuse, mail_server.defer, mail_server.reply_to_data = refuse, defer, data_reply
    mail_server.start()
    message = notices.create(kind="test", to=["gone@x.test", "busy@x.test"], subject="S", body="B")
    assert message is not None
    message.refresh_from_db()
    assert (message.status, message.attempts) == (status, 1)
    assert (message.next_attempt_at is None) == (status == OutboxStatus.FAILED)
    assert message.last_error.startswith("The mail server")


@pytest.mark.postgres
def test_two_workers_delivering_the_same_email_at_once_send_it_once(
    demo: None, mail_server: MailServer
) -> None:
    from notifications import notices
    from tests.threads import at_once

    message = notices.create(kind="test", to=["a@x.test"], subject="S", body="B")
    assert message is not None
    message.refresh_from_db()
    assert message.status == OutboxStatus.WAITING and message.attempts == 1  # the server is down
    mail_server.start()
    assert message.next_attempt_at is not None
    with time_machine.travel(message.next_attempt_at, tick=False):
        outcomes = at_once(
            lambda: delivery.deliver(message.pk).outcome,
            lambda: delivery.deliver(message.pk).outcome,
        )
    assert sorted(outcomes) == ["not due", "sent"], outcomes
    assert len(mail_server.received) == 1
