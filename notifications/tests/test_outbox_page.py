"""The outbox page: each person reads the emails sent to them (and their centre), newest first."""

from typing import Any

import pytest
from django.core.mail import EmailMessage
from django.urls import reverse

from accounts.models import User
from conftest import client_for
from notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _outbox_backend(settings: Any) -> None:
    settings.EMAIL_BACKEND = "notifications.backends.OutboxEmailBackend"


def _send(subject: str, *to: str) -> OutboxMessage:
    EmailMessage(subject, f"Body of {subject}", "certclaims@awarding.test", list(to)).send()
    return OutboxMessage.objects.get(subject=subject)


def test_a_person_sees_their_own_emails_newest_first(moderator: User) -> None:
    _send("First", "moderator@awarding.test")
    _send("Not theirs", "someone@else.test")
    _send("Second", "Moderator@Awarding.test")
    page = client_for(moderator).get(reverse("notifications:outbox")).content.decode()
    assert "Not theirs" not in page
    assert page.index("Second") < page.index("First")


def test_centre_claims_roles_also_see_emails_to_their_centre(
    tutor_client: Any, staff: User, southbank_client: Any
) -> None:
    _send("Claim finalised", "exams@northfield.test")
    assert "Claim finalised" in tutor_client.get(reverse("notifications:outbox")).content.decode()
    staff_page = client_for(staff).get(reverse("notifications:outbox")).content.decode()
    assert "Claim finalised" not in staff_page
    assert "Claim finalised" not in (
        southbank_client.get(reverse("notifications:outbox")).content.decode()
    )


def test_a_message_opens_for_its_recipient_only(moderator: User, tutor_client: Any) -> None:
    message = _send("Private", "moderator@awarding.test")
    url = reverse("notifications:message", args=[message.pk])
    response = client_for(moderator).get(url)
    assert response.status_code == 200 and "Body of Private" in response.content.decode()
    assert tutor_client.get(url).status_code == 404


def test_the_outbox_costs_the_same_queries_for_few_or_many_emails(
    moderator: User, django_assert_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(moderator)
    _send("One", "moderator@awarding.test")
    client.get(reverse("notifications:outbox"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("notifications:outbox"))
    for n in range(20):
        _send(f"Email {n}", "moderator@awarding.test")
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(reverse("notifications:outbox"))


def test_signed_out_people_are_sent_to_sign_in(client: Any) -> None:
    response = client.get(reverse("notifications:outbox"))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
