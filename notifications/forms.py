"""Django's password reset, writing its email to the outbox instead of sending it in the request."""

from typing import Any

from django.contrib.auth.forms import PasswordResetForm
from django.template import loader

from . import notices


class OutboxPasswordResetForm(PasswordResetForm):
    """The reset link goes through the outbox like every other email: the page answers at once
    whatever the mail server does, and a delivery that fails is retried."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        notices.create(
            kind="password_reset",
            to=[to_email],
            subject=subject,
            body=loader.render_to_string(email_template_name, context),
            confidential=True,
        )
