"""Runs every benchmark under bench/ and prints one table of figures.

Each benchmark is a module with `run() -> dict[str, float]`; it runs in a process of its own so
that one benchmark's memory and database do not colour the next. A figure named `X` with a
figure `X_floor` beside it is shown with its ratio to that floor: what the framework itself
costs for the same work, measured in the same run.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {"run", "__init__", "common"}


def modules(selected: list[str]) -> list[str]:
    names = sorted(p.stem for p in (ROOT / "bench").glob("*.py") if p.stem not in SKIP)
    return [n for n in names if not selected or n in selected]


def run_module(name: str) -> dict[str, float]:
    code = f"import json, bench.{name} as m; print('@@' + json.dumps(m.run()))"
    result = subprocess.run(  # noqa: S603 - runs this project's own benchmark modules
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"bench/{name}.py failed:\n{result.stdout}\n{result.stderr}")
    line = next(line for line in result.stdout.splitlines() if line.startswith("@@"))
    return dict(json.loads(line[2:]))


def format_value(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:,.2f}"
    return f"{value:.4g}"


def main(argv: list[str]) -> int:
    rows: list[tuple[str, str, str, str]] = []
    for name in modules(argv):
        started = time.perf_counter()
        figures = run_module(name)
        for key, value in figures.items():
            if key.endswith("_floor"):
                continue
            floor = figures.get(f"{key}_floor")
            ratio = f"{value / floor:.2f}x" if floor else ""
            rows.append((name, key, format_value(value), ratio))
        print(f"  ran bench/{name}.py in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    widths = [
        max(len(r[i]) for r in [("bench", "figure", "value", "vs floor"), *rows]) for i in range(4)
    ]
    header = ("bench", "figure", "value", "vs floor")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(
            "  ".join(
                cell.rjust(w) if i >= 2 else cell.ljust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
