import pytest
from django.core.mail import send_mail
from django.test import override_settings

from notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


@override_settings(EMAIL_BACKEND="notifications.backends.OutboxEmailBackend")
def test_emails_are_written_to_the_outbox_not_the_network() -> None:
    sent = send_mail("Claim submitted", "Claim 78104 was submitted.", None, ["m@awarding.test"])
    assert sent == 1
    message = OutboxMessage.objects.get()
    assert message.to == ["m@awarding.test"]
    assert message.subject == "Claim submitted"
    assert "78104" in message.body


def test_the_default_email_backend_is_the_outbox() -> None:
    from config.settings import base

    assert base.EMAIL_BACKEND == "notifications.backends.OutboxEmailBackend"
