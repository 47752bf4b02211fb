"""Every page a user opens, at national volume: p50, p95, queries, and every query's plan.

Each page is asked for through Django's test Client (the whole middleware stack, in-process),
signed in as a user of one of the biggest centres (centre 12345, 5,000 candidates), as the
examiner-moderator of many centres, or as operations. A page is timed over repeated requests
after a warm-up, then asked for once more with every query explained (`plans`). A page fails
when its p95 is over `P95_LIMIT` or a query reads a big table by a sequential scan.
"""

from __future__ import annotations

import cProfile
import gc
import io
import json
import pstats
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.tables import objects
from bench.volume import plans

P95_LIMIT = 0.100
TUTOR, MODERATOR, OPERATIONS = (
    "tutor@northfield.test",
    "moderator@awarding.test",
    "ops@awarding.test",
)
VERIFIER = "verifier@awarding.test"
#: A surname many candidates of a big centre share, for the searches.
SURNAME = "Smith"
OUTPUT = Path("/tmp/bench-national-pages.json")  # noqa: S108 - a report, not a secret
ROOT = Path(__file__).resolve().parent.parent.parent
SITE = Path(json.__file__).resolve().parent.parent
#: The project's own code in a profile, whichever app it is in (a regular expression).
PROJECT = f"^{ROOT}/(?!\\.venv/|bench/)"


@dataclass
class Page:
    name: str
    user: str
    path: str


@dataclass
class Measured:
    page: Page
    status: int
    p50: float
    p95: float
    runs: int
    #: this process's CPU time for the page (the median): Python, templates, the driver
    cpu: float = 0.0
    queries: int = 0
    captured: list[plans.Query] = field(default_factory=list)

    @property
    def database(self) -> float:
        """Seconds the page's reads took in the database, as timed around each statement."""
        return sum(q.seconds for q in self.captured)

    @property
    def repeated(self) -> list[tuple[int, str]]:
        """Statements run more than 3 times for one request: a query per row."""
        counts: dict[str, int] = {}
        for query in self.captured:
            counts[query.sql] = counts.get(query.sql, 0) + 1
        return sorted(((n, sql) for sql, n in counts.items() if n > 3), reverse=True)

    @property
    def offenders(self) -> list[tuple[plans.Query, plans.Scan]]:
        return [(q, s) for q in self.captured for s in q.offenders]

    @property
    def failed(self) -> bool:
        return (
            self.status != 200
            or self.p95 > P95_LIMIT
            or bool(self.offenders)
            or bool(self.repeated)
        )


def _ids() -> dict[str, Any]:
    """The records the pages open: centre 12345's biggest claims, a moderator's claim."""
    from django.db.models import Count

    claims = objects("claim").filter(centre__number="12345")
    biggest = claims.annotate(n=Count("candidates")).order_by("-n", "pk")
    draft = biggest.filter(status="draft", qualification__code="03991").first()
    processed = biggest.filter(status="processed").first()
    queued = (
        objects("claim")
        .filter(status="submitted", moderator__email=MODERATOR)
        .annotate(n=Count("candidates"))
        .order_by("-n", "pk")
        .first()
    )
    number = (
        objects("claim_candidate")
        .filter(claim=draft)
        .order_by("candidate__number")
        .values_list("candidate__number", flat=True)
        .first()
    )
    return {"draft": draft.pk, "processed": processed.pk, "queued": queued.pk, "number": number}


def pages() -> list[Page]:
    ids = _ids()
    draft, processed, queued = ids["draft"], ids["processed"], ids["queued"]
    tutor = [
        ("Home", "/"),
        ("Make claim", "/claims/"),
        ("Edit claim (candidates on it)", f"/claims/{draft}/edit/"),
        ("Find candidate (Edit claim)", f"/claims/{draft}/edit/?q={SURNAME}"),
        ("Find candidate (Candidates)", f"/candidates/?q={SURNAME}"),
        ("Candidates", "/candidates/"),
        ("Entries", "/entries/"),
        ("Candidate claim page", f"/claims/{draft}/candidates/{ids['number']}/"),
        ("View claim (in progress)", f"/claims/{draft}/"),
        ("View claim (processed)", f"/claims/{processed}/"),
        ("Claim history", "/claims/history/"),
        ("Claim history sorted by units", "/claims/history/?sort=units&dir=desc"),
        ("Claim history of 03991", "/claims/history/?qualification=03991"),
        ("Claim history sorted, filtered, page 20",
         "/claims/history/?qualification=03991&sort=candidates&dir=asc&page=20"),
        ("A claim's History", f"/claims/{processed}/history/"),
        ("Results", "/results/"),
        ("Results search", f"/results/?q={SURNAME}"),
        ("Results of 03991", "/results/?qualification=03991"),
        ("Centre information", "/centre-information/"),
        ("Examiner-moderator reports", "/centre-information/examiner-moderator-reports/"),
        ("Outbox (tutor)", "/outbox/"),
        ("API candidates", "/api/v1/candidates/"),
        ("API candidates search", f"/api/v1/candidates/?q={SURNAME}"),
        ("API entries", "/api/v1/entries/"),
        ("API claims", "/api/v1/claims/"),
        ("API claim", f"/api/v1/claims/{draft}/"),
        ("API results", "/api/v1/results/"),
    ]  # fmt: skip
    moderator = [
        ("Moderator's queue", "/moderation/"),
        ("Moderator's claim", f"/moderation/claims/{queued}/"),
        ("Outbox (moderator)", "/outbox/"),
    ]
    operations = [
        ("Claims to process", "/operations/claims-to-process/"),
        ("Overdue claims", "/operations/overdue-claims/"),
        ("Direct claim status", "/operations/direct-claim-status/"),
    ]
    verifier = [("Verification", "/verification/")]
    return [
        Page(name, user, path)
        for user, group in ((TUTOR, tutor), (MODERATOR, moderator), (OPERATIONS, operations),
                            (VERIFIER, verifier))
        for name, path in group
    ]  # fmt: skip


def _percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def measure(page: Page, client: Any, runs: int, sizes: dict[str, int], cold: float) -> Measured:
    """Time the page (already asked for once), count its statements, capture its plans."""
    # A page taking seconds is measured fewer times: its failure is plain after a few.
    count = runs if cold < 0.5 else max(3, runs // 4)
    times, cpu = [], []
    # As a gunicorn worker does once it has loaded the project (config/gunicorn.py): what is
    # loaded so far is out of the garbage collector's sight, so a full collection walks only
    # what the requests make.
    gc.freeze()
    for _ in range(count):
        started, used = time.perf_counter(), time.process_time()
        client.get(page.path)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    measured = Measured(page, 200, statistics.median(times), _percentile(times, 0.95), count)
    measured.cpu = statistics.median(cpu)
    with plans.counting() as counted:
        client.get(page.path)
    measured.queries = counted[0]
    with plans.capture(sizes) as captured:
        client.get(page.path)
    measured.captured = captured
    return measured


def profile(page: Page, client: Any, top: int = 12) -> str:
    """cProfile of one request, in this process's CPU time (waiting for a shared core or for
    the database is not counted): the project's functions by cumulative time, then every
    function by its own time."""
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    client.get(page.path)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(PROJECT, top)
    stats.sort_stats("tottime").print_stats(top)
    lines = [
        line.replace(str(ROOT) + "/", "").replace(str(SITE), "")
        for line in out.getvalue().splitlines()
        if line.strip() and ("(" in line or "ncalls" in line)
    ]
    return "\n".join(lines)


def _clients() -> dict[str, Any]:
    from django.conf import settings
    from django.test import Client

    # The API's rate limit is for centres' systems, not for this benchmark's repeated requests.
    settings.API_THROTTLE_RATE = "1000000/min"
    clients = {}
    for email in (TUTOR, MODERATOR, OPERATIONS, VERIFIER):
        client = Client()
        client.force_login(objects("user").get(email=email))
        clients[email] = client
    return clients


def _short(sql: str, limit: int = 400) -> str:
    flat = " ".join(sql.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def report(results: list[Measured]) -> list[str]:
    lines = [
        f"{'page':44} {'user':9} {'p50 ms':>7} {'p95 ms':>7} {'cpu ms':>7} {'db ms':>7} "
        f"{'runs':>4} {'queries':>7}  seq-scan offenders"
    ]
    for m in results:
        who = m.page.user.split("@")[0]
        offenders = sorted({f"{s.table} ({s.table_rows:,})" for _, s in m.offenders})
        if m.repeated:
            offenders.append(f"{sum(n for n, _ in m.repeated)} repeated statements")
        flag = "FAIL" if m.failed else "ok"
        status = "" if m.status == 200 else f" HTTP {m.status}"
        lines.append(
            f"{m.page.name[:44]:44} {who:9} {m.p50 * 1000:7.1f} {m.p95 * 1000:7.1f} "
            f"{m.cpu * 1000:7.1f} {m.database * 1000:7.1f} {m.runs:4} {m.queries:7}  "
            f"{', '.join(offenders) or '-'}  {flag}{status}"
        )
    return lines


def details(results: list[Measured]) -> list[str]:
    """For every failing page: each offending scan with its query, and the slowest queries."""
    lines = []
    for m in results:
        if not m.failed:
            continue
        lines.append(f"\n## {m.page.name} ({m.page.path}) p95 {m.p95 * 1000:.0f} ms")
        for query, scan in m.offenders:
            lines.append(
                f"- sequential scan of {scan.table} ({scan.table_rows:,} rows), kept {scan.rows:,},"
                f" removed {scan.removed:,}; filter: {scan.filter or '(none)'}"
            )
            lines.append(f"  query: {_short(query.sql)}")
        for n, sql in m.repeated:
            lines.append(f"- run {n} times: {_short(sql, 300)}")
        for query in sorted(m.captured, key=lambda q: -q.plan_ms)[:2]:
            lines.append(f"- slowest query {query.plan_ms:.1f} ms: {_short(query.sql, 300)}")
            lines.extend(f"    {line}" for line in query.outline())
    return lines


def main(
    *,
    runs: int = 20,
    profile_slowest: int = 3,
    only: str = "",
    profile_names: list[str] | None = None,
) -> int:
    import os

    from django.db import connection

    sizes = plans.table_rows(connection)
    clients = _clients()
    chosen = [p for p in pages() if not only or only.lower() in p.name.lower()]
    load = os.getloadavg()
    # Every page once first, so that no page pays for loading code, templates or cold caches.
    first: dict[str, tuple[int, float]] = {}
    for page in chosen:
        started = time.perf_counter()
        status = clients[page.user].get(page.path).status_code
        first[page.name] = (status, time.perf_counter() - started)
    results = []
    for page in chosen:
        status, cold = first[page.name]
        if status != 200:
            results.append(Measured(page, status, cold, cold, 1))
        else:
            results.append(measure(page, clients[page.user], runs, sizes, cold))
        print(report([results[-1]])[-1], flush=True)
    after = os.getloadavg()
    print("\n" + "\n".join(report(results)))
    print(f"(load average {load[0]:.1f} before the timed requests, {after[0]:.1f} after)")
    print("\n".join(details(results)))
    # The pages whose own Python work is the largest: where a profile says most.
    slowest = sorted((m for m in results if m.status == 200), key=lambda m: -m.cpu)
    named = [m for m in results if m.status == 200 and m.page.name in (profile_names or [])]
    for m in [
        *slowest[:profile_slowest],
        *(m for m in named if m not in slowest[:profile_slowest]),
    ]:
        print(
            f"\n## cProfile of {m.page.name} ({m.p50 * 1000:.0f} ms, {m.cpu * 1000:.0f} ms CPU)\n"
        )
        print(profile(m.page, clients[m.page.user]))
    OUTPUT.write_text(json.dumps([_record(m) for m in results], indent=1))
    failed = [m.page.name for m in results if m.failed]
    print(f"\n{len(failed)} of {len(results)} pages fail: {', '.join(failed) or 'none'}")
    print(f"(figures also in {OUTPUT})")
    return 1 if failed else 0


def _record(m: Measured) -> dict[str, Any]:
    return {
        "page": m.page.name,
        "path": m.page.path,
        "user": m.page.user,
        "status": m.status,
        "p50_ms": round(m.p50 * 1000, 1),
        "p95_ms": round(m.p95 * 1000, 1),
        "cpu_ms": round(m.cpu * 1000, 1),
        "db_ms": round(m.database * 1000, 1),
        "queries": m.queries,
        "repeated": [{"times": n, "sql": sql} for n, sql in m.repeated],
        "offenders": [
            {"table": s.table, "table_rows": s.table_rows, "filter": s.filter, "sql": q.sql}
            for q, s in m.offenders
        ],
        "slowest": [
            {"ms": q.plan_ms, "sql": q.sql, "plan": q.outline()}
            for q in sorted(m.captured, key=lambda q: -q.plan_ms)[:3]
        ],
    }
