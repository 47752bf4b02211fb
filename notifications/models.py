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


class OutboxRecipient(models.Model):
    """One address an outbox message went to, so that a person's outbox is one indexed query."""

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="recipients")
    email = models.CharField(max_length=254, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "email"], name="outbox_recipient_unique")
        ]

    def __str__(self) -> str:
        return self.email


class Notice(models.Model):
    """An email that must be sent exactly once, decided in the transaction of what it reports.

    `key` names the event (e.g. "claim-35-day-centre:17"): a second decision about the same
    event finds the key taken and sends nothing. The email goes after commit; `sent_at` marks
    it done under a row lock, so a retried or duplicated task sends nothing either.
    """

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=40, db_index=True)
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    claim = models.ForeignKey(
        "claims.Claim", on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.key
