"""Database expressions the ORM lacks on Django 5.2, written for SQLite and PostgreSQL."""

from typing import Any

from django.db.models import Aggregate, CharField, TextField
from django.db.models.functions import Cast


class IntegerList(Aggregate):
    """The group's integer values joined by commas into one string (NULL for an empty group).

    Large grids are read this way: one row per candidate with its units in a short string,
    instead of a row per claimed unit, so the database does the grouping and Python builds no
    tuple per cell. The order of the values is not defined; read them with `parse_integers`.
    """

    function = "GROUP_CONCAT"
    output_field = TextField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        clone = self.copy()
        value, condition = clone.get_source_expressions()
        clone.set_source_expressions([Cast(value, output_field=CharField()), condition])
        clone.function = "STRING_AGG"
        clone.template = "%(function)s(%(distinct)s%(expressions)s, ',')"
        return clone.as_sql(compiler, connection, **extra_context)


def parse_integers(joined: str | None) -> list[int]:
    """The values of an `IntegerList`: [] for a NULL or empty one."""
    if not joined:
        return []
    return [int(value) for value in joined.split(",")]
