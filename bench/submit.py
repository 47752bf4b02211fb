"""Benchmark submitting a claim of 1,000 candidates x 10 units (``claims.actions.submit_claim``).

The claim is written in bulk, every candidate with a full award entry; the tutor of centre 12345
then submits it to the assessor, as the "Yes, submit" button does: the checks before submitting,
the claim number, the moderator, the status change, the audit record. The floor is the same
action on a claim of one candidate with one unit, in the same run.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

# Running the file directly puts bench/ on sys.path, not the project root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import counting_queries, draft_claim, settle, setup_django
from bench.tables import objects

CANDIDATES = 1_000
UNITS = 10


def _submit(claim: Any) -> tuple[float, int]:
    from claims.actions import submit_claim

    membership = (
        objects("membership")
        .select_related("centre", "user")
        .get(user__email="tutor@northfield.test")
    )
    start = time.perf_counter()
    with counting_queries() as queries:
        submitted = submit_claim(
            membership=membership,
            claim_id=claim.pk,
            submitter_email="tutor@northfield.test",
            declaration=True,
            acting_user=membership.user,
        )
    seconds = time.perf_counter() - start
    if submitted.status != "submitted":
        raise AssertionError(f"the claim is {submitted.status}, not submitted")
    return seconds, queries[0]


def run(candidates: int = CANDIDATES, units: int = UNITS) -> dict[str, float]:
    """Seconds and queries to submit the big claim, and a one-cell claim as the floor."""
    setup_django()
    # A centre has one claim in progress per qualification: the floor's is submitted first.
    floor_claim = draft_claim(1, 1, start=50_000_000)
    settle()
    floor_seconds, floor_queries = _submit(floor_claim)
    claim = draft_claim(candidates, units)
    settle()
    seconds, queries = _submit(claim)
    return {
        "claimed_units": float(candidates * units),
        "seconds": seconds,
        "seconds_floor": floor_seconds,
        "queries": float(queries),
        "queries_floor": float(floor_queries),
    }


if __name__ == "__main__":
    print(run())
