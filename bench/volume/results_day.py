"""Results day: 100,000 finalised candidates processed by 1, 2 and 4 task workers at once.

A template database (``bench_results_day``) is built once: the national world at about a fifth
of its size, its candidates on claims finalised in the last ten days (whole classes, 20 to 60
candidates a claim) waiting to be processed, and one queued `process_claim` task per claim in
the database task queue (django-tasks-db). Each run copies the template (``bench_results_day_run``)
and starts its workers together, with the production settings, in one of two ways:

- ``queue``: N ``manage.py db_worker --batch`` processes share the queue of per-claim tasks;
- ``job``: N processes each run the scheduled processing job (`process_finalised_claims`), as
  happens when the job is started by more than one worker or by hand while it runs.

It prints candidates a second for each count of workers, how long a lock check against the
busiest qualification had to wait meanwhile (what a new claim or entry for that
qualification waits while processing runs), and whether anything was processed twice: claims
processed or recorded twice, a candidate's results of a claim recorded twice, an award issued
twice, a claim left unprocessed, failed tasks.
"""

from __future__ import annotations

import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench import pg

TEMPLATE, RUN = "bench_results_day", "bench_results_day_run"
ROOT = Path(__file__).resolve().parent.parent.parent


def environment(database: str) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if k != "BENCH_DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": pg.url(database),
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "LOG_LEVEL": "WARNING",
        # Without a connection pooler, production keeps each worker's connection (deploy.md).
        "CONN_MAX_AGE": "60",
        "PYTHONPATH": str(ROOT),
    }


def run_python(code: str, database: str, extra: dict[str, str] | None = None) -> None:
    env = {**environment(database), **(extra or {})}
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)  # noqa: S603


def _query(name: str, sql: str) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(pg.url(name)) as connection:
        cursor = connection.execute(sql)
        return cursor.fetchall() if cursor.description else []


def admin_sql(name: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(pg.url(name), autocommit=True) as connection:
        connection.execute(sql)


class Probe(threading.Thread):
    """Every 0.2 s while the workers run: the lock a new row for the busiest qualification
    takes (what a foreign key check takes: FOR KEY SHARE), timed, so what processing makes
    others wait shows; and how many of the run's connections are waiting for a lock."""

    def __init__(self, qualification_id: int) -> None:
        super().__init__(daemon=True)
        self.qualification_id = qualification_id
        self.waits: list[float] = []
        self.locked: list[int] = []
        self.done = threading.Event()

    def run(self) -> None:
        import psycopg

        from bench.tables import table

        sql = f'SELECT 1 FROM "{table("qualification")}" WHERE id = %s FOR KEY SHARE'  # noqa: S608
        waiting = (
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s"
            " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        with psycopg.connect(pg.url(RUN), autocommit=True) as connection:
            while not self.done.wait(0.2):
                row = connection.execute(waiting, [RUN]).fetchone()
                self.locked.append(int(row[0]) if row else 0)
                started = time.perf_counter()
                with connection.transaction():
                    connection.execute(sql, [self.qualification_id])
                self.waits.append(time.perf_counter() - started)


def _workers(mode: str, count: int) -> list[subprocess.Popen[bytes]]:
    env = environment(RUN)
    if mode == "queue":
        command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay",
                   "--no-reload", "--queue-name", "default"]  # fmt: skip
    else:
        code = "import django; django.setup(); from bench.tables import task; "
        code += "print(task('process_finalised_claims').call())"
        command = [sys.executable, "-c", code]
    logs = Path("/tmp")  # noqa: S108 - worker logs for the reader
    return [
        subprocess.Popen(  # noqa: S603 - this project's own worker
            [*command, *(["--worker-id", f"bench-{n}"] if mode == "queue" else [])],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(logs / f"bench-results-day-{mode}-{n}.log").open("wb"),
        )
        for n in range(count)
    ]


def run_once(mode: str, count: int, busiest: int) -> dict[str, Any]:
    from bench.volume.results_checks import checks

    pg.create(RUN, template=TEMPLATE)
    started_at = _query(RUN, "SELECT now()")[0][0]
    probe = Probe(busiest)
    probe.start()
    started = time.perf_counter()
    workers = _workers(mode, count)
    codes = [worker.wait() for worker in workers]
    seconds = time.perf_counter() - started
    probe.done.set()
    probe.join()
    figures = checks(lambda sql: _query(RUN, sql), started_at)
    waits = sorted(probe.waits) or [0.0]
    figures.update(
        mode=mode,
        workers=count,
        seconds=seconds,
        per_second=figures["candidates"] / seconds,
        exit_codes=codes,
        wait_p50_ms=statistics.median(waits) * 1000,
        wait_max_ms=waits[-1] * 1000,
        # Of the workers, how many were waiting for another's row lock, on average.
        lock_waiting=statistics.mean(probe.locked or [0]) / count,
    )
    pg.drop(RUN)
    return figures


def main(candidates: int, counts: list[int], modes: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ["DATABASE_URL"] = pg.url(TEMPLATE)
    import django

    django.setup()  # for the models' table names; this process never uses Django's connection
    from bench.tables import column, table

    pg.start_cluster()
    from bench.volume import results_data

    results_data.template(candidates)
    claim, qualification = table("claim"), column("claim", "qualification")
    busiest = _query(TEMPLATE, f'SELECT "{qualification}" FROM "{claim}" WHERE status = '  # noqa: S608
                     f"'finalised' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")[0][0]  # fmt: skip
    rows = []
    for mode in modes:
        for count in counts:
            figures = run_once(mode, count, busiest)
            rows.append(figures)
            print(_line(figures), flush=True)
    print("\nresults day: candidates a second by workers (one template, copied for each run)")
    for figures in rows:
        print(_line(figures))
    twice = [f for f in rows if f["twice"]]
    return 1 if twice else 0


def _line(f: dict[str, Any]) -> str:
    return (
        f"  {f['mode']:5} {f['workers']} worker(s): {f['candidates']:,} candidates of "
        f"{f['claims_processed']:,} claims in {f['seconds']:.1f} s = {f['per_second']:,.0f}/s;"
        f" workers waiting on a lock {f['lock_waiting']:.0%};"
        f" a new row for the busiest qualification waits p50 {f['wait_p50_ms']:.0f} ms,"
        f" max {f['wait_max_ms']:,.0f} ms;"
        f" left finalised {f['left_finalised']}, failed tasks {f['failed_tasks']},"
        f" twice: {f['twice'] or 'none'}"
    )
