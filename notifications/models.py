"""The outbox: every email the product sends, written with the change it reports."""

from django.db import models


class OutboxStatus(models.TextChoices):
    WAITING = "waiting", "Waiting"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class OutboxMessage(models.Model):
    """One email: written in the transaction of the change it reports, then delivered by a task.

    The row is the message itself (recipients, subject, body) and its delivery: waiting until
    the mail server accepts it, then sent; failed once every retry is used up or the server
    refuses it for good. While one worker talks to the mail server it is sending, until
    `sending_until`: a message whose worker died is due again after that. `key` names the event
    for emails that must go once only (for example "claim-35-day:17"): a second decision about
    the same event finds the key taken. `about_type` and `about_id` name the record the email is
    about, for checks such as "has this claim been reminded yet?".
    """

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    key = models.CharField(
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        help_text="Set for emails that must go once only, however often the event is decided",
    )
    kind = models.CharField(max_length=40, blank=True, default="")
    # What the email is about, by model label and primary key (e.g. "claims.claim", 17): the
    # outbox sits below every app and knows none of their tables.
    about_type = models.CharField(max_length=60, blank=True, default="")
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    to = models.JSONField(default=list)
    from_email = models.CharField(max_length=254)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    confidential = models.BooleanField(
        default=False,
        help_text="Holds a link to set a password: only the person it is addressed to reads it",
    )
    status = models.CharField(
        max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.WAITING
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True, default="")
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sending_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="While sending: when the worker's claim on the message runs out",
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            # The sweep: waiting messages whose next try is due.
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            # Operations' list filtered by status, newest first.
            models.Index(fields=["status", "id"], name="outbox_status_id"),
            # The periodic checks: has this claim had this kind of email yet?
            models.Index(fields=["about_type", "about_id", "kind"], name="outbox_about_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} to {', '.join(self.to)}"


class OutboxRecipient(models.Model):
    """One address a message is for, so that a person's outbox is one indexed query."""

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="recipients")
    email = models.CharField(max_length=254)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "email"], name="outbox_recipient_unique")
        ]
        indexes = [
            # A person's outbox, newest first: their messages' ids in order, read from the index.
            models.Index(fields=["email", "message"], name="outbox_recipient_email_message"),
        ]

    def __str__(self) -> str:
        return self.email
