"""Benchmark bulk import: check (the dry run) and import a 10,000-row CSV file.

Run it as ``python bench/import_candidates.py``; a bench runner can import it and call :func:`run`.
It works on the benchmark's throwaway database (``bench/common.py``: a SQLite file, or the
fresh ``bench_*`` PostgreSQL database named by ``BENCH_DATABASE_URL``), migrated, with the demo
world loaded.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from bench.common import setup_django  # noqa: E402
from bench.tables import objects  # noqa: E402

ROWS = 10_000
HEADER = (
    "candidate_number,first_name,last_name,date_of_birth,uln,qualification_code,entry_type,units"
)


def csv_file(rows: int) -> bytes:
    """Half full award entries, half unit entries for three units; every row new."""
    lines = [HEADER]
    for n in range(rows):
        entry = "full," if n % 2 else "units,1;4;13"
        lines.append(
            f"6{n:07d},First{n},Last{n},{n % 28 + 1:02d}/{n % 12 + 1:02d}/1990,,03991,{entry}"
        )
    return ("\n".join(lines) + "\n").encode()


def run(rows: int = ROWS) -> dict[str, float]:
    """Check and import `rows` new candidates; returns the seconds each took and rows/s."""
    with tempfile.TemporaryDirectory() as folder:
        setup_django(f"sqlite:///{folder}/bench.sqlite3")
        from candidates import import_actions

        membership = (
            objects("membership")
            .select_related("centre", "user")
            .get(user__email="admin@northfield.test")
        )
        data = csv_file(rows)

        start = time.perf_counter()
        job = import_actions.check_candidate_import(
            membership=membership, data=data, filename="bench.csv", acting_user=membership.user
        )
        check_seconds = time.perf_counter() - start
        if job.errors:
            raise AssertionError(job.errors[:5])

        start = time.perf_counter()
        import_actions.import_candidates(
            membership=membership, job_id=job.pk, acting_user=membership.user
        )
        import_seconds = time.perf_counter() - start
        imported = objects("candidate").filter(number__startswith="6").count()
        if imported != rows:
            raise AssertionError(f"imported {imported} of {rows}")
    return {
        "rows": float(rows),
        "check_seconds": check_seconds,
        "import_seconds": import_seconds,
        "import_rows_per_second": rows / import_seconds,
    }


def main() -> None:
    figures = run()
    rows = int(figures["rows"])
    print(f"import: dry run of {rows:,} rows in {figures['check_seconds']:.2f} s")
    print(
        f"import: {rows:,} rows (check again + save) in {figures['import_seconds']:.2f} s"
        f" = {figures['import_rows_per_second']:,.0f} rows/s"
    )


if __name__ == "__main__":
    main()
