"""The claim as a CSV file ("Download claim as csv file"): the View claim grid, row by row."""

from collections.abc import Iterator, Sequence

from django.conf import settings
from django.http import StreamingHttpResponse

from common.csv import csv_response

from .contents import candidate_batches, claimed_unit_numbers
from .grid import RowCodes
from .models import Claim
from .outcomes import grid_grade_letters


def claim_filename(claim: Claim, extension: str) -> str:
    """e.g. 12345-03991-claim-78104.csv, or …-claim-in-progress.csv before submission."""
    label = f"claim-{claim.claim_number}" if claim.claim_number else "claim-in-progress"
    return f"{claim.centre.number}-{claim.qualification.code}-{label}.{extension}"


def claim_csv_header(unit_numbers: Sequence[int]) -> list[str]:
    return [
        "Candidate name",
        f"{settings.AWARDING_BODY_NAME} candidate number",
        *(str(number) for number in unit_numbers),
    ]


def claim_csv_rows(claim: Claim, unit_numbers: Sequence[int]) -> Iterator[list[str]]:
    """One row per candidate: name, candidate number, then the code for each unit column, as
    on View claim (the unit's outcome once moderation has it).

    Read a batch of candidates at a time while the file is sent, so a claim of any size takes
    the same memory. A unit claimed after the columns were read (a claim in progress changed
    during the download) has no column and is left out.
    """
    codes_of = RowCodes(unit_numbers, grade_letters=grid_grade_letters(draft=claim.is_draft))
    for batch in candidate_batches(claim):
        for candidate in batch:
            yield [candidate.name, candidate.number, *codes_of(candidate)]


def claim_csv_response(claim: Claim) -> StreamingHttpResponse:
    """The claim's CSV, streamed; names that look like formulas are written as plain text.

    The columns are read before the response starts (one query), then the candidates a batch
    at a time as the file is sent (one short query per batch, no cursor held between them).
    """
    unit_numbers = claimed_unit_numbers(claim)
    return csv_response(
        claim_filename(claim, "csv"),
        claim_csv_header(unit_numbers),
        claim_csv_rows(claim, unit_numbers),
    )
