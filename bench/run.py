"""Runs every benchmark under bench/ on SQLite and on PostgreSQL and prints one table of figures.

Each benchmark is a module with `run() -> dict[str, float]`; it runs in a process of its own so
that one benchmark's memory and database do not colour the next, once on a throwaway SQLite
database and once on a fresh PostgreSQL database of this machine's cluster (``bench_<module>_*``,
dropped afterwards; ``bench/pg.py``). A module with ``USES_DATABASE = False`` runs once. A figure
named `X` with a figure `X_floor` beside it is shown with its ratio to that floor: what the
framework itself costs for the same work, measured in the same run on the same database.

``python bench/run.py [module ...]`` runs some modules only; ``BENCH_DATABASES=sqlite`` (or
``postgresql``) runs on one database only. The national data set and the results-day bench are
separate: ``bench/national.py`` (``make bench-national``).
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import pg  # noqa: E402

SKIP = {"run", "__init__", "common", "tables", "pg", "national"}
DATABASES = ("sqlite", "postgresql")
Figures = dict[str, float]


def modules(selected: list[str]) -> list[str]:
    names = sorted(p.stem for p in (ROOT / "bench").glob("*.py") if p.stem not in SKIP)
    return [n for n in names if not selected or n in selected]


def uses_database(name: str) -> bool:
    return bool(getattr(importlib.import_module(f"bench.{name}"), "USES_DATABASE", True))


def only_on(name: str) -> str | None:
    """The one database column a module's figures belong in (the load test's: PostgreSQL)."""
    only = getattr(importlib.import_module(f"bench.{name}"), "ONLY_ON", None)
    return str(only) if only else None


def run_module(name: str, database: str) -> Figures:
    """The module's figures, from a process of its own on a fresh database of that kind."""
    env = {k: v for k, v in os.environ.items() if k != "BENCH_DATABASE_URL"}
    created = ""
    if database == "postgresql" and uses_database(name):
        created = f"bench_{name}_{os.getpid()}"
        env["BENCH_DATABASE_URL"] = pg.create(created)
    code = f"import json, bench.{name} as m; print('@@' + json.dumps(m.run()))"
    try:
        result = subprocess.run(  # noqa: S603 - runs this project's own benchmark modules
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        if created:
            pg.drop(created)
    if result.returncode != 0:
        raise RuntimeError(
            f"bench/{name}.py on {database} failed:\n{result.stdout}\n{result.stderr}"
        )
    line = next(line for line in result.stdout.splitlines() if line.startswith("@@"))
    return dict(json.loads(line[2:]))


def format_value(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:,.2f}"
    return f"{value:.4g}"


def ratio(figures: Figures, key: str, over: str | None = None) -> float | None:
    """A figure divided by another of the same run (by default its own floor), if measured."""
    below = figures.get(over or f"{key}_floor")
    return figures[key] / below if below else None


def cells(figures: Figures | None, key: str) -> tuple[str, str]:
    """The value and its ratio to the same run's floor, or blanks when not measured."""
    if figures is None or key not in figures:
        return ("n/a" if figures is None else "", "")
    to_floor = ratio(figures, key)
    return format_value(figures[key]), f"{to_floor:.2f}x" if to_floor is not None else ""


def table(results: dict[str, dict[str, Figures | None]], databases: tuple[str, ...]) -> list[str]:
    header = ("bench", "figure", *(h for d in databases for h in (d, "vs floor")))
    rows: list[tuple[str, ...]] = []
    for name, by_database in results.items():
        keys: list[str] = []
        for figures in by_database.values():
            for key in figures or {}:
                if not key.endswith("_floor") and key not in keys:
                    keys.append(key)
        for key in keys:
            rows.append(
                (name, key, *(c for d in databases for c in cells(by_database.get(d), key)))
            )
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append(
            "  ".join(
                cell.rjust(w) if i >= 2 else cell.ljust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )
    return lines


#: The national-scale targets: (what, bench, figure, divided by, at most or at least, target).
#: A divisor names another figure of the same bench, or "floor" for the figure's own floor.
TARGETS: tuple[tuple[str, str, str, str | None, str, float], ...] = (
    (
        "View claim, no two candidates alike: us a cell",
        "view_claim",
        "varied_above_floor_us_per_cell",
        None,
        "at most",
        3.0,
    ),
    (
        "signed-in Home: share of /healthz",
        "throughput",
        "signed_in_home_rps",
        "floor",
        "at least",
        0.4,
    ),
    (
        "candidate claim page: share of Home",
        "throughput",
        "candidate_claim_rps",
        "signed_in_home_rps",
        "at least",
        0.5,
    ),
    (
        "claim history: share of Home",
        "throughput",
        "history_rps",
        "signed_in_home_rps",
        "at least",
        0.5,
    ),
    ("make load: requests a second", "load_test", "requests_per_second", None, "at least", 60),
    ("make load: p95 ms", "load_test", "p95_ms", None, "at most", 300),
    ("make load: errors", "load_test", "errors", None, "at most", 0),
    ("PDF of 1,000 x 80: seconds", "exports", "pdf_1000x80_seconds", None, "at most", 1.5),
    ("PDF of 1,000 x 80: peak MiB", "exports", "pdf_1000x80_peak_mib", None, "at most", 40.0),
)


def target_lines(
    results: dict[str, dict[str, Figures | None]], databases: tuple[str, ...]
) -> list[str]:
    """Each target with its figure on each database and whether it is met."""
    lines = [
        "",
        "target                                          wanted   "
        + "  ".join(f"{d:>18}" for d in databases),
    ]
    for what, name, key, divisor, sense, wanted in TARGETS:
        shown = []
        for database in databases:
            figures = results.get(name, {}).get(database)
            if not figures or key not in figures:
                shown.append(f"{'':>18}")
                continue
            value: float | None = figures[key]
            if divisor is not None:
                value = ratio(figures, key, None if divisor == "floor" else divisor)
            if value is None:
                value = float("nan")
            met = value <= wanted if sense == "at most" else value >= wanted
            shown.append(f"{format_value(value):>11} {'met' if met else 'missed':>6}")
        limit = f"{'<=' if sense == 'at most' else '>='} {format_value(wanted)}"
        lines.append(f"{what:<47} {limit:>7}  " + "  ".join(shown))
    return lines


def main(argv: list[str]) -> int:
    wanted = os.environ.get("BENCH_DATABASES", ",".join(DATABASES)).split(",")
    databases = tuple(d for d in DATABASES if d in wanted)
    if "postgresql" in databases:
        pg.start_cluster()
    results: dict[str, dict[str, Figures | None]] = {}
    for name in modules(argv):
        once = not uses_database(name)
        only = only_on(name)
        results[name] = {}
        for database in databases:
            if (once and any(results[name].values())) or (only and database != only):
                results[name][database] = None
                continue
            started = time.perf_counter()
            results[name][database] = run_module(name, database)
            took = time.perf_counter() - started
            where = "no database" if once else database
            print(f"  ran bench/{name}.py ({where}) in {took:.1f} s", file=sys.stderr)
    print("\n".join(table(results, databases)))
    print("\n".join(target_lines(results, databases)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
