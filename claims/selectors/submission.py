"""What View claim shows about submitting a claim: the checks before submitting, whether the
declaration is asked for, and where the claim goes. `claims.actions.submit_claim` enforces the
same rules under the claim's lock; the page only shows them."""

from datetime import datetime
from functools import cached_property

from django.conf import settings
from django.utils import timezone

from accounts.models import Approval, User
from catalogue.selectors import approval_for

from ..checks import ClaimChecks, claim_checks
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


class Submission:
    """Submitting a claim as View claim shows it: where it goes, whether the declaration is
    asked for, and (while it is in progress) its checks before submitting, read when asked."""

    def __init__(
        self, claim: Claim, approval: Approval | None, contents: ClaimContents | None
    ) -> None:
        self._claim = claim
        self._contents = contents
        self.direct = bool(approval and approval.direct_claim_status)
        self.declaration_needed = needs_declaration(claim, approval)

    @property
    def submit_label(self) -> str:
        """The button: to the awarding body with direct claim status (no moderation), else to
        the assessor."""
        if self.direct:
            return f"Submit to {settings.AWARDING_BODY_NAME}"
        return "Submit to assessor"

    @cached_property
    def moderator(self) -> User | None:
        """Who the claim went to is kept on it; before that, who it would go to now."""
        claim = self._claim
        return claim.moderator if claim.moderator_id else moderator_of(claim)

    @cached_property
    def checks(self) -> ClaimChecks | None:
        """The checks before submitting; None once the claim is submitted."""
        if not self._claim.is_draft:
            return None
        return claim_checks(self._claim, self._contents)


def submission_for(*, claim: Claim, contents: ClaimContents | None = None) -> Submission:
    """How the claim (from `get_claim`) is submitted; `contents`, when the page has read them
    already, are not read again for its checks."""
    return Submission(claim, approval_for(claim.centre, claim.qualification), contents)
