"""With a real SMTP server on loopback: what the outbox records when the server never answers,
answers with an error or refuses recipients, and that two workers send an email once.

Transactional, so that on-commit work runs at the request's own commit as it does in production
(the tests' task backend runs the delivery in-process there).
"""

from typing import Any

import pytest
import time_machine

from notifications import delivery
from notifications.models import OutboxStatus

from .mail_server import MailServer
from .outbox_data import next_try as _next_try

pytestmark = pytest.mark.django_db(transaction=True)


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
