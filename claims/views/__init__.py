"""Certification claim pages of a centre. Thin: parse, call a selector or action, render."""

from .assessors import assessor_edit, assessors
from .building import (
    candidate_claim,
    create_claim,
    edit_claim,
    make_claim,
    other_unit_remove,
    other_units,
)
from .history import claim_history, claim_history_log
from .viewing import (
    claim_csv,
    claim_pdf,
    claim_submitted,
    cover_sheets,
    submit_claim,
    view_claim,
    view_claim_print,
)

__all__ = [
    "assessor_edit",
    "assessors",
    "candidate_claim",
    "claim_csv",
    "claim_history",
    "claim_history_log",
    "claim_pdf",
    "claim_submitted",
    "cover_sheets",
    "create_claim",
    "edit_claim",
    "make_claim",
    "other_unit_remove",
    "other_units",
    "submit_claim",
    "view_claim",
    "view_claim_print",
]
