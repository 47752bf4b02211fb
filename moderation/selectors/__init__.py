"""Reading moderation, evidence and feedback reports, always within what the user may see.

Claims are found through the claims' access layer (`Claim.objects.for_moderator(user)`,
`.for_centre(membership)`); operations see every claim. Anything else is `NotFound`, which
looks exactly like a record that does not exist.

- `access`: the claim or evidence file a person reaches.
- `lists`: the moderator's queue and history, the centre's and operations' lists.
- `review`: one claim under review, its candidates, outcomes and evidence.
- `sample`: the sample proposed, asked for, and what it covers.
- `reports`: the feedback report's adjustments and the centre's issued reports.
"""

from .access import centre_claim, get_evidence_file, get_moderated_claim, under_review
from .lists import (
    ClaimRow,
    centre_claims_awaiting_work,
    claim_row,
    moderated_history,
    moderator_now_or_before,
    moderator_queue,
    overdue_claims,
    summary_row,
    summary_rows,
    with_summary,
)
from .reports import Adjustment, adjustments, centre_feedback_reports, get_centre_feedback_report
from .review import (
    AssessorGrade,
    CandidateReview,
    OutcomeCounts,
    assessor_grades,
    candidate_reviews,
    claim_candidates,
    evidence_submissions,
    feedback_report_of,
    get_candidate_review,
    get_claimed_unit,
    has_feedback,
    outcome_counts,
    recorded_outcome,
    review_outcomes,
    sample_of,
    sampled_ids,
    sending_methods,
    takes_uploads,
    work_missing,
)
from .sample import SampleProposal, SampleRow, sample_gaps, sample_items, sample_proposal

__all__ = [
    "Adjustment",
    "AssessorGrade",
    "CandidateReview",
    "ClaimRow",
    "OutcomeCounts",
    "SampleProposal",
    "SampleRow",
    "adjustments",
    "assessor_grades",
    "candidate_reviews",
    "centre_claim",
    "centre_claims_awaiting_work",
    "centre_feedback_reports",
    "claim_candidates",
    "claim_row",
    "evidence_submissions",
    "feedback_report_of",
    "get_candidate_review",
    "get_centre_feedback_report",
    "get_claimed_unit",
    "get_evidence_file",
    "get_moderated_claim",
    "has_feedback",
    "moderated_history",
    "moderator_now_or_before",
    "moderator_queue",
    "outcome_counts",
    "overdue_claims",
    "recorded_outcome",
    "review_outcomes",
    "sample_gaps",
    "sample_items",
    "sample_of",
    "sample_proposal",
    "sampled_ids",
    "sending_methods",
    "summary_row",
    "summary_rows",
    "takes_uploads",
    "under_review",
    "with_summary",
    "work_missing",
]
