"""Changes to claims: centre assessors (`assessors`), building the claim in progress
(`building`, `other_units`) and submitting it (`submission`).

Every action takes the acting `membership` at the centre and the record it changes by id, and
locks and reads the claim through the centre's access to claims (`Claim.objects.for_centre`,
by way of `claims.selectors`), so another centre's claim is not found, a claim submitted
meanwhile is never changed, and two saves of the same claim take turns.
"""

from .assessors import (
    INITIALS_HINT,
    INITIALS_MISSING,
    INITIALS_TOO_LONG,
    MAX_INITIALS,
    MAX_NAME,
    NAME_MISSING,
    NAME_TOO_LONG,
    add_centre_assessor,
    update_centre_assessor,
)
from .building import STALE_MESSAGE, StaleCandidate, UnitChoice, create_claim, save_candidate_claim
from .other_units import (
    AWARDING_BODY_TOO_LONG,
    MAX_AWARDING_BODY,
    add_other_awarding_body_unit,
    remove_other_awarding_body_unit,
)
from .submission import (
    BLOCKED_MESSAGE,
    DECLARATION,
    DECLARATION_MISSING,
    AlreadySubmitted,
    SubmissionBlocked,
    submit_claim,
)

__all__ = [
    "AWARDING_BODY_TOO_LONG",
    "BLOCKED_MESSAGE",
    "DECLARATION",
    "DECLARATION_MISSING",
    "INITIALS_HINT",
    "INITIALS_MISSING",
    "INITIALS_TOO_LONG",
    "MAX_AWARDING_BODY",
    "MAX_INITIALS",
    "MAX_NAME",
    "NAME_MISSING",
    "NAME_TOO_LONG",
    "STALE_MESSAGE",
    "AlreadySubmitted",
    "StaleCandidate",
    "SubmissionBlocked",
    "UnitChoice",
    "add_centre_assessor",
    "add_other_awarding_body_unit",
    "create_claim",
    "remove_other_awarding_body_unit",
    "save_candidate_claim",
    "submit_claim",
    "update_centre_assessor",
]
