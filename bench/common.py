"""What the benchmarks share: Django on a throwaway database, seeded claims, timing.

Every benchmark runs in a process of its own (see ``bench/run.py``). :func:`setup_django` points
the test settings at the benchmark's database, migrates it and loads the demo world: an
in-memory SQLite database (or a temporary file, for benchmarks that need a second process such
as gunicorn to see the data), or, when ``BENCH_DATABASE_URL`` names one, a fresh PostgreSQL
database called ``bench_*`` (``bench/pg.py``). The builders here then write big claims with
``bulk_create``, seeded so every run measures the same data.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.tables import model, objects  # noqa: E402

SEED = 2026


def database_url(default: str = "sqlite://:memory:") -> str:
    """The database this run measures: BENCH_DATABASE_URL (PostgreSQL) or `default` (SQLite)."""
    return os.environ.get("BENCH_DATABASE_URL") or default


def database_label() -> str:
    return "postgresql" if database_url().startswith("postgres") else "sqlite"


def setup_django(database_url: str = "sqlite://:memory:", *, demo: bool = True) -> None:
    """Django with the test settings on the benchmark's database, migrated, demo loaded.

    `database_url` is the SQLite database to use unless BENCH_DATABASE_URL names a PostgreSQL
    one; that must be called ``bench_*``, as every database a benchmark writes to is.
    """
    from bench import pg

    url = os.environ.get("BENCH_DATABASE_URL") or database_url
    if url.startswith("postgres"):
        pg.checked(pg.name_of(url))
    elif not url.startswith("sqlite:"):
        raise RuntimeError("the benchmarks write big claims: SQLite or a bench_* PostgreSQL")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor not in {"sqlite", "postgresql"}:
        raise RuntimeError("the benchmarks run on SQLite or PostgreSQL")
    from django.conf import settings

    # The test Client asks for host "testserver", which pytest-django would otherwise allow.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0, interactive=False)
    if demo:
        from demo import world as demo_world

        demo_world.load()


def settle() -> None:
    """After a bulk load on PostgreSQL, gather the planner's statistics, as autovacuum would.

    Without them the planner guesses row counts of freshly loaded tables and can pick plans
    that a database in service never would. SQLite is left as it is.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


@contextmanager
def counting_queries() -> Iterator[list[int]]:
    """Counts every query the default connection runs inside the block (count[0])."""
    from django.db import connection

    count = [0]

    def wrapper(execute: Callable[..., Any], *args: Any) -> Any:
        count[0] += 1
        return execute(*args)

    with connection.execute_wrapper(wrapper):
        yield count


def median_seconds(action: Callable[[], Any], *, runs: int = 5, warmup: int = 1) -> float:
    """The median wall time of `runs` calls of `action`, after `warmup` calls not counted."""
    for _ in range(warmup):
        action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def candidates(count: int, *, start: int = 80_000_000, entry: bool = True) -> list[Any]:
    """`count` new candidates at centre 12345, with full award entries for 03991 by default."""
    Candidate, NamedEntry = model("candidate"), model("named_entry")
    centre = objects("centre").get(number="12345")
    made = Candidate.objects.bulk_create(
        (
            Candidate(
                centre=centre,
                number=str(start + i),
                first_name=f"Learner{i:05d}",
                last_name=f"Surname{i:05d}",
                date_of_birth=date(2000, 1, 1),
            )
            for i in range(count)
        ),
        batch_size=2000,
    )
    if entry:
        itq = objects("qualification").get(code="03991")
        NamedEntry.objects.bulk_create(
            (NamedEntry(candidate=c, qualification=itq, entry_type="full") for c in made),
            batch_size=2000,
        )
    return made


def draft_claim(
    candidate_count: int, units: int, *, start: int = 80_000_000, claim_number: int | None = None
) -> Any:
    """A 03991 claim at centre 12345 where every candidate claims units 1..`units`.

    In progress, unless given a `claim_number`: then Submitted (a centre has one claim in
    progress per qualification). Unit 3 comes from another awarding body (code "T"), as in the
    test builders.
    """
    from django.utils import timezone

    ClaimCandidate, ClaimedUnit = model("claim_candidate"), model("claimed_unit")
    centre = objects("centre").get(number="12345")
    itq = objects("qualification").get(code="03991")
    assessor, _ = objects("assessor").get_or_create(
        centre=centre, initials="BA", defaults={"name": "Bench Assessor"}
    )
    assessor.qualifications.add(itq)
    claim = objects("claim").create(
        centre=centre,
        qualification=itq,
        created_by=objects("user").get(email="tutor@northfield.test"),
        **(
            {
                "status": "submitted",
                "claim_number": claim_number,
                "submitted_at": timezone.now(),
            }
            if claim_number
            else {}
        ),
    )
    people = candidates(candidate_count, start=start)
    on_claim = ClaimCandidate.objects.bulk_create(
        (ClaimCandidate(claim=claim, candidate=c) for c in people), batch_size=2000
    )
    unit_rows = list(
        objects("unit").filter(qualification=itq, number__lte=units).order_by("number")
    )
    today = timezone.localdate()
    ClaimedUnit.objects.bulk_create(
        (
            ClaimedUnit(
                claim_candidate=row,
                unit=unit,
                assessor=assessor,
                state="other_ab" if unit.number == 3 else "claimed",
                awarding_body="AQA" if unit.number == 3 else "",
                date_claimed=today,
            )
            for row in on_claim
            for unit in unit_rows
        ),
        batch_size=5000,
    )
    return claim


def signed_in_client(email: str = "tutor@northfield.test") -> Any:
    """A Django test Client signed in as `email` (the whole middleware stack runs)."""
    from django.test import Client

    client = Client()
    client.force_login(objects("user").get(email=email))
    return client
