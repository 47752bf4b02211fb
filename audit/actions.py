"""Writing the audit trail. Called by every action, inside its transaction."""

from typing import Any

from django.db import models

from accounts.models import Centre, User

from .models import AuditEvent


def record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    summary: str,
    centre: Centre | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor,
        centre=centre,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary[:300],
        changes=changes or {},
    )
