"""CSV downloads that cannot carry spreadsheet formulas, streamed so big exports use little memory.

A spreadsheet opening a CSV file treats a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and,
in some programs, a tab or carriage return) as a formula. A candidate called
``=HYPERLINK("http://…")`` must arrive as that text, never as a live link, so every cell goes
through :func:`safe_cell`, which puts a single quote in front of such a value. Spreadsheets show
the quote-prefixed text as it was typed.
"""

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import StreamingHttpResponse

__all__ = ["FORMULA_PREFIXES", "csv_response", "safe_cell", "safe_row"]

#: First characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# Excel reads UTF-8 only when the file says so; without the byte order mark "Zoë" turns to noise.
BYTE_ORDER_MARK = "\ufeff"


def safe_cell(value: Any) -> str:
    """The value as CSV text that no spreadsheet will run: formula-looking text gets a ``'``."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return f"'{text}"
    return text


def safe_row(row: Iterable[Any]) -> list[str]:
    return [safe_cell(value) for value in row]


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value


def _lines(header: Sequence[Any], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield BYTE_ORDER_MARK + writer.writerow(safe_row(header))
    for row in rows:
        yield writer.writerow(safe_row(row))


def _safe_filename(filename: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", filename).strip("-.")
    return cleaned or "download.csv"


def csv_response(
    filename: str, header: Sequence[Any], rows: Iterable[Iterable[Any]]
) -> StreamingHttpResponse:
    """A streamed CSV download: the header, then each row, every cell made safe.

    `rows` may be a generator: it is consumed while the response is sent, so it should not
    depend on a transaction that ends when the view returns. The file starts with a UTF-8 byte
    order mark so that spreadsheets read accented names correctly (read it back with
    ``utf-8-sig``).
    """
    response = StreamingHttpResponse(_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_safe_filename(filename)}"'
    response["Cache-Control"] = "no-store"
    return response
