"""Email backends for delivering the outbox (`delivery.py` sends through EMAIL_BACKEND)."""

import smtplib
from collections.abc import Sequence

from django.conf import settings
from django.core.mail.backends import smtp
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage, sanitize_address


class OutboxEmailBackend(BaseEmailBackend):
    """Delivers nowhere: the outbox row is the message, and the outbox pages show it.

    The default for the demo and a laptop, where there is no mail server; production names an
    SMTP backend instead.
    """

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        return len(email_messages)


class SMTPEmailBackend(smtp.EmailBackend):
    """Django's SMTP backend that also keeps the recipients the server refused while it took
    the message for the others.

    smtplib returns them from `sendmail`; Django's backend drops them, so the outbox could not
    say who never got a message. They are left on the message as `refused_recipients`.
    """

    def _send(self, email_message: EmailMessage) -> bool:
        recipients = email_message.recipients()
        if not recipients:
            return False
        encoding = email_message.encoding or settings.DEFAULT_CHARSET
        assert self.connection is not None
        try:
            refused = self.connection.sendmail(
                sanitize_address(email_message.from_email, encoding),
                [sanitize_address(address, encoding) for address in recipients],
                email_message.message().as_bytes(linesep="\r\n"),  # type: ignore[call-arg]
            )
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        email_message.refused_recipients = refused  # type: ignore[attr-defined]
        return True
