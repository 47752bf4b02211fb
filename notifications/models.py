"""Emails and notices, kept in an outbox that the people they are for can read."""

from django.db import models


class OutboxMessage(models.Model):
    """An email the product sent (or would send): the demo and tests read them here."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    to = models.JSONField(default=list)
    from_email = models.CharField(max_length=254)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    key = models.CharField(
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        help_text="Set for notices that must go once only, even if a task is retried",
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.subject} to {', '.join(self.to)}"
