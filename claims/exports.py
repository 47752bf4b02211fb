"""The claim as a CSV file ("Download claim as csv file"): the View claim grid, row by row."""

from collections.abc import Iterator

from django.conf import settings
from django.http import StreamingHttpResponse

from common.csv import csv_response

from .grid import ClaimGrid, claim_grid
from .models import Claim


def claim_filename(claim: Claim, extension: str) -> str:
    """e.g. 12345-03991-claim-78104.csv, or …-claim-in-progress.csv before submission."""
    label = f"claim-{claim.claim_number}" if claim.claim_number else "claim-in-progress"
    return f"{claim.centre.number}-{claim.qualification.code}-{label}.{extension}"


def claim_csv_header(grid: ClaimGrid) -> list[str]:
    return [
        "Candidate name",
        f"{settings.AWARDING_BODY_NAME} candidate number",
        *(str(number) for number in grid.unit_numbers),
    ]


def claim_csv_rows(grid: ClaimGrid) -> Iterator[list[str]]:
    """One row per candidate: name, candidate number, then the code for each unit column."""
    for row in grid.rows:
        yield [row.name, row.number, *row.codes]


def claim_csv_response(claim: Claim) -> StreamingHttpResponse:
    """The claim's CSV, streamed; names that look like formulas are written as plain text.

    The grid is read from the database before streaming starts, so the response never holds
    a database cursor open while the client downloads.
    """
    grid = claim_grid(claim)
    return csv_response(claim_filename(claim, "csv"), claim_csv_header(grid), claim_csv_rows(grid))
