"""PostgreSQL for the benchmarks: this machine's cluster, databases named `bench_*` only.

`bin/local-postgres` starts the cluster and makes the `certclaims` role (it needs root; without
root the cluster is taken to be running already). The role may create databases, so each
benchmark gets a fresh one and drops it afterwards. A benchmark refuses any database whose name
does not start with `bench_`: it writes hundreds of thousands of rows and must never touch a
database that someone else uses.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://certclaims:certclaims@127.0.0.1:5432")
PREFIX = "bench_"
_NAME = re.compile(r"^bench_[a-z0-9_]{1,50}$")


def start_cluster() -> None:
    """Start this machine's cluster when run as root (idempotent); otherwise trust it is up."""
    if os.geteuid() == 0:
        subprocess.run(  # noqa: S603 - this project's own script
            [str(ROOT / "bin" / "local-postgres")], check=True, stdout=subprocess.DEVNULL
        )


def url(name: str) -> str:
    return f"{SERVER}/{checked(name)}"


def checked(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"benchmark databases are named bench_<lowercase>, not {name!r}")
    return name


def name_of(database_url: str) -> str:
    """The database name of a postgres:// URL."""
    return database_url.rsplit("/", 1)[-1].split("?", 1)[0]


def _admin(sql: str) -> list[tuple[object, ...]]:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        cursor = connection.execute(sql)
        return cursor.fetchall() if cursor.description else []


def exists(name: str) -> bool:
    rows = _admin(f"SELECT 1 FROM pg_database WHERE datname = '{checked(name)}'")  # noqa: S608
    return bool(rows)


def drop(name: str) -> None:
    _admin(f'DROP DATABASE IF EXISTS "{checked(name)}" WITH (FORCE)')


def create(name: str, *, template: str | None = None) -> str:
    """A new empty database (or a copy of `template`), dropping any of that name; its URL."""
    drop(name)
    copy = f' TEMPLATE "{checked(template)}"' if template else ""
    _admin(f'CREATE DATABASE "{checked(name)}"{copy}')
    return url(name)
