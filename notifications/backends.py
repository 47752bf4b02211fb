"""An email backend that writes each message to the outbox instead of the network."""

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage
from django.db import IntegrityError, transaction

from .models import OutboxMessage, OutboxRecipient

# A notice's key travels in this header; the outbox keeps one message per key.
NOTICE_KEY_HEADER = "X-Notice-Key"


class OutboxEmailBackend(BaseEmailBackend):
    """Keeps every email in the outbox, where the people it went to can read it.

    When the setting OUTBOX_FORWARD_EMAIL_BACKEND names another backend (SMTP in production),
    each message kept is also sent through it; a message whose notice key is already in the
    outbox was sent before and is neither kept nor sent again.
    """

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        kept = [message for message in email_messages if self._keep(message)]
        forward = getattr(settings, "OUTBOX_FORWARD_EMAIL_BACKEND", "")
        if forward and kept:
            get_connection(forward, fail_silently=self.fail_silently).send_messages(kept)
        return len(kept)

    def _keep(self, message: EmailMessage) -> bool:
        recipients = list(message.to) + list(message.cc) + list(message.bcc)
        key = (message.extra_headers or {}).get(NOTICE_KEY_HEADER) or None
        try:
            with transaction.atomic():
                stored = OutboxMessage.objects.create(
                    to=recipients,
                    from_email=message.from_email,
                    subject=str(message.subject),
                    body=str(message.body),
                    key=key,
                )
                OutboxRecipient.objects.bulk_create(
                    OutboxRecipient(message=stored, email=email)
                    for email in sorted({r.strip().lower() for r in recipients if r.strip()})
                )
        except IntegrityError:
            if key is None:
                raise
            return False
        return True
