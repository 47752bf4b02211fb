"""Benchmark View claim history for a centre with 10,000 claims.

The claims are written in bulk: seeded statuses, qualifications and submission dates, two
candidates and three units each, so the candidate and unit counts of every row have something to
count. Two pages are requested through Django's test Client as the signed-in tutor: the first
page, and a page in the middle of the 03991 claims sorted by number of units. Each figure is the
median of several requests after a warm-up, beside a minimal page (``base.html`` with a short
body) served through the same middleware stack.
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

# Running the file directly puts bench/ on sys.path, not the project root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import (
    SEED,
    candidates,
    counting_queries,
    median_seconds,
    settle,
    setup_django,
    signed_in_client,
)
from bench.tables import model, objects

CLAIMS = 10_000
RUNS = 7


def floor_view(request: Any) -> Any:
    """base.html with a one-line body: what any page costs before its own work."""
    from django.http import HttpResponse
    from django.template import engines

    template = engines["django"].from_string(
        '{% extends "base.html" %}{% block title %}Floor{% endblock %}'
        '{% block content %}<p class="govuk-body">ok</p>{% endblock %}'
    )
    return HttpResponse(template.render({}, request))


def __getattr__(name: str) -> Any:
    # This module is the URL configuration while the benchmark runs (see bench/view_claim.py).
    if name == "urlpatterns":
        from django.urls import include, path

        return [path("bench/floor/", floor_view), path("", include("config.urls"))]
    raise AttributeError(name)


def _claims(count: int) -> None:
    Claim, ClaimCandidate, ClaimedUnit = (
        model("claim"),
        model("claim_candidate"),
        model("claimed_unit"),
    )
    rng = random.Random(SEED)
    centre = objects("centre").get(number="12345")
    tutor = objects("user").get(email="tutor@northfield.test")
    qualifications = list(objects("qualification").filter(code__in=["03991", "05203"]))
    units = {q.pk: list(objects("unit").filter(qualification=q)[:6]) for q in qualifications}
    assessor, _ = objects("assessor").get_or_create(
        centre=centre, initials="BH", defaults={"name": "Bench History"}
    )
    people = candidates(200, start=60_000_000, entry=False)
    statuses = ["submitted", "finalised", "processed"]
    first = datetime(2020, 1, 1, tzinfo=UTC)
    made = Claim.objects.bulk_create(
        (
            Claim(
                centre=centre,
                qualification=rng.choice(qualifications),
                status=rng.choice(statuses),
                claim_number=100_000 + n,
                reference=f"B{n:07d}",
                created_by=tutor,
                submitted_at=first + timedelta(hours=n * 5 + rng.randint(0, 4)),
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    on_claims = ClaimCandidate.objects.bulk_create(
        (
            ClaimCandidate(claim=claim, candidate=person)
            for claim in made
            for person in rng.sample(people, 2)
        ),
        batch_size=5000,
    )
    qualification_of = {claim.pk: claim.qualification_id for claim in made}
    today = datetime(2026, 11, 2).date()
    ClaimedUnit.objects.bulk_create(
        (
            ClaimedUnit(
                claim_candidate=row,
                unit=unit,
                assessor=assessor,
                date_claimed=today,
            )
            for row in on_claims
            for unit in rng.sample(units[qualification_of[row.claim_id]], rng.randint(1, 2))
        ),
        batch_size=5000,
    )


def run(count: int = CLAIMS) -> dict[str, float]:
    """Seconds and queries of the first page and of a sorted, filtered page of claim history."""
    setup_django()
    from django.test.utils import override_settings

    _claims(count)
    settle()
    client = signed_in_client()
    pages = {
        "first_page": "/claims/history/",
        "sorted_filtered_page": "/claims/history/?qualification=03991&sort=units&dir=desc&page=100",
    }
    figures: dict[str, float] = {"claims": float(count)}
    with override_settings(ROOT_URLCONF="bench.history"):
        floor = median_seconds(lambda: client.get("/bench/floor/"), runs=RUNS)
        for name, url in pages.items():
            response = client.get(url)
            if response.status_code != 200 or b"B00" not in response.content:
                raise AssertionError(f"{url} answered {response.status_code} without claims")
            figures[f"{name}_seconds"] = median_seconds(partial(client.get, url), runs=RUNS)
            figures[f"{name}_seconds_floor"] = floor
            with counting_queries() as queries:
                client.get(url)
            figures[f"{name}_queries"] = float(queries[0])
    return figures


if __name__ == "__main__":
    print(run())
