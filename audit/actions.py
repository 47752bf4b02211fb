"""Writing the audit trail. Called by every action, inside its transaction.

The trail sits below every app: the actor is whoever is signed in (any user model) and the
centre is whichever row the event belongs to, taken by its primary key, so this module needs no
knowledge of accounts.
"""

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models

from .models import AuditEvent


def record(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    obj: models.Model,
    summary: str,
    centre: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor_id=actor.pk if actor is not None else None,
        centre_id=centre.pk if centre is not None else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary[:300],
        changes=changes or {},
    )
