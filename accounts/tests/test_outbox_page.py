"""The outbox page: each person reads the emails sent to them (and their centre), newest first."""

from typing import Any

import pytest
from django.urls import reverse

from accounts.models import User
from conftest import client_for
from notifications import notices
from notifications.models import OutboxMessage, OutboxStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _outbox_backend(settings: Any) -> None:
    settings.EMAIL_BACKEND = "notifications.backends.OutboxEmailBackend"


def _send(subject: str, *to: str) -> OutboxMessage:
    message = notices.create(kind="test", to=to, subject=subject, body=f"Body of {subject}")
    assert message is not None
    return message


def test_a_person_sees_their_own_emails_newest_first(moderator: User) -> None:
    _send("First", "moderator@awarding.test")
    _send("Not theirs", "someone@else.test")
    _send("Second", "Moderator@Awarding.test")
    page = client_for(moderator).get(reverse("accounts:outbox")).content.decode()
    assert "Not theirs" not in page
    assert page.index("Second") < page.index("First")


def test_centre_claims_roles_also_see_emails_to_their_centre(
    tutor_client: Any, staff: User, southbank_client: Any
) -> None:
    _send("Claim finalised", "exams@northfield.test")
    assert "Claim finalised" in tutor_client.get(reverse("accounts:outbox")).content.decode()
    staff_page = client_for(staff).get(reverse("accounts:outbox")).content.decode()
    assert "Claim finalised" not in staff_page
    assert "Claim finalised" not in (
        southbank_client.get(reverse("accounts:outbox")).content.decode()
    )


def test_a_message_opens_for_its_recipient_only(moderator: User, tutor_client: Any) -> None:
    message = _send("Private", "moderator@awarding.test")
    url = reverse("accounts:outbox-message", args=[message.pk])
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
    client.get(reverse("accounts:outbox"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("accounts:outbox"))
    for n in range(20):
        _send(f"Email {n}", "moderator@awarding.test")
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(reverse("accounts:outbox"))


def test_signed_out_people_are_sent_to_sign_in(client: Any) -> None:
    response = client.get(reverse("accounts:outbox"))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_operations_see_every_email_at_the_same_cost_for_few_or_many(
    ops: User, django_assert_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(ops)
    _send("One", "someone@else.test")
    client.get(reverse("accounts:outbox"))
    with CaptureQueriesContext(connection) as one:
        page = client.get(reverse("accounts:outbox")).content.decode()
    assert "One" in page and "Every email the service has written" in page
    for n in range(30):
        message = _send(f"Email {n}", f"person{n}@else.test")
        if n % 3 == 0:
            OutboxMessage.objects.filter(pk=message.pk).update(
                status=OutboxStatus.FAILED, attempts=28, last_error="The mail server failed"
            )
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(reverse("accounts:outbox")).content.decode()
    assert "Failed after 28 tries" in page and "Not tried yet" in page
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(reverse("accounts:outbox"), {"status": "failed", "after": "999999"})


def test_the_outbox_pages_by_keyset_newest_first(moderator: User) -> None:
    client = client_for(moderator)
    sent = [_send(f"Email {n:02d}", "moderator@awarding.test") for n in range(30)]
    first = client.get(reverse("accounts:outbox")).content.decode()
    assert "Email 29" in first and "Email 05" in first and "Email 04" not in first
    assert "Newer" not in first
    older = f"?after={sent[5].pk}"
    assert older in first
    second = client.get(reverse("accounts:outbox") + older).content.decode()
    assert [f"Email {n:02d}" in second for n in (5, 4, 0)] == [False, True, True]
    newer = f"?before={sent[4].pk}"
    assert newer in second and "Older" not in second
    back = client.get(reverse("accounts:outbox") + newer).content.decode()
    assert back.index("Email 29") < back.index("Email 05") and "Email 04" not in back
    assert "Newer" not in back
