"""An email backend that writes each message to the outbox instead of the network."""

from collections.abc import Sequence

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage

from .models import OutboxMessage


class OutboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        OutboxMessage.objects.bulk_create(
            OutboxMessage(
                to=list(message.to) + list(message.cc) + list(message.bcc),
                from_email=message.from_email,
                subject=str(message.subject),
                body=str(message.body),
            )
            for message in email_messages
        )
        return len(email_messages)
