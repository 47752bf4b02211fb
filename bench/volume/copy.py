"""Bulk loading with PostgreSQL's COPY (psycopg 3's ``cursor.copy``), table by table.

Rows are first written, per table, to a file in COPY's text format (`Staging`), so that the
generator never holds millions of rows in memory and every table can be loaded in the order its
foreign keys need. `load` then drops the loaded tables' foreign keys and ordinary indexes,
copies every file, and creates the indexes and foreign keys again: adding a foreign key checks
every row in one pass, so the data set is still checked against every constraint of the schema
(unique constraints stay in place during the copy and check each row as it arrives), in a
fraction of the time row-by-row checks would take. Table and column names come from the models
(`bench.tables`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO
from uuid import UUID

from bench.tables import column, defaults, table, through

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"


def text(value: Any) -> str:
    """One value in COPY's text format."""
    if value is None:
        return NULL
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":")).translate(_ESCAPES)
    if isinstance(value, Decimal | UUID):
        return str(value)
    raise TypeError(f"no COPY text for {type(value).__name__}")


class TableFile:
    """The rows of one table, appended to a file as COPY text lines."""

    def __init__(
        self,
        path: Path,
        table_name: str,
        columns: list[str],
        filled: list[tuple[str, Any]] | None = None,
    ) -> None:
        self.path = path
        self.table = table_name
        #: the columns each row names, then those every row gives the model's default
        self.columns = columns + [c for c, _ in filled or []]
        self._tail = "".join("\t" + text(v) for _, v in filled or [])
        self.rows = 0
        self._file: TextIO = path.open("w", encoding="utf-8", buffering=1 << 20)

    def row(self, *values: Any) -> None:
        self._file.write("\t".join([text(v) for v in values]))
        self._file.write(self._tail + "\n")
        self.rows += 1

    def close(self) -> None:
        self._file.close()


class Staging:
    """A file per table, in the order the tables are first named (parents before children).

    `ids` hands out primary keys above those already in the database (the demo world), so rows
    can name each other before anything is loaded.
    """

    def __init__(self, folder: Path, highest_id: Callable[[str], int]) -> None:
        self.folder = folder
        self.files: dict[str, TableFile] = {}
        self._next: dict[str, int] = {}
        self._highest_id = highest_id

    def table(self, name: str, *fields: str) -> TableFile:
        """The file of model `name` (bench.tables), with these fields as its columns."""
        if name not in self.files:
            columns = [column(name, f) for f in fields]
            self.files[name] = TableFile(
                self.folder / f"{name}.copy", table(name), columns, defaults(name, fields)
            )
        return self.files[name]

    def m2m(self, name: str, field: str) -> TableFile:
        """The through table of a many-to-many field: (this side's id, the other side's id)."""
        key = f"{name}.{field}"
        if key not in self.files:
            through_table, own, other = through(name, field)
            self.files[key] = TableFile(self.folder / f"{key}.copy", through_table, [own, other])
        return self.files[key]

    def ids(self, name: str) -> int:
        """The next primary key of model `name`."""
        if name not in self._next:
            self._next[name] = self._highest_id(table(name)) + 1
        value = self._next[name]
        self._next[name] = value + 1
        return value

    def close(self) -> None:
        for file in self.files.values():
            file.close()


def _constraints(cursor: Any, table_name: str) -> tuple[list[str], list[str]]:
    """The table's foreign keys (ALTER TABLE ... ADD) and ordinary indexes (CREATE INDEX)."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = %s::regclass AND contype = 'f'",
        [table_name],
    )
    keys = [f'ALTER TABLE "{table_name}" ADD CONSTRAINT "{n}" {d}' for n, d in cursor.fetchall()]
    cursor.execute(
        "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i"
        " WHERE i.indrelid = %s::regclass AND NOT i.indisunique AND NOT i.indisprimary",
        [table_name],
    )
    return keys, [row[0] for row in cursor.fetchall()]


def _drop(cursor: Any, table_name: str) -> None:
    cursor.execute(
        "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
        [table_name],
    )
    for (name,) in cursor.fetchall():
        cursor.execute(f'ALTER TABLE "{table_name}" DROP CONSTRAINT "{name}"')
    cursor.execute(
        "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
        " WHERE i.indrelid = %s::regclass AND NOT i.indisunique AND NOT i.indisprimary",
        [table_name],
    )
    for (name,) in cursor.fetchall():
        cursor.execute(f'DROP INDEX "{name}"')


def load(staging: Staging, connection: Any, report: Callable[[str], None] = print) -> None:
    """Copy every staged table into the database, then restore and check its constraints.

    `connection` is a psycopg connection; it is committed at the end.
    """
    staging.close()
    files = list(staging.files.values())
    tables = list(dict.fromkeys(f.table for f in files))
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute("SET synchronous_commit = off")
        restore: list[tuple[list[str], list[str]]] = []
        for name in tables:
            restore.append(_constraints(cursor, name))
            _drop(cursor, name)
        for file in files:
            started = time.perf_counter()
            columns = ", ".join(f'"{c}"' for c in file.columns)
            with (
                cursor.copy(f'COPY "{file.table}" ({columns}) FROM STDIN') as copy,
                file.path.open("rb") as source,
            ):
                while block := source.read(1 << 20):
                    copy.write(block)
            file.path.unlink()
            took = time.perf_counter() - started
            report(f"  copied {file.rows:>9,} rows into {file.table} in {took:.1f} s")
        started = time.perf_counter()
        for _, indexes in restore:
            for statement in indexes:
                cursor.execute(statement)
        report(f"  indexes made again in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        for keys, _ in restore:
            for statement in keys:
                cursor.execute(statement)
        report(f"  foreign keys added and checked in {time.perf_counter() - started:.1f} s")
        for name in tables:
            if _has_id(cursor, name):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'),"  # noqa: S608
                    f' (SELECT max(id) FROM "{name}"))'
                )
    connection.commit()


def _has_id(cursor: Any, table_name: str) -> bool:
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [f'"{table_name}"'])
    return cursor.fetchone()[0] is not None


def highest_id(connection: Any) -> Callable[[str], int]:
    """For `Staging`: the highest primary key already in a table (0 when empty)."""

    def highest(table_name: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT coalesce(max(id), 0) FROM "{table_name}"')  # noqa: S608
            return int(cursor.fetchone()[0])

    return highest
