"""The results' actions: processing claims into results and awards, and closing malpractice
cases (which release or take back a candidate's results). Callers use `from results import
actions`."""

from .malpractice import NOT_UPHELD, UPHELD, ClosedCase, close_case
from .processing import (
    BATCH_SIZE,
    NOTHING_TO_PROCESS,
    ProcessingReport,
    RecordedResults,
    has_counting_units,
    process_claim,
    process_claims,
    process_one_claim,
    record_results,
)
from .revision import RevisedResults, revise_results

__all__ = [
    "BATCH_SIZE",
    "NOTHING_TO_PROCESS",
    "NOT_UPHELD",
    "UPHELD",
    "ClosedCase",
    "ProcessingReport",
    "RecordedResults",
    "RevisedResults",
    "close_case",
    "has_counting_units",
    "process_claim",
    "process_claims",
    "process_one_claim",
    "record_results",
    "revise_results",
]
