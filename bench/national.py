"""Benchmarks at a national awarding body's volume, on PostgreSQL (``make bench-national``).

    python bench/national.py load          build the national data set (once; minutes)
    python bench/national.py pages         every page at that volume: p50, p95, queries, plans
    python bench/national.py results-day   processing 100,000 candidates with 1, 2 and 4 workers
    python bench/national.py all           all three (what ``make bench-national`` runs)

The data set (``bench_national``: 3,000 centres, 600,000 candidates, 150,000 claims, 1.5 million
claimed units, 1.2 million achieved units, 400,000 awards, 3 million audit events) is built
once and reused while the migrations and the generator are unchanged (`bench.volume.dataset`).
``--scale 0.01`` builds a small one (``bench_national_0010``) to try the benchmarks quickly.
The page table fails (exit status 1) when a page's p95 is over 100 ms or any of its queries
reads a table of more than 10,000 rows by a sequential scan.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["load", "pages", "results-day", "all"])
    parser.add_argument("--scale", type=float, default=1.0, help="of the national data set")
    parser.add_argument("--rebuild", action="store_true", help="build the data set again")
    parser.add_argument("--runs", type=int, default=20, help="timed requests of each page")
    parser.add_argument("--profile", type=int, default=3, help="profile the N slowest pages")
    parser.add_argument("--only", default="", help="pages whose name contains this")
    parser.add_argument(
        "--profile-pages", default="", help="profile these pages too (names, comma-separated)"
    )
    parser.add_argument("--candidates", type=int, default=100_000, help="for results day")
    parser.add_argument("--workers", default="1,2,4", help="for results day")
    parser.add_argument("--modes", default="queue,job", help="for results day: queue, job")
    args = parser.parse_args(argv)
    status = 0
    if args.what == "results-day":
        from bench.volume.results_day import main as results_day

        counts = [int(n) for n in args.workers.split(",")]
        return results_day(args.candidates, counts, args.modes.split(","))
    from bench.volume import dataset

    dataset.setup(args.scale, rebuild=args.rebuild)
    if args.what in ("pages", "all"):
        from bench.volume import pages

        status |= pages.main(
            runs=args.runs,
            profile_slowest=args.profile,
            only=args.only,
            profile_names=[n.strip() for n in args.profile_pages.split(",") if n.strip()],
        )
    if args.what == "load":
        for name, rows, size in dataset.sizes()[:30]:
            print(f"  {name:40} {rows:>12,} rows {size:>10}")
    if args.what == "all":
        import subprocess

        # A process of its own: results day makes and drops databases of its own.
        day = subprocess.run(  # noqa: S603 - this file, run again
            [sys.executable, __file__, "results-day", "--candidates", str(args.candidates),
             "--workers", args.workers, "--modes", args.modes],
            check=False,
        )  # fmt: skip
        status |= day.returncode
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
