"""The results-day template database: finalised claims of about 100,000 candidates, queued.

The national world (`world`) at the size the run needs, its moderated qualifications' entered
candidates on claims of whole classes finalised in the last ten days (`claims.Writer` writes
them as the national data set's are written), then one `process_claim` task per claim in the
database task queue. Built once and marked with a fingerprint of this code and the generator's;
each run copies it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench import pg

TEMPLATE = "bench_results_day"
#: Candidates on a claim processed on results day: the end-of-year claims of whole classes.
CLASS = (20, 60)
#: Candidates in the national world at full scale: the template's world is sized to the run.
NATIONAL_CANDIDATES = 600_000


def build_template(candidates: int) -> None:
    """In a process of its own, on the template database: world, finalised claims, queue."""
    import tempfile

    from bench.common import setup_django
    from bench.volume import claims, copy, world

    setup_django(demo=True)
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    with tempfile.TemporaryDirectory(prefix="bench-results-day-") as folder:
        stage = copy.Staging(Path(folder), copy.highest_id(raw))
        with raw.cursor() as cursor:
            # A third more than wanted: some entries are for directly claimed qualifications.
            made = world.build(stage, cursor, scale=1.3 * candidates / NATIONAL_CANDIDATES)
        raw.commit()
        plans = _finalised(made, candidates)
        writer = claims.Writer(stage, made)
        for plan in plans:
            writer.write(plan)
        copy.load(stage, raw)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  {len(plans):,} finalised claims of {sum(len(p.members) for p in plans):,} candidates")


def _finalised(made: Any, wanted: int) -> list[Any]:
    """Claims of every centre's entered candidates, each finalised in the last ten days."""
    from datetime import timedelta

    from bench.volume.claims import FIRST_CLAIM_NUMBER, Plan

    rng, now = made.rng, made.now
    plans: list[Plan] = []
    total = 0
    for centre in made.centres:
        for qualification_id, pool in centre.pools.items():
            if not made.qualifications[qualification_id].moderated:
                continue  # the direct claims are left out: each claim here was moderated
            members = pool[:]
            rng.shuffle(members)
            while members and total < wanted:
                size = rng.randint(*CLASS)
                group, members = members[:size], members[size:]
                plan = Plan(centre, made.qualifications[qualification_id], "finalised", now, group)
                plan.submitted_at = now - timedelta(days=rng.uniform(5, 10))
                plan.created_at = plan.submitted_at - timedelta(days=3)
                plan.finalised_at = now - timedelta(days=rng.uniform(0, 4))
                plans.append(plan)
                total += len(group)
    plans.sort(key=lambda p: p.submitted_at or now)
    for number, plan in enumerate(plans, start=FIRST_CLAIM_NUMBER):
        plan.number = number
    return plans


def enqueue() -> None:
    """In a process with the database task backend: one `process_claim` task per claim."""
    import django

    django.setup()
    from django.db import transaction

    from bench.tables import objects, task

    process = task("process_claim")
    ids = list(objects("claim").filter(status="finalised").values_list("pk", flat=True))
    with transaction.atomic():
        for claim_id in ids:
            process.enqueue(claim_id)
    print(f"  {len(ids):,} process_claim tasks queued")


def template(candidates: int) -> None:
    """The template database, built unless one of the same candidates and code exists."""
    import hashlib

    from bench.volume.dataset import GENERATOR, HERE, comment
    from bench.volume.results_day import admin_sql, run_python

    digest = hashlib.sha256(f"{candidates}".encode())
    for name in (*GENERATOR, "results_data"):
        digest.update((HERE / f"{name}.py").read_bytes())
    mark = f"results day {digest.hexdigest()[:16]}"
    if pg.exists(TEMPLATE) and comment(TEMPLATE) == mark:
        print(f"Using the results-day template {TEMPLATE}")
        return
    print(f"Building the results-day template {TEMPLATE}")
    pg.create(TEMPLATE)
    code = f"from bench.volume import results_data; results_data.build_template({candidates})"
    test = {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "BENCH_DATABASE_URL": pg.url(TEMPLATE),
    }
    run_python(code, TEMPLATE, test)
    run_python("from bench.volume import results_data; results_data.enqueue()", TEMPLATE)
    admin_sql(TEMPLATE, f"COMMENT ON DATABASE \"{TEMPLATE}\" IS '{mark}'")
