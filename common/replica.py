"""Reports and the API's heavy lists read from a PostgreSQL read replica, when one is set.

`DATABASE_REPLICA_URL` adds the database alias "replica" and `ReplicaRouter`. A view marked
`@reads_from_replica` then reads from it, everything else (and every write, and every read
inside a transaction) from the primary. Only read-only pages that list or export what is
already settled are marked: results, claim history, the API's lists. They may trail the primary
by the replica's lag (normally well under a second), which is why pages that lead on to a
change (a claim, a moderator's queue) are never marked. Without the setting nothing changes.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http.response import HttpResponseBase

REPLICA = "replica"

_on_replica: ContextVar[bool] = ContextVar("reads_on_replica", default=False)

View = TypeVar("View", bound=Callable[..., Any])


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads in this block go to the replica, if there is one."""
    token = _on_replica.set(True)
    try:
        yield
    finally:
        _on_replica.reset(token)


def _streamed_on_replica(content: Iterator[Any]) -> Iterator[Any]:
    with replica_reads():
        yield from content


def reads_from_replica(view: View) -> View:
    """Mark a read-only view (a function view, or a class view's `get`): its queries, and a
    streamed response's queries while it is sent, read from the replica."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with replica_reads():
            response = view(*args, **kwargs)
        if isinstance(response, HttpResponseBase) and response.streaming:
            response.streaming_content = _streamed_on_replica(  # type: ignore[attr-defined]
                response.streaming_content  # type: ignore[attr-defined]
            )
        return response

    return wrapped  # type: ignore[return-value]


class ReplicaRouter:
    """Reads go to the replica inside `replica_reads`, outside any transaction on the primary
    (an action reading what it is about to change reads the primary); all else to the primary.
    The replica is a copy of the primary: relations between them are allowed and it is never
    migrated."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if (
            _on_replica.get()
            and REPLICA in connections.databases
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return None

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS
