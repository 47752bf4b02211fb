from typing import Any

import pytest
from django.core import mail
from django.test import override_settings

from notifications import notices
from notifications.models import OutboxMessage, OutboxStatus

pytestmark = pytest.mark.django_db


@override_settings(EMAIL_BACKEND="notifications.backends.OutboxEmailBackend")
def test_emails_are_kept_in_the_outbox_not_sent_over_the_network(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notices.create(
            kind="test",
            to=["m@awarding.test"],
            subject="Claim submitted",
            body="Claim 78104 was submitted.",
        )
    message = OutboxMessage.objects.get()
    assert message.to == ["m@awarding.test"]
    assert message.subject == "Claim submitted"
    assert "78104" in message.body
    assert message.status == OutboxStatus.SENT
    assert not mail.outbox


def test_the_default_email_backend_is_the_outbox() -> None:
    from config.settings import base

    assert base.EMAIL_BACKEND == "notifications.backends.OutboxEmailBackend"
