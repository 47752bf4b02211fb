"""With a real SMTP server on loopback: while it is down, every page answers as usual and the
email waits in the outbox with the error; once it is up, the next try delivers it, once, to
the right people with the right links (submitting a claim, adding a centre user, resetting a
password).

Transactional, so that on-commit work runs at the request's own commit as it does in production
(the tests' task backend runs the delivery in-process there).
"""

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import Membership, Role, User
from claims.models import Claim, ClaimStatus
from claims.tests.submit_data import amiras_claim
from conftest import client_for
from notifications.models import OutboxMessage
from notifications.tests.mail_server import MailServer
from notifications.tests.outbox_data import next_try as _next_try
from notifications.tests.outbox_data import waiting_with_the_error as _waiting_with_the_error

pytestmark = pytest.mark.django_db(transaction=True)


def _link(name: str, **kwargs: Any) -> str:
    return str(settings.SITE_URL).rstrip("/") + reverse(name, kwargs=kwargs)


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
    outbox = client_for(moderator).get(reverse("accounts:outbox")).content.decode()
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


def test_a_permanent_refusal_fails_at_once_and_operations_retry_it(
    ops: User, mail_server: MailServer
) -> None:
    from accounts.actions import retry_email
    from notifications import delivery, notices
    from notifications.models import OutboxStatus

    mail_server.refuse = {"gone@x.test"}
    mail_server.start()
    message = notices.create(kind="test", to=["gone@x.test"], subject="S", body="B")
    assert message is not None
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, 1)
    page = client_for(ops).get(reverse("accounts:outbox-message", args=[message.pk]))
    assert "Failed after 1 try" in page.content.decode()
    assert "gone@x.test (550 5.1.1 No such user here)" in page.content.decode()
    assert delivery.send_due() == 0
    # The address is put right at the mail server; operations retry.
    mail_server.refuse = set()
    retry_email(message_id=message.pk, acting_user=ops)
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert [r.rcpt_tos for r in mail_server.received] == [["gone@x.test"]]
