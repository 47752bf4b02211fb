"""Building the national data set once, and finding it again.

The database is made from scratch (``bench_national``, or ``bench_national_<n>`` at another
scale): migrated, the demo world loaded through the application, then the national world
staged and copied (`world`, `claims`, `trail`, `copy`). It is then vacuumed and analysed, as a
database in service would be, and marked with a fingerprint of the generator's code and of the
migrations: a later run reuses it while the generator is unchanged, applying any migration added
since (as a database in service would be migrated), and builds it again when the generator
changed.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import pg

HERE = Path(__file__).resolve().parent
#: The modules whose code decides what the data set holds.
GENERATOR = ("catalogue", "claims", "copy", "moderation", "trail", "world")


def database_name(scale: float) -> str:
    return "bench_national" if scale == 1 else f"bench_national_{round(scale * 1000):04d}"


def _generator(scale: float) -> str:
    digest = hashlib.sha256()
    for name in GENERATOR:
        digest.update((HERE / f"{name}.py").read_bytes())
    return f"national scale={scale} {digest.hexdigest()[:16]}"


def _fingerprint(connection: Any, scale: float) -> str:
    """The generator's fingerprint, then the migrations the database has."""
    from django.db.migrations.loader import MigrationLoader

    leaves = sorted(MigrationLoader(connection).graph.leaf_nodes())
    return (
        f"{_generator(scale)} migrations {hashlib.sha256(repr(leaves).encode()).hexdigest()[:16]}"
    )


def _migrate_forward(
    connection: Any, name: str, scale: float, report: Callable[[str], None]
) -> None:
    """Apply the migrations added since the data set was built, as in service, then analyse."""
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute(f"COMMENT ON DATABASE \"{name}\" IS '{_fingerprint(connection, scale)}'")
    report(f"  migrated forward and analysed in {time.perf_counter() - started:.0f} s")


def comment(name: str) -> str:
    import psycopg

    with psycopg.connect(pg.url(name)) as connection:
        row = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
    return str(row[0]) if row and row[0] else ""


def setup(
    scale: float = 1.0, *, rebuild: bool = False, report: Callable[[str], None] = print
) -> str:
    """Django on the national database, built first unless an up-to-date one exists; its URL."""
    pg.start_cluster()
    name = database_name(scale)
    url = pg.url(name)
    os.environ["BENCH_DATABASE_URL"] = url
    current = pg.exists(name) and not rebuild and comment(name)
    if current:
        from bench.common import setup_django

        setup_django(demo=False)
        from django.db import connection

        if current == _fingerprint(connection, scale):
            report(f"Using the national data set in {name} ({current})")
            return url
        if current.startswith(_generator(scale) + " "):
            report(f"Using the national data set in {name}, built from earlier migrations")
            _migrate_forward(connection, name, scale, report)
            return url
        connection.close()
        report(f"{name} was built by another generator: building again")
    else:
        report(f"Building the national data set in {name}")
    pg.create(name)
    build(name, scale, report)
    return url


def build(name: str, scale: float, report: Callable[[str], None]) -> None:
    from bench.common import setup_django
    from bench.volume import claims, copy, world

    started = time.perf_counter()
    setup_django(demo=True)
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    with tempfile.TemporaryDirectory(prefix="bench-national-") as folder:
        stage = copy.Staging(Path(folder), copy.highest_id(raw))
        with raw.cursor() as cursor:
            made = world.build(stage, cursor, scale=scale)
        raw.commit()
        plans = claims.build(stage, made)
        generated = time.perf_counter() - started
        report(
            f"  generated {sum(f.rows for f in stage.files.values()):,} rows in {generated:.0f} s"
        )
        report(f"  {len(made.candidates):,} candidates, {len(plans):,} claims")
        copy.load(stage, raw, report)
    loaded = time.perf_counter() - started
    before = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute(f"COMMENT ON DATABASE \"{name}\" IS '{_fingerprint(connection, scale)}'")
    report(f"  vacuumed and analysed in {time.perf_counter() - before:.0f} s")
    report(f"Built {name} in {loaded + time.perf_counter() - before:.0f} s")
    sys.stdout.flush()


def sizes() -> list[tuple[str, int, str]]:
    """Each table of the data set with its rows and size on disk, biggest first."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_live_tup, pg_size_pretty(pg_total_relation_size(relid))"
            " FROM pg_stat_user_tables ORDER BY pg_total_relation_size(relid) DESC"
        )
        return [(str(a), int(b), str(c)) for a, b, c in cursor.fetchall()]
