"""The periodic checks of moderation: the 24-hour evidence reminder (naming the candidates whose
work is still missing) and the 35-day flag.

Each check finds its claims with one query, then decides claim by claim inside a transaction
that locks the claim and re-reads what it depends on, writing its email under its key in that
same transaction. Running a check twice, or two at once, tells nobody twice.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from claims import transitions
from claims.models import Claim, ClaimStatus
from notifications.notices import told

from . import deadlines, messages, selectors
from .models import EvidenceSubmission


def _sent() -> Exists:
    return Exists(EvidenceSubmission.objects.filter(claim_id=OuterRef("pk")))


def evidence_reminders_due(now: datetime) -> QuerySet[Claim]:
    """Submitted more than 24 hours ago (`settings.EVIDENCE_DUE_AFTER`), no work recorded as sent
    by post or email, not reminded yet. Whether any candidate's work is still missing is decided
    claim by claim (`_remind_evidence`)."""
    return Claim.objects.filter(
        status=ClaimStatus.SUBMITTED,
        submitted_at__lt=now - deadlines.evidence_due_after(),
    ).exclude(_sent() | told(messages.EVIDENCE_REMINDER, about=Claim))


def overdue_flags_due(now: datetime) -> QuerySet[Claim]:
    """Still Submitted more than 35 days (`settings.OVERDUE_AFTER`) after submission, not
    flagged yet."""
    return Claim.objects.filter(
        status=ClaimStatus.SUBMITTED, submitted_at__lt=now - deadlines.overdue_after()
    ).exclude(told(messages.OVERDUE_TO_CENTRE, about=Claim))


def _remind_evidence(claim_id: int, now: datetime) -> bool:
    with transaction.atomic():
        claim = transitions.lock(claim_id)
        if not evidence_reminders_due(now).filter(pk=claim.pk).exists():
            return False
        missing = selectors.work_missing(claim)
        if not missing:
            return False
        return messages.evidence_reminder(claim, missing)


def _flag_overdue(claim_id: int, now: datetime) -> bool:
    with transaction.atomic():
        claim = transitions.lock(claim_id)
        if not overdue_flags_due(now).filter(pk=claim.pk).exists():
            return False
        return messages.overdue(claim)


def send_due_reminders(now: datetime | None = None) -> int:
    """Run both checks once; returns how many claims someone was told about."""
    now = now or timezone.now()
    told_about = 0
    for claim_id in list(evidence_reminders_due(now).values_list("pk", flat=True)):
        told_about += _remind_evidence(claim_id, now)
    for claim_id in list(overdue_flags_due(now).values_list("pk", flat=True)):
        told_about += _flag_overdue(claim_id, now)
    return told_about
