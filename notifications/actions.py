"""Operations' changes to the outbox: sending a failed email again."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.actions import record
from common.errors import Conflict, NotFound

from . import notices
from .models import OutboxMessage, OutboxStatus
from .selectors import sees_every_email


def retry_email(*, message_id: int, acting_user: User) -> OutboxMessage:
    """Give a failed email a new round of tries, starting now. Operations only; audited."""
    if not sees_every_email(acting_user):
        raise NotFound("Message not found", field="message")
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None:
            raise NotFound("Message not found", field="message")
        if message.status != OutboxStatus.FAILED:
            raise Conflict(
                f"Only a failed email can be retried: this one is {message.get_status_display()}",
                code="not_failed",
            )
        tries, error = message.attempts, message.last_error
        message.status = OutboxStatus.WAITING
        message.attempts = 0
        message.next_attempt_at = timezone.now()
        message.save(update_fields=["status", "attempts", "next_attempt_at"])
        record(
            actor=acting_user,
            action="outbox.retried",
            obj=message,
            summary=f"Retried the email “{message.subject}” after {tries} failed tries",
            changes={
                "status": [OutboxStatus.FAILED, OutboxStatus.WAITING],
                "tries": tries,
                "last_error": error,
            },
        )
        message_id = message.pk
        transaction.on_commit(lambda: notices.enqueue(message_id), robust=True)
    return message
