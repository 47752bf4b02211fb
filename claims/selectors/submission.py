"""What View claim shows about submitting a claim: the checks before submitting, whether the
declaration is asked for, and where the claim goes. `claims.actions.submit_claim` enforces the
same rules under the claim's lock; the page only shows them."""

from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property

from django.conf import settings
from django.utils import timezone

from accounts.models import Approval, User
from catalogue.selectors import approval_for

from ..checks import (
    Check,
    ClaimChecks,
    Level,
    claim_checks,
    no_moderator_message,
    not_approved_message,
)
from ..contents import ClaimContents
from ..models import Claim, ClaimStatus
from .finding import moderator_of


def overdue(claim: Claim, now: datetime | None = None) -> bool:
    """Still Submitted, with the moderator, longer than `settings.OVERDUE_AFTER` (35 days)."""
    if claim.status != ClaimStatus.SUBMITTED or claim.submitted_at is None:
        return False
    return submitted_too_long(claim.submitted_at, now or timezone.now())


def submitted_too_long(submitted_at: datetime, now: datetime) -> bool:
    """The 35-day rule on times alone, for lists that count days themselves."""
    return now - submitted_at > settings.OVERDUE_AFTER


def needs_declaration(claim: Claim, approval: Approval | None) -> bool:
    """Remote moderation asks for the printed-copy declaration; a direct claim is not moderated."""
    direct = approval is not None and approval.direct_claim_status
    return claim.qualification.is_remote and not direct


@dataclass(frozen=True)
class ClaimAssessor:
    """Who moderates the claim (the "OCR assessor"), as every page of the claim says it.

    A claim in progress goes to the moderator assigned now, or to nobody when the centre has
    direct claim status for the qualification. A submitted claim keeps who it went to; one that
    went to nobody was submitted with direct claim status, since submitting refuses a claim with
    no moderator otherwise."""

    moderator: User | None
    #: No moderator is needed: the claim goes (or went) straight to the awarding body.
    direct: bool
    submitted: bool

    @property
    def label(self) -> str:
        if self.moderator is not None:
            return self.moderator.full_name or self.moderator.email
        if not self.direct:
            return "Not assigned yet"
        if self.submitted:
            return "Not needed: submitted with direct claim status"
        return "Not needed: your centre has direct claim status"


def _assessor(claim: Claim, approval: Approval | None) -> ClaimAssessor:
    if not claim.is_draft:
        moderator = claim.moderator if claim.moderator_id else None
        return ClaimAssessor(moderator, direct=moderator is None, submitted=True)
    if approval is not None and approval.direct_claim_status:
        return ClaimAssessor(None, direct=True, submitted=False)
    return ClaimAssessor(moderator_of(claim), direct=False, submitted=False)


def claim_assessor(claim: Claim) -> ClaimAssessor:
    """Who moderates the claim (from `get_claim`): the one answer for View claim, its print
    page and PDF, the candidate claim page, the cover sheets and the confirmation page."""
    if not claim.is_draft:
        return _assessor(claim, None)
    return _assessor(claim, approval_for(claim.centre, claim.qualification))


class Submission:
    """Submitting a claim as View claim shows it: where it goes, whether the declaration is
    asked for, and (while it is in progress) its checks before submitting, read when asked."""

    def __init__(
        self, claim: Claim, approval: Approval | None, contents: ClaimContents | None
    ) -> None:
        self._claim = claim
        self._contents = contents
        self._approved = approval is not None
        self.assessor = _assessor(claim, approval)
        self.direct = self.assessor.direct
        self.declaration_needed = needs_declaration(claim, approval)

    @property
    def submit_label(self) -> str:
        """The button: to the awarding body with direct claim status (no moderation), else to
        the assessor."""
        if self.direct:
            return f"Submit to {settings.AWARDING_BODY_NAME}"
        return "Submit to assessor"

    @cached_property
    def checks(self) -> ClaimChecks | None:
        """The checks before submitting; None once the claim is submitted."""
        if not self._claim.is_draft:
            return None
        checks = claim_checks(self._claim, self._contents)
        code = self._claim.qualification.code
        # What submitting refuses besides the claim's contents (its approval, its assessor),
        # listed with the other blocking checks rather than found on pressing Submit.
        if not self._approved:
            stopped = [Check(Level.BLOCKING, not_approved_message(code))]
        elif self.assessor.moderator is None and not self.direct:
            stopped = [Check(Level.BLOCKING, no_moderator_message(code))]
        else:
            return checks
        return replace(checks, items=(*stopped, *checks.items))


def submission_for(*, claim: Claim, contents: ClaimContents | None = None) -> Submission:
    """How the claim (from `get_claim`) is submitted; `contents`, when the page has read them
    already, are not read again for its checks."""
    return Submission(claim, approval_for(claim.centre, claim.qualification), contents)
