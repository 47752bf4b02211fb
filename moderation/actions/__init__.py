"""Changes made in moderation and to the evidence.

Every action takes the acting user and the id of the record it changes, locks the claim's row
through the claims' access layer (the claim's moderator now, or the centre's claims roles), checks
what they may do inside its one transaction, writes an audit event beside the change and writes
its emails to the outbox in the same transaction. A claim's status changes only through
`claims.transitions`.

- `sample`: asking the centre for a sample of the work.
- `review`: the outcome of each unit, candidate, and centre assessor's grade.
- `sending`: the feedback report, sending the claim on, withdrawing it.
- `evidence`: the centre's work sent or uploaded, its arrival.
"""

from .evidence import record_arrival, record_evidence_sent, remove_evidence_file, upload_evidence
from .locks import MAX_TEXT
from .review import (
    Outcome,
    accept_candidate_units,
    apply_unit_outcome,
    flag_malpractice,
    record_unit_outcome,
    withdraw_assessor_grade,
    withdraw_candidate,
)
from .sample import request_sample
from .sending import save_feedback, send_to_awarding_body, withdraw_claim

__all__ = [
    "MAX_TEXT",
    "Outcome",
    "accept_candidate_units",
    "apply_unit_outcome",
    "flag_malpractice",
    "record_arrival",
    "record_evidence_sent",
    "record_unit_outcome",
    "remove_evidence_file",
    "request_sample",
    "save_feedback",
    "send_to_awarding_body",
    "upload_evidence",
    "withdraw_assessor_grade",
    "withdraw_candidate",
    "withdraw_claim",
]
