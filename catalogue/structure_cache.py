"""A qualification's structure (units, rules, grading rules), read once a process per version.

The structure changes only when the operations team edits the catalogue, yet nearly every
centre page reads it: on the candidate claim page it was five of sixteen queries. Each process
keeps the rows of the qualifications it has read, keyed by the qualification's id and its
`structure_version`, which every write to the structure raises in the same transaction
(`catalogue.signals` for rows saved or deleted one by one, `structure_changed` after writes in
bulk). A page reads the qualification's row anyway, so it sees a new version at once and reads
the structure again: no process serves a structure older than the qualification row it holds.

Rows are kept, not model instances: each request builds its own, so nothing one request sets
on a unit reaches another. A process keeps at most `MAX_QUALIFICATIONS` versions, the least
recently used dropped first.
"""

import threading
from collections import OrderedDict
from typing import Any

from django.db.models import F, Model

from .models import GradeCondition, GradePoints, GradeThreshold, Qualification, Rule, Unit

#: Each related name on Qualification, and its model, in the order they are read.
RELATIONS: dict[str, type[Model]] = {
    "units": Unit,
    "rules": Rule,
    "grade_points": GradePoints,
    "grade_thresholds": GradeThreshold,
    "grade_conditions": GradeCondition,
}
MAX_QUALIFICATIONS = 256

_Rows = dict[str, list[tuple[Any, ...]]]
_cache: OrderedDict[tuple[int, int], _Rows] = OrderedDict()
_lock = threading.Lock()


def _fields(model: type[Model]) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


def _database(qualification: Qualification) -> str:
    """The database the qualification's row came from: its structure is read there too (a
    replica's rows are as new as its copy of that row, never older)."""
    return qualification._state.db or "default"


def _read(qualification: Qualification) -> _Rows:
    """The structure's rows, each relation in its model's own order, as the ORM gives it."""
    database = _database(qualification)
    return {
        name: list(
            model._default_manager.using(database)
            .filter(qualification_id=qualification.pk)
            .values_list(*_fields(model))
        )
        for name, model in RELATIONS.items()
    }


def _rows_of(qualification: Qualification) -> _Rows:
    key = (qualification.pk, qualification.structure_version)
    with _lock:
        rows = _cache.get(key)
        if rows is not None:
            _cache.move_to_end(key)
            return rows
    rows = _read(qualification)
    with _lock:
        _cache[key] = rows
        while len(_cache) > MAX_QUALIFICATIONS:
            _cache.popitem(last=False)
    return rows


def prime(qualification: Qualification) -> None:
    """Give `qualification` its units, rules and grading rules as if prefetched, from this
    process's copy (read when this version of the structure is first asked for).

    Afterwards ``qualification.units.all()``, ``.rules.all()`` and the grading rules, and any
    `prefetch_related_objects` of them, run no query. Relations prefetched already are kept."""
    cache: dict[str, Any] = qualification.__dict__.setdefault("_prefetched_objects_cache", {})
    missing = [name for name in RELATIONS if name not in cache]
    if not missing:
        return
    rows = _rows_of(qualification)
    database = _database(qualification)
    for name in missing:
        model = RELATIONS[name]
        manager = getattr(qualification, name)
        fields = _fields(model)
        instances = [model.from_db(database, fields, values) for values in rows[name]]
        for instance in instances:
            # As a prefetch does: each row knows its qualification without a query.
            manager.field.set_cached_value(instance, qualification)
        queryset = manager.get_queryset()
        queryset._result_cache = instances
        queryset._prefetch_done = True
        cache[name] = queryset


def structure_changed(qualification_id: int) -> None:
    """Raise the qualification's structure version: call it, inside the writing transaction,
    after writing units, rules or grading rules in bulk (rows saved or deleted one by one
    raise it through `catalogue.signals`)."""
    Qualification.objects.filter(pk=qualification_id).update(
        structure_version=F("structure_version") + 1
    )


def clear() -> None:
    """Forget every qualification this process has read (tests, whose ids are reused)."""
    with _lock:
        _cache.clear()
