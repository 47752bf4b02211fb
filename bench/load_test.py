"""The load test (`make load`, bin/load) as a benchmark: one minute of the busy end of term
against gunicorn on PostgreSQL, its totals as figures so that `make bench` prints the target
beside the others.

bin/load makes its own PostgreSQL database (certclaims_load) and prints a table ending in a
line "Total: X requests/s, p50 Y ms, p95 Z ms, N errors (M requests)"; that line is read here.
It runs once, on PostgreSQL only: the load test is of the production shape.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

USES_DATABASE = False
#: The column of `make bench` the figures go in.
ONLY_ON = "postgresql"

TOTAL = re.compile(
    r"Total: (?P<rps>[\d.]+) requests/s, p50 (?P<p50>\d+) ms, p95 (?P<p95>\d+) ms, "
    r"(?P<errors>\d+) errors \((?P<requests>\d+) requests\)"
)


def run() -> dict[str, float]:
    result = subprocess.run(  # noqa: S603 - this project's own load test
        [str(ROOT / "bin" / "load")], cwd=ROOT, capture_output=True, text=True, check=False
    )
    found = TOTAL.search(result.stdout)
    if found is None:
        raise RuntimeError(f"bin/load printed no total:\n{result.stdout}\n{result.stderr}")
    return {
        "requests_per_second": float(found["rps"]),
        "p50_ms": float(found["p50"]),
        "p95_ms": float(found["p95"]),
        "errors": float(found["errors"]),
        "requests": float(found["requests"]),
    }


if __name__ == "__main__":
    print(run(), file=sys.stdout)
