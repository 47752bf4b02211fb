"""Benchmark the claim's downloads: the CSV (streamed) and the PDF, time and peak memory.

The CSV is made for a claim of 1,000 candidates x 80 units and for one of 4,000 x 80, to show
whether its peak memory grows with the number of candidates; the streamed body is read a chunk at
a time and thrown away, as a server sending it would. Peak memory is Python's own allocations
(tracemalloc) while the download is made, measured in a run of its own since tracing slows the
code down. The PDF is made once for the 1,000 x 80 claim.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Running the file directly puts bench/ on sys.path, not the project root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import draft_claim, median_seconds, settle, setup_django
from bench.tables import objects

UNITS = 80
SIZES = (1_000, 4_000)
PDF_CANDIDATES = 1_000


def _peak_mib(action: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        action()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def run() -> dict[str, float]:
    """CSV time and peak memory at each size; PDF time and peak memory for 1,000 x 80."""
    setup_django()
    from claims.exports import claim_csv_response
    from claims.pdf import claim_pdf

    figures: dict[str, float] = {}
    claims = {}
    for index, size in enumerate(SIZES):
        made = draft_claim(
            size,
            UNITS,
            start=70_000_000 + index * 1_000_000,
            claim_number=None if index == 0 else 95_000 + index,
        )
        claims[size] = objects("claim").select_related("centre", "qualification").get(pk=made.pk)

    settle()
    for size, claim in claims.items():

        def download(claim: Any = claim) -> int:
            response = claim_csv_response(claim)
            sent = 0
            for chunk in response:  # the chunks a server would send, one at a time
                sent += len(chunk)
            return sent

        size_bytes = download()
        figures[f"csv_{size}x{UNITS}_seconds"] = median_seconds(download, runs=3)
        figures[f"csv_{size}x{UNITS}_peak_mib"] = _peak_mib(download)
        figures[f"csv_{size}x{UNITS}_file_mib"] = size_bytes / 2**20

    claim = claims[PDF_CANDIDATES]
    claim_pdf(claim)  # loads WeasyPrint and its fonts, which only the first PDF pays for
    start = time.perf_counter()
    content = claim_pdf(claim)
    figures[f"pdf_{PDF_CANDIDATES}x{UNITS}_seconds"] = time.perf_counter() - start
    figures[f"pdf_{PDF_CANDIDATES}x{UNITS}_peak_mib"] = _peak_mib(lambda: claim_pdf(claim))
    figures[f"pdf_{PDF_CANDIDATES}x{UNITS}_file_mib"] = len(content) / 2**20
    return figures


if __name__ == "__main__":
    print(run())
