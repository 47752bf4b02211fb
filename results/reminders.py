"""The periodic check of results: telling a centre its claim's results are published.

The check finds its claims with one query, then decides claim by claim inside a transaction
that locks the claim and re-reads what it depends on, writing its email under its key in that
same transaction. Running it twice, or two at once, tells nobody twice.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from candidates.models import AchievedUnit
from claims import transitions
from claims.models import Claim, ClaimStatus
from notifications.notices import told

from . import messages

# Results notices go only for claims processed this recently, so that switching the check on
# does not email centres about results published long ago.
RESULTS_NOTICE_WINDOW = timedelta(days=30)


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
    ).exclude(_unpublished(now) | told(messages.RESULTS_PUBLISHED, about=Claim))


def notify_results_published(claim_id: int, now: datetime | None = None) -> bool:
    """Tell the centre its claim's results are published, if they are and it was not told."""
    now = now or timezone.now()
    with transaction.atomic():
        claim = transitions.lock(claim_id)
        if not results_notices_due(now).filter(pk=claim.pk).exists():
            return False
        return messages.results_published(claim)


def send_due_notices(now: datetime | None = None) -> int:
    """Run the check once; returns how many centres were told about a claim."""
    now = now or timezone.now()
    return sum(
        notify_results_published(claim_id, now)
        for claim_id in list(results_notices_due(now).values_list("pk", flat=True))
    )
