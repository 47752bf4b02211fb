"""Submitting a claim: its claim number, its examiner-moderator and the unnamed entries it uses.

The rules of submitting (a claim in progress, the checks before submitting, the declaration
remote moderation asks for) live here only: View claim shows them through
`claims.selectors.submission_for`, and its warning step asks this action with `check_only`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import Approval, Membership, ModeratorAssignment, User
from accounts.permissions import require_claims_role
from audit.actions import record
from candidates.models import UnnamedEntryMovement
from common.errors import Conflict, DomainError, DomainErrors, FieldError
from common.wording import count

from .. import messages, selectors, transitions
from ..checks import Check, claim_checks, no_moderator_message, not_approved_message
from ..models import Claim, ClaimStatus

FIRST_CLAIM_NUMBER = 10001
CLAIM_NUMBER_ATTEMPTS = 50

DECLARATION = (
    "I confirm I have printed a copy of this claim to be included with the submitted work "
    "for moderation"
)
DECLARATION_MISSING = (
    "Confirm that you have printed a copy of this claim to be included with the submitted "
    "work for moderation"
)
BLOCKED_MESSAGE = (
    "This claim cannot be submitted until the problems under 'Checks before submitting' are "
    "put right"
)


class AlreadySubmitted(Conflict):
    """The claim left Draft before this submission got to it (pressed twice, or by someone else)."""

    def __init__(self, claim: Claim) -> None:
        label = f"claim number {claim.claim_number}" if claim.claim_number else "no claim number"
        super().__init__(
            f"This claim has already been submitted ({label}): it can no longer be changed",
            code="already_submitted",
        )
        self.claim = claim


class SubmissionBlocked(DomainErrors, Conflict):
    """Checks before submitting stop the claim: every blocking check, then what they mean for
    the claim."""

    def __init__(self, checks: list[Check]) -> None:
        super().__init__(
            [
                *(FieldError(check.message, code="checks_blocking") for check in checks),
                FieldError(BLOCKED_MESSAGE, code="checks_blocking"),
            ]
        )


def _checked_email(value: str) -> str:
    email = value.strip()
    if not email:
        raise DomainError("Enter your email address", field="submitter_email")
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(
            "Enter an email address in the correct format, like name@example.com",
            field="submitter_email",
        ) from None
    return email


def _allocate_claim_number(claim: Claim) -> int:
    """The next claim number, written to the claim: unique and increasing.

    Two submissions can read the same highest number at once; the unique constraint lets only
    one of them keep it and the other tries the next number, each attempt in its own savepoint
    so the submission's transaction survives the clash. The numbers are the awarding body's,
    across every centre.
    """
    for _ in range(CLAIM_NUMBER_ATTEMPTS):
        highest = Claim.objects.aggregate(highest=Max("claim_number"))["highest"]
        number = max((highest or 0) + 1, FIRST_CLAIM_NUMBER)
        try:
            with transaction.atomic():
                Claim.objects.filter(pk=claim.pk).update(claim_number=number)
        except IntegrityError:
            continue
        claim.claim_number = number
        return number
    raise Conflict("Too many claims are being submitted at once: try again", code="busy")


def submit_claim(
    *,
    membership: Membership | None,
    claim_id: int,
    submitter_email: str,
    declaration: bool,
    acting_user: User,
    check_only: bool = False,
) -> Claim:
    """Submit a claim in progress: "Submit to assessor", or "Submit to OCR" with direct claim
    status, which takes it straight to Finalised.

    In one transaction: the claim's row is locked; it must still be in progress, pass every
    blocking check and, for remote moderation, carry the declaration. It gets the next claim
    number, its examiner-moderator and the submitter's email address (for this claim only), and
    takes one unnamed unit entry for each unit claimed for a candidate without a named entry.
    The moderator's email is written to the outbox in the same transaction and delivered after
    it commits. Submitting a claim that is no longer in progress (pressed twice, or by someone
    else first) raises AlreadySubmitted and changes nothing.

    With `check_only` every rule is checked as for the submission and nothing changes: the
    page's "Are you sure?" step.
    """
    require_claims_role(membership)
    with transaction.atomic():
        locked = selectors.get_claim(membership=membership, claim_id=claim_id, for_update=True)
        email = _checked_email(submitter_email)
        if locked.status != ClaimStatus.DRAFT:
            raise AlreadySubmitted(locked)
        # The approval's row serialises the submissions of the centre's claims for this
        # qualification, so two of them cannot both spend the same unnamed entries.
        approval = (
            Approval.objects.select_for_update()
            .filter(centre_id=locked.centre_id, qualification_id=locked.qualification_id)
            .first()
        )
        if approval is None:
            raise Conflict(not_approved_message(locked.qualification.code), code="not_approved")
        if selectors.needs_declaration(locked, approval) and not declaration:
            raise DomainError(DECLARATION_MISSING, field="declaration", code="declaration")
        checks = claim_checks(locked)
        if checks.blocking:
            raise SubmissionBlocked(checks.blocking)
        moderator = (
            ModeratorAssignment.objects.filter(
                centre_id=locked.centre_id, qualification_id=locked.qualification_id
            )
            .select_related("moderator")
            .first()
        )
        direct = approval.direct_claim_status
        if moderator is None and not direct:
            raise Conflict(no_moderator_message(locked.qualification.code), code="no_moderator")
        if check_only:
            return locked
        number = _allocate_claim_number(locked)
        now = timezone.now()
        locked.submitted_by = acting_user
        locked.submitter_email = email
        # A direct claim is not moderated: no examiner-moderator is stamped on it, even where
        # one is assigned to the centre for the qualification.
        locked.moderator = moderator.moderator if moderator and not direct else None
        locked.submitted_at = now
        locked.save(update_fields=["submitted_by", "submitter_email", "moderator", "submitted_at"])
        used = checks.unnamed_needed
        if used:
            UnnamedEntryMovement.objects.create(
                centre_id=locked.centre_id,
                qualification_id=locked.qualification_id,
                kind=UnnamedEntryMovement.Kind.USED,
                quantity=-used,
                note=f"Claim {number}: {count(used, 'unit')} for "
                f"{count(len(checks.unnamed_units), 'candidate')} without a named entry",
                created_by=acting_user,
            )
        if direct:
            transitions.finalise(
                locked,
                acting_user=acting_user,
                summary=f"Submitted claim {number} to {settings.AWARDING_BODY_NAME} with direct "
                f"claim status: reference {transitions.reference_for(locked)}",
                at=now,
            )
        else:
            transitions.move(
                locked,
                to=ClaimStatus.SUBMITTED,
                acting_user=acting_user,
                summary=f"Submitted claim {number} to the assessor",
                at=now,
            )
        record(
            actor=acting_user,
            centre=locked.centre,
            action="claim.submission_details",
            obj=locked,
            summary=f"Claim {number}: submission details",
            changes={
                "claim_number": number,
                "submitter_email": email,
                "moderator": locked.moderator.email if locked.moderator else None,
                "unnamed_entries_used": used,
                "direct_claim_status": direct,
            },
        )
        if direct:
            messages.claim_sent_direct(locked)
        else:
            messages.claim_submitted(locked)
            messages.claim_submitted_to_submitter(locked)
    return locked
