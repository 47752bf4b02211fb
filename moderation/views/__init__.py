"""Pages of moderation, the centre's evidence and moderator reports, and operations' claims.

Thin: parse input, call a selector or an action (through `common.forms`), render. Selectors
raise NotFound for anything the user may not see, which the middleware turns into the 404 page.

- `queue`: the moderator's queue and claim page, operations' overdue claims.
- `sample`: requesting the sample.
- `review`: outcomes for units, candidates and centre assessors' grades.
- `sending`: the feedback report, sending the claim on, withdrawing it.
- `evidence`: the work's arrival, its files, the centre's evidence page.
- `centre`: the centre's claims with the moderator and its reports.
"""

from .centre import (
    centre_information,
    centre_moderator_report,
    centre_moderator_report_pdf,
    centre_moderator_reports,
)
from .evidence import centre_evidence, centre_evidence_remove, evidence_file, record_arrival
from .queue import claim_detail, overdue, queue
from .review import (
    accept_candidate,
    accept_unit,
    candidate_review,
    flag_malpractice,
    unit_review,
    withdraw_assessor_grade,
    withdraw_candidate,
)
from .sample import sample
from .sending import feedback, send, withdraw_claim

__all__ = [
    "accept_candidate",
    "accept_unit",
    "candidate_review",
    "centre_evidence",
    "centre_evidence_remove",
    "centre_information",
    "centre_moderator_report",
    "centre_moderator_report_pdf",
    "centre_moderator_reports",
    "claim_detail",
    "evidence_file",
    "feedback",
    "flag_malpractice",
    "overdue",
    "queue",
    "record_arrival",
    "sample",
    "send",
    "unit_review",
    "withdraw_assessor_grade",
    "withdraw_candidate",
    "withdraw_claim",
]
