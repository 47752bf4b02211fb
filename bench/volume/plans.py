"""The plan of every query a request runs, captured by wrapping the connection.

`capture()` installs a wrapper with ``connection.execute_wrapper``: each statement runs as
usual, then each read is explained on a cursor of its own (``EXPLAIN (ANALYZE, BUFFERS)`` for a
plain read, ``EXPLAIN`` alone for one that locks rows), so the plan is the one PostgreSQL chose
for that statement with those parameters, with the rows and time it actually took. A
sequential scan of a table holding more than `SEQ_SCAN_LIMIT` rows is an offender: it reads
the whole table for what should be an indexed look-up.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

SEQ_SCAN_LIMIT = 10_000
SCANS = {"Seq Scan", "Parallel Seq Scan"}


@dataclass
class Scan:
    """A sequential scan in a plan: of which table, how many rows it held, what it kept."""

    table: str
    table_rows: int
    filter: str
    rows: int
    removed: int


@dataclass
class Query:
    sql: str
    seconds: float
    #: the plan's own figure for the whole statement, in milliseconds (ANALYZE only)
    plan_ms: float
    plan: dict[str, Any]
    scans: list[Scan] = field(default_factory=list)

    @property
    def offenders(self) -> list[Scan]:
        return [s for s in self.scans if s.table_rows > SEQ_SCAN_LIMIT]

    def outline(self, depth: int = 6) -> list[str]:
        """The plan's nodes as indented lines: node, relation, index, rows, time."""
        lines: list[str] = []

        def walk(node: dict[str, Any], level: int) -> None:
            if level > depth:
                return
            parts = [node["Node Type"]]
            for key in ("Relation Name", "Index Name", "Sort Key", "Join Filter"):
                if key in node:
                    parts.append(f"{key.split()[0].lower()}={node[key]}")
            if "Filter" in node:
                parts.append(f"filter={node['Filter'][:120]}")
            if "Actual Rows" in node:
                loops = node.get("Actual Loops", 1)
                parts.append(f"rows={node['Actual Rows']}x{loops} {node['Actual Total Time']}ms")
            lines.append("  " * level + " ".join(str(p) for p in parts))
            for child in node.get("Plans", []):
                walk(child, level + 1)

        walk(self.plan, 0)
        return lines


def table_rows(connection: Any) -> dict[str, int]:
    """Rows per table as the planner knows them (pg_class.reltuples, kept by ANALYZE)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.reltuples::bigint FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind = 'r' AND n.nspname = 'public'"
        )
        return {str(name): max(int(rows), 0) for name, rows in cursor.fetchall()}


def _scans(node: dict[str, Any], sizes: dict[str, int]) -> Iterator[Scan]:
    if node["Node Type"] in SCANS:
        name = node.get("Relation Name", "")
        yield Scan(
            table=name,
            table_rows=sizes.get(name, 0),
            filter=str(node.get("Filter", "")),
            rows=int(node.get("Actual Rows", node.get("Plan Rows", 0))),
            removed=int(node.get("Rows Removed by Filter", 0)),
        )
    for child in node.get("Plans", []):
        yield from _scans(child, sizes)


def _is_read(sql: str) -> bool:
    head = sql.lstrip()[:10].upper()
    return head.startswith(("SELECT", "WITH"))


@contextmanager
def capture(sizes: dict[str, int]) -> Iterator[list[Query]]:
    """Every read the default connection runs inside the block, with its plan."""
    from django.db import connection

    queries: list[Query] = []

    def wrapper(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        started = time.perf_counter()
        result = execute(sql, params, many, context)
        seconds = time.perf_counter() - started
        if many or not _is_read(sql):
            return result
        locks = " FOR UPDATE" in sql.upper() or " FOR SHARE" in sql.upper()
        how = "EXPLAIN (FORMAT JSON)" if locks else "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)"
        raw = context["connection"].connection
        with raw.cursor() as cursor:
            cursor.execute(f"{how} {sql}", params)
            explained = cursor.fetchone()[0]
        if isinstance(explained, str | bytes):
            explained = json.loads(explained)
        document = explained[0] if isinstance(explained, list) else explained
        plan = document["Plan"]
        queries.append(
            Query(
                sql=sql,
                seconds=seconds,
                plan_ms=float(document.get("Execution Time", 0.0)),
                plan=plan,
                scans=list(_scans(plan, sizes)),
            )
        )
        return result

    with connection.execute_wrapper(wrapper):
        yield queries


@contextmanager
def counting() -> Iterator[list[int]]:
    """How many statements of any kind the default connection runs inside the block."""
    from django.db import connection

    count = [0]

    def wrapper(execute: Callable[..., Any], *args: Any) -> Any:
        count[0] += 1
        return execute(*args)

    with connection.execute_wrapper(wrapper):
        yield count
