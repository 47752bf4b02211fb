"""What a results-day run did: how much was processed, and whether anything was done twice.

Read from the run's database after its workers stopped. Unique constraints already stop a unit
being achieved twice or an award being stored twice; these checks look for what they cannot:
a claim moved to Processed or its results recorded by two workers, a candidate's results of
one claim announced twice, an award announced twice, tasks that failed, claims left behind.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from bench.tables import column, table

Query = Callable[[str], list[tuple[Any, ...]]]


def _twice(query: Query, since: datetime, action: str, key: str) -> int:
    """Groups of audit events of `action` since the run began that occur more than once."""
    events = table("audit_event")
    sql = (
        f"SELECT count(*) FROM (SELECT 1 FROM \"{events}\" WHERE action = '{action}'"  # noqa: S608
        f" AND created_at >= '{since.isoformat()}' GROUP BY {key} HAVING count(*) > 1) twice"
    )
    return int(query(sql)[0][0])


def checks(query: Query, since: datetime) -> dict[str, Any]:
    claims, on_claim = table("claim"), table("claim_candidate")
    claim_of, withdrawn = column("claim_candidate", "claim"), column("claim_candidate", "withdrawn")
    tasks = table("task_result")
    candidates = query(
        f'SELECT count(*) FROM "{on_claim}" cc JOIN "{claims}" c ON c.id = cc."{claim_of}"'  # noqa: S608
        f" WHERE c.status = 'processed' AND NOT cc.\"{withdrawn}\""
    )[0][0]
    statuses: dict[str, int] = dict(
        query(f'SELECT status, count(*) FROM "{claims}" GROUP BY status')  # noqa: S608
    )
    failed = query(
        f"SELECT exception_class_path, count(*) FROM \"{tasks}\" WHERE status = 'FAILED'"  # noqa: S608
        " GROUP BY 1"
    )
    twice = {
        "claim processed": _twice(query, since, "claim.processed", "object_id"),
        "results recorded": _twice(query, since, "results.recorded", "object_id"),
        "candidate's results": _twice(
            query, since, "results.units_achieved", "object_id, changes->>'claim'"
        ),
        "award issued": _twice(
            query, since, "award.issued", "changes->>'candidate', changes->>'qualification'"
        ),
    }
    return {
        "candidates": int(candidates),
        "claims_processed": int(statuses.get("processed", 0)),
        "left_finalised": int(statuses.get("finalised", 0)),
        "failed_tasks": {str(path).rsplit(".", 1)[-1]: int(n) for path, n in failed} or 0,
        "twice": {name: n for name, n in twice.items() if n},
    }
