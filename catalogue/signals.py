"""Every unit, rule or grading rule saved or deleted raises its qualification's structure
version, whoever writes it (the catalogue's actions, loading, the admin), so that no process
keeps serving the structure as it was (`catalogue.structure_cache`)."""

from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from .structure_cache import RELATIONS, structure_changed


def _changed(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading fixtures: the version comes with the qualification's row
        return
    structure_changed(instance.qualification_id)  # type: ignore[attr-defined]


def connect() -> None:
    for model in RELATIONS.values():
        uid = f"catalogue-structure-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
