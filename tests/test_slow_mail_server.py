"""A mail server that takes its time holds up nothing but the email it is taking: no database
transaction is open while it is talked to, so the pages write as usual meanwhile; and an email
whose worker died while sending it is sent again once that worker's claim runs out.

Transactional, so that the delivering thread and the page each have their own connection and
commit as they would in production.
"""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from candidates.models import Candidate
from conftest import client_for
from notifications import delivery, notices
from notifications.models import OutboxMessage, OutboxStatus
from notifications.tests.mail_server import MailServer

pytestmark = pytest.mark.django_db(transaction=True)

NEW = {
    "number": "11900001",
    "first_name": "Nia",
    "last_name": "Patel",
    "date_of_birth": "03/04/2001",
    "uln": "",
}


def _waiting() -> OutboxMessage:
    """An email tried once while the server was down, its next try due now."""
    message = notices.create(kind="test", to=["a@x.test"], subject="S", body="B")
    assert message is not None
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    return message


def test_a_page_writes_while_the_mail_server_sits_on_an_email(
    centre_admin: User, ops: User, mail_server: MailServer
) -> None:
    message = _waiting()
    mail_server.stall()
    mail_server.start()
    outcome: list[str] = []

    def deliver() -> None:
        try:
            outcome.append(delivery.deliver(message.pk).outcome)
        finally:
            connection.close()

    worker = threading.Thread(target=deliver)
    worker.start()
    try:
        assert mail_server.stalling.wait(10), "the delivery never reached the mail server"
        # Meanwhile: the email is Sending, a page saves a candidate, and the email's own row
        # can be locked (no transaction of the worker holds it).
        assert OutboxMessage.objects.get(pk=message.pk).status == OutboxStatus.SENDING
        outbox = client_for(ops).get(reverse("accounts:outbox")).content.decode()
        assert "Being sent now (try 2)" in outbox
        response = client_for(centre_admin).post(reverse("candidates:add"), NEW)
        assert response.status_code == 302
        assert Candidate.objects.filter(number="11900001").exists()
        if connection.features.has_select_for_update_nowait:
            with transaction.atomic():
                OutboxMessage.objects.select_for_update(nowait=True).get(pk=message.pk)
        # A second delivery meanwhile finds it taken.
        assert delivery.deliver(message.pk).outcome == "not due"
    finally:
        mail_server.release()
        worker.join(timeout=30)
    assert outcome == ["sent"]
    message.refresh_from_db()
    assert (message.status, message.attempts, message.sending_until) == (
        OutboxStatus.SENT,
        2,
        None,
    )
    assert len(mail_server.received) == 1


def test_an_email_whose_worker_died_while_sending_is_sent_again_after_its_claim(
    demo: None, mail_server: MailServer
) -> None:
    message = _waiting()
    # A worker took it, and died before it could say what the mail server did.
    claimed = timezone.now()
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENDING,
        attempts=2,
        sending_until=claimed + delivery.sending_lease(),
    )
    mail_server.start()
    with time_machine.travel(claimed + delivery.sending_lease() - timedelta(seconds=1)):
        assert delivery.deliver(message.pk).outcome == "not due"
        assert delivery.send_due() == 0
    with time_machine.travel(claimed + delivery.sending_lease() + timedelta(seconds=1)):
        assert delivery.send_due() == 1
        assert delivery.send_due() == 0
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.SENT, 3)
    [received] = mail_server.received
    assert received.message["Message-ID"] == f"<outbox-{message.pk}@127.0.0.1>"


def test_a_try_that_outlasted_its_claim_does_not_overwrite_the_one_that_took_over(
    demo: None, mail_server: MailServer
) -> None:
    message = _waiting()
    mail_server.start()
    first = delivery._claim(message.pk, timezone.now())
    assert first is not None
    # The claim ran out and another worker took the message over and sent it.
    OutboxMessage.objects.filter(pk=message.pk).update(sending_until=timezone.now())
    assert delivery.deliver(message.pk).outcome == "sent"
    assert not delivery._record(message.pk, first.attempts, {"status": OutboxStatus.FAILED})
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
