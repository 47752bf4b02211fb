"""Benchmark processing a claim of 10,000 candidates into results and awards.

Run it as ``python bench/results_processing.py``; a bench runner can import it and call
:func:`run`. It builds its own world in the benchmark's throwaway database (``bench/common.py``:
in-memory SQLite, or a fresh ``bench_*`` PostgreSQL database): the demo world, 10,000 seeded
candidates on one 03991 claim with 1 to 8 units each, some withdrawn, some units not accepted or
from another awarding body, and a tenth of the candidates already holding units from an earlier
processed claim. It then times ``results.actions.process_claim`` — the move to Processed, the
achieved units, the rules engine for every candidate and the awards — and
``claims.progress.progress_for_claim`` for the same claim before it is processed.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

# Running the file directly puts bench/ on sys.path, not the project root that holds the apps.
_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from bench.common import counting_queries, settle, setup_django  # noqa: E402
from bench.tables import model, objects  # noqa: E402

CANDIDATES = 10_000
EARLIER = 1_000
SEED = 2026


def _claim_with(people: list[Any], rng: random.Random, *, varied: bool) -> Any:
    """A Finalised 03991 claim at centre 12345 with seeded units for each person."""
    from django.db import transaction
    from django.db.models import Max

    from claims import transitions

    ClaimCandidate, ClaimedUnit = model("claim_candidate"), model("claimed_unit")
    itq = objects("qualification").get(code="03991")
    centre = objects("centre").get(number="12345")
    tutor = objects("user").get(email="tutor@northfield.test")
    assessor, _ = objects("assessor").get_or_create(
        centre=centre, initials="BA", defaults={"name": "Bench Assessor"}
    )
    units = list(objects("unit").filter(qualification=itq).order_by("number"))
    highest = objects("claim").aggregate(n=Max("claim_number"))["n"] or 90000
    claim = objects("claim").create(
        centre=centre, qualification=itq, created_by=tutor, claim_number=highest + 1
    )
    on_claim = ClaimCandidate.objects.bulk_create(
        ClaimCandidate(claim=claim, candidate=person, withdrawn=varied and rng.random() < 0.02)
        for person in people
    )
    claimed: list[Any] = []
    for row in on_claim:
        for unit in rng.sample(units, rng.randint(1, 8) if varied else 2):
            state, body = "accepted", ""
            if varied:
                roll = rng.random()
                if roll < 0.05:
                    state = "withdrawn"
                elif roll < 0.10:
                    state, body = "other_ab", "AGA"
            claimed.append(
                ClaimedUnit(
                    claim_candidate=row,
                    unit=unit,
                    assessor=assessor,
                    state=state,
                    awarding_body=body,
                    grade="",
                    date_claimed=date(2026, 11, 2),
                )
            )
    ClaimedUnit.objects.bulk_create(claimed, batch_size=2000)
    from claims.models import ClaimStatus

    for status in (ClaimStatus.SUBMITTED, ClaimStatus.FINALISED):
        with transaction.atomic():
            transitions.move(transitions.lock(claim.pk), to=status, acting_user=None)
    claim.refresh_from_db()
    return claim


class _Rollback(Exception):
    pass


def _insert_floor(claim: Any) -> float:
    """Seconds Django's bulk_create alone takes to write the same rows processing wrote.

    The achieved units, awards, certificates and audit events of the claim are deleted and
    written again as plain copies inside a transaction that is then rolled back, so the
    database is unchanged. Awards and certificates keep their ids, which certificates and
    replacements refer to.
    """
    from django.db import transaction

    def copies(queryset: Any, *, keep_ids: bool = False) -> list[Any]:
        rows = list(queryset)
        if not keep_ids:
            for row in rows:
                row.pk = None
        return rows

    claim.refresh_from_db()
    units = objects("achieved_unit").filter(claim=claim)
    awards = objects("award").filter(issued_at=claim.processed_at)
    certificates = objects("certificate").filter(claim=claim)
    events = objects("audit_event").filter(
        action__in=["results.units_achieved", "award.issued", "certificate.issued"],
        changes__claim=claim.pk,
    )
    seconds = 0.0
    try:
        with transaction.atomic():
            plain = [
                copies(units),
                copies(awards, keep_ids=True),
                copies(certificates, keep_ids=True),
                copies(events),
            ]
            for queryset in (events, certificates, awards, units):
                queryset.delete()
            start = time.perf_counter()
            for rows in plain:
                if rows:
                    type(rows[0]).objects.bulk_create(rows, batch_size=500)
            seconds = time.perf_counter() - start
            raise _Rollback
    except _Rollback:
        pass
    return seconds


def run(count: int = CANDIDATES, seed: int = SEED) -> dict[str, float]:
    """Build the seeded world, process the claim; returns timings and what was written."""
    setup_django()
    from claims.progress import progress_for_claim
    from results.actions import process_claim

    Candidate, AchievedUnit = model("candidate"), model("achieved_unit")
    rng = random.Random(seed)
    centre = objects("centre").get(number="12345")
    ops = objects("user").get(email="ops@awarding.test")
    people = Candidate.objects.bulk_create(
        (
            Candidate(
                centre=centre,
                number=f"7{n:07d}",
                first_name="Bench",
                last_name=f"Candidate{n:05d}",
                date_of_birth=date(2000, 1, 1),
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    earlier = _claim_with(people[: min(EARLIER, count)], rng, varied=False)
    process_claim(claim_id=earlier.pk, acting_user=ops)
    claim = _claim_with(people, rng, varied=True)
    settle()
    claimed_units = objects("claimed_unit").filter(claim_candidate__claim=claim).count()
    already = AchievedUnit.objects.count()

    start = time.perf_counter()
    with counting_queries() as progress_queries:
        progress = progress_for_claim(
            objects("claim").select_related("qualification").get(pk=claim.pk)
        )
    progress_seconds = time.perf_counter() - start

    start = time.perf_counter()
    with counting_queries() as queries:
        outcome = process_claim(claim_id=claim.pk, acting_user=ops)
    seconds = time.perf_counter() - start

    if AchievedUnit.objects.count() != already + len(outcome.achieved):
        raise AssertionError("the achieved units written do not match the outcome")
    floor = _insert_floor(claim)
    return {
        "candidates": float(count),
        "claimed_units": float(claimed_units),
        "achieved_units": float(len(outcome.achieved)),
        "already_achieved": float(outcome.already_achieved),
        "awards": float(len(outcome.awards)),
        "awards_total": float(objects("award").count()),
        "seconds": seconds,
        "seconds_floor": floor,
        "candidates_per_second": count / seconds,
        "queries": float(queries[0]),
        "progress_seconds": progress_seconds,
        "progress_candidates_per_second": len(progress) / progress_seconds,
        "progress_queries": float(progress_queries[0]),
    }


def main() -> None:
    """Print the figures."""
    figures = run()
    count = int(figures["candidates"])
    print(
        f"results processing: {count} candidates ({int(figures['claimed_units'])} claimed units)"
        f" in {figures['seconds']:.2f} s = {figures['candidates_per_second']:,.0f} candidates/s,"
        f" {int(figures['queries'])} queries"
    )
    print(f"  of which the same inserts alone (bulk_create) take {figures['seconds_floor']:.2f} s")
    print(
        f"  {int(figures['achieved_units'])} units achieved,"
        f" {int(figures['already_achieved'])} already achieved,"
        f" {int(figures['awards'])} full awards issued"
    )
    print(
        f"progress for the claim: {count} candidates in {figures['progress_seconds']:.2f} s"
        f" = {figures['progress_candidates_per_second']:,.0f} candidates/s,"
        f" {int(figures['progress_queries'])} queries"
    )


if __name__ == "__main__":
    main()
