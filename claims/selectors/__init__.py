"""Reading claims, always within what the acting user may see (`Claim.objects.for_centre`)."""

from .finding import (
    ClaimSummaryRow,
    MakeClaimRow,
    assessors_for,
    centre_claims,
    claim_candidate_search,
    claim_summary,
    draft_claim_for,
    get_assessor,
    get_claim,
    get_claimable_qualification,
    make_claim_rows,
    moderator_of,
)
from .history import (
    HISTORY_COLUMNS,
    STATUS_ORDER,
    ClaimHistoryPages,
    HistoryColumn,
    claim_history,
    claim_history_pages,
    history_qualifications,
)
from .submission import (
    Submission,
    needs_declaration,
    overdue,
    submission_for,
    submitted_too_long,
)
from .units import CandidateClaim, UnitRow, candidate_claim

__all__ = [
    "HISTORY_COLUMNS",
    "STATUS_ORDER",
    "CandidateClaim",
    "ClaimHistoryPages",
    "ClaimSummaryRow",
    "HistoryColumn",
    "MakeClaimRow",
    "Submission",
    "UnitRow",
    "assessors_for",
    "candidate_claim",
    "centre_claims",
    "claim_candidate_search",
    "claim_history",
    "claim_history_pages",
    "claim_summary",
    "draft_claim_for",
    "get_assessor",
    "get_claim",
    "get_claimable_qualification",
    "history_qualifications",
    "make_claim_rows",
    "moderator_of",
    "needs_declaration",
    "overdue",
    "submission_for",
    "submitted_too_long",
]
