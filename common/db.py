"""Database expressions the ORM lacks on Django 5.2, written for SQLite and PostgreSQL."""

from typing import Any

from django.db.models import (
    Aggregate,
    CharField,
    Count,
    IntegerField,
    QuerySet,
    Subquery,
    TextField,
)
from django.db.models.functions import Cast, Coalesce


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


def subquery_count(queryset: QuerySet[Any], group: str) -> Coalesce:
    """The number of `queryset`'s rows in the outer row's group, 0 when there are none: a
    correlated subquery (filter `queryset` on an OuterRef), so a list counts in its one query."""
    return Coalesce(
        Subquery(
            queryset.order_by().values(group).annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )
