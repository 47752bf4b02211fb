"""Benchmark View claim for a claim of 1,000 candidates and 80 units (80,000 cells).

The page is requested through Django's test Client as the signed-in tutor, so the whole
middleware stack runs; the time is the median of several requests after a warm-up. The floor is
a minimal page of the same layout served through the same stack: ``base.html`` around a table
of the same number of rows and cells, the cells emitted as ready-made strings joined per row
(the least work any view can do to send 80,000 cells). The cost per cell is what View claim
spends above that floor, divided by the number of cells.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

# Running the file directly puts bench/ on sys.path, not the project root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import (
    counting_queries,
    draft_claim,
    median_seconds,
    settle,
    setup_django,
    signed_in_client,
)
from bench.tables import model, objects

CANDIDATES = 1_000
UNITS = 80
RUNS = 3

_FLOOR_TEMPLATE = (
    '{% extends "base.html" %}{% block title %}Floor{% endblock %}{% block content %}'
    '<table class="govuk-table app-grid"><tbody class="govuk-table__body">{{ rows }}</tbody>'
    "</table>{% endblock %}"
)
_CELL = '<td class="govuk-table__cell app-grid__code">C</td>'


def floor_view(request: Any) -> Any:
    """base.html around CANDIDATES rows of UNITS cells each, joined from ready-made strings."""
    from django.http import HttpResponse
    from django.template import engines
    from django.utils.safestring import mark_safe

    cells = [_CELL] * UNITS
    rows = "".join(
        [
            '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
            f"Learner {n}</th><td>{n}</td>{''.join(cells)}</tr>"
            for n in range(CANDIDATES)
        ]
    )
    template = engines["django"].from_string(_FLOOR_TEMPLATE)
    return HttpResponse(template.render({"rows": mark_safe(rows)}, request))  # noqa: S308


def __getattr__(name: str) -> Any:
    # This module is the URL configuration while the benchmark runs; its patterns are made on
    # first use, once Django is set up, since the project's URLs import every app's views.
    if name == "urlpatterns":
        from django.urls import include, path

        return [path("bench/floor/", floor_view), path("", include("config.urls"))]
    raise AttributeError(name)


def run(candidates: int = CANDIDATES, units: int = UNITS) -> dict[str, float]:
    """Time View claim and the floor; returns seconds, µs per cell above the floor, queries."""
    setup_django()
    from django.test.utils import override_settings

    claim = draft_claim(candidates, units)
    settle()
    client = signed_in_client()
    url = f"/claims/{claim.pk}/"
    with override_settings(ROOT_URLCONF="bench.view_claim"):
        response = client.get(url)
        if response.status_code != 200 or response.content.count(b"app-grid__code") < (
            candidates * units
        ):
            raise AssertionError(f"View claim answered {response.status_code} without the grid")
        page_bytes = len(response.content)
        seconds = median_seconds(lambda: client.get(url), runs=RUNS)
        floor = median_seconds(lambda: client.get("/bench/floor/"), runs=RUNS)
        with counting_queries() as queries:
            client.get(url)
        parts = _parts(claim)
        # Every candidate above claims the same units, so much of the page is worked out once.
        # Take a seeded random third of the cells away: then no two candidates are alike.
        varied_cells = _vary(claim)
        settle()
        varied = median_seconds(lambda: client.get(url), runs=RUNS)
    cells = candidates * units
    return {
        "cells": float(cells),
        "page_kib": page_bytes / 1024,
        "seconds": seconds,
        "seconds_floor": floor,
        "above_floor_us_per_cell": (seconds - floor) / cells * 1e6,
        "queries": float(queries[0]),
        **parts,
        "varied_cells": float(varied_cells),
        "varied_seconds": varied,
        "varied_seconds_floor": floor,
        "varied_above_floor_us_per_cell": (varied - floor) / varied_cells * 1e6,
    }


def _vary(claim: Any) -> int:
    """Remove a seeded random third of the claim's cells; returns the cells left."""
    import random

    ClaimedUnit = model("claimed_unit")
    ids = list(
        ClaimedUnit.objects.filter(claim_candidate__claim=claim)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    gone = random.Random(7).sample(ids, len(ids) // 3)
    for start in range(0, len(gone), 900):
        ClaimedUnit.objects.filter(pk__in=gone[start : start + 900]).delete()
    return len(ids) - len(gone)


def _parts(claim: Any) -> dict[str, float]:
    """Seconds of the page's main parts on their own, to show where the time goes."""
    import time

    from claims.checks import claim_checks
    from claims.grid import claim_grid
    from claims.progress import progress_for_claim

    claim = objects("claim").select_related("centre", "qualification").get(pk=claim.pk)
    figures = {}
    for name, part in (
        ("part_grid_seconds", claim_grid),
        ("part_checks_seconds", claim_checks),
        ("part_progress_seconds", progress_for_claim),
    ):
        start = time.perf_counter()
        part(claim)
        figures[name] = time.perf_counter() - start
    return figures


if __name__ == "__main__":
    print(run())
