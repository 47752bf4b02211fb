"""The periodic checks: which claims are due a reminder or a flag, and telling their people.

Each check finds candidates with one query, then decides claim by claim inside a transaction
that locks the claim and re-reads what it depends on, writing its email under its key in that
same transaction. Running a check twice, or two at once, tells nobody twice.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from candidates.models import AchievedUnit
from claims import transitions
from claims.models import Claim, ClaimStatus
from moderation import deadlines
from moderation.models import EvidenceFile, EvidenceSubmission

from . import messages, notices
from .models import OutboxMessage

# Results notices go only for claims processed this recently, so that switching the check on
# does not email centres about results published long ago.
RESULTS_NOTICE_WINDOW = timedelta(days=30)


def _noticed(kind: str) -> Exists:
    return Exists(OutboxMessage.objects.filter(claim_id=OuterRef("pk"), kind=kind))


def _evidence_recorded() -> Q:
    return Exists(EvidenceSubmission.objects.filter(claim_id=OuterRef("pk"))) | Exists(
        EvidenceFile.objects.filter(claim_id=OuterRef("pk"))
    )


def evidence_reminders_due(now: datetime) -> QuerySet[Claim]:
    """Submitted more than 24 hours ago, no work recorded, not reminded yet."""
    return Claim.objects.filter(
        status=ClaimStatus.SUBMITTED,
        submitted_at__lt=now - deadlines.EVIDENCE_DUE_AFTER,
    ).exclude(_evidence_recorded() | _noticed("evidence_reminder"))


def overdue_flags_due(now: datetime) -> QuerySet[Claim]:
    """Still Submitted more than 35 days after submission, not flagged yet."""
    return Claim.objects.filter(
        status=ClaimStatus.SUBMITTED, submitted_at__lt=now - deadlines.OVERDUE_AFTER
    ).exclude(_noticed("overdue_centre"))


def _published(now: datetime) -> Exists:
    return Exists(AchievedUnit.objects.filter(claim_id=OuterRef("pk"), published_at__lte=now))


def _unpublished(now: datetime) -> Exists:
    return Exists(AchievedUnit.objects.filter(claim_id=OuterRef("pk"), published_at__gt=now))


def results_notices_due(now: datetime) -> QuerySet[Claim]:
    """Processed recently, every result of the claim published, centre not told yet."""
    return Claim.objects.filter(
        _published(now),
        status=ClaimStatus.PROCESSED,
        processed_at__gte=now - RESULTS_NOTICE_WINDOW,
    ).exclude(_unpublished(now) | _noticed("results_published"))


def _remind_evidence(claim_id: int, now: datetime) -> bool:
    with transaction.atomic():
        claim = transitions.lock(claim_id)
        if not evidence_reminders_due(now).filter(pk=claim.pk).exists():
            return False
        subject, body = messages.evidence_reminder(claim)
        return (
            notices.create(
                key=f"claim-evidence-reminder:{claim.pk}",
                kind="evidence_reminder",
                to=messages.centre_addresses(claim),
                subject=subject,
                body=body,
                claim=claim,
            )
            is not None
        )


def _flag_overdue(claim_id: int, now: datetime) -> bool:
    with transaction.atomic():
        claim = transitions.lock(claim_id)
        if not overdue_flags_due(now).filter(pk=claim.pk).exists():
            return False
        subject, body = messages.overdue_to_centre(claim)
        centre = notices.create(
            key=f"claim-35-day:{claim.pk}",
            kind="overdue_centre",
            to=messages.centre_addresses(claim),
            subject=subject,
            body=body,
            claim=claim,
        )
        subject, body = messages.overdue_to_operations(claim)
        operations = notices.create(
            key=f"claim-35-day-operations:{claim.pk}",
            kind="overdue_operations",
            to=messages.operations_addresses(),
            subject=subject,
            body=body,
            claim=claim,
        )
        return centre is not None or operations is not None


def notify_results_published(claim_id: int, now: datetime | None = None) -> bool:
    """Tell the centre its claim's results are published, if they are and it was not told."""
    now = now or timezone.now()
    with transaction.atomic():
        claim = transitions.lock(claim_id)
        if not results_notices_due(now).filter(pk=claim.pk).exists():
            return False
        subject, body = messages.results_published(claim)
        return (
            notices.create(
                key=f"claim-results:{claim.pk}",
                kind="results_published",
                to=messages.centre_addresses(claim),
                subject=subject,
                body=body,
                claim=claim,
            )
            is not None
        )


def send_due_reminders(now: datetime | None = None) -> int:
    """Run every check once; returns how many claims someone was told about."""
    now = now or timezone.now()
    told = 0
    for claim_id in list(evidence_reminders_due(now).values_list("pk", flat=True)):
        told += _remind_evidence(claim_id, now)
    for claim_id in list(overdue_flags_due(now).values_list("pk", flat=True)):
        told += _flag_overdue(claim_id, now)
    for claim_id in list(results_notices_due(now).values_list("pk", flat=True)):
        told += notify_results_published(claim_id, now)
    return told
