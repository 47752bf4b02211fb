"""The audit trail: who changed what, and when, for every record that matters."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.fields.json import KeyTransform

#: Events about a record that is not tied to a claim (a candidate's results, an award) or is
#: gone (a file since removed), which name their claim in `changes["claim"]` instead.
BY_CLAIM_IN_CHANGES = ["results.units_achieved", "award.issued", "moderation.evidence_removed"]


class AuditEvent(models.Model):
    """One change, written in the same transaction as the change itself. Never edited."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    centre = models.ForeignKey(
        "accounts.Centre", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    summary = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # A claim's History: the events that name the claim in their changes.
            models.Index(
                F("centre"),
                KeyTransform("claim", "changes"),
                name="audit_by_claim_in_changes",
                condition=Q(action__in=BY_CLAIM_IN_CHANGES),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.action} {self.object_type} {self.object_id}"
