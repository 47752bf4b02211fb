"""Lists of claims in moderation: the moderator's queue and history, the centre's claims with
the moderator, and operations' overdue claims, each in one query however long."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Exists, Min, OuterRef, QuerySet, Subquery
from django.utils import timezone

from accounts.models import Membership, User
from accounts.permissions import is_operations
from claims.models import Claim, ClaimCandidate, ClaimedUnit, ClaimStatus
from common.db import subquery_count
from common.errors import NotFound

from .. import deadlines
from ..models import EvidenceFile, EvidenceSubmission, Sample


def _first(queryset: QuerySet[Any], group: str, value: str) -> Subquery:
    return Subquery(queryset.order_by().values(group).annotate(first=Min(value)).values("first"))


def with_summary(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Claims with their candidate and unit counts and evidence dates, in one query."""
    return claims.select_related("centre", "qualification").annotate(
        n_candidates=subquery_count(ClaimCandidate.objects.filter(claim=OuterRef("pk")), "claim"),
        n_units=subquery_count(
            ClaimedUnit.objects.filter(claim_candidate__claim=OuterRef("pk")),
            "claim_candidate__claim",
        ),
        evidence_sent_on=_first(
            EvidenceSubmission.objects.filter(claim=OuterRef("pk")), "claim", "sent_on"
        ),
        evidence_arrived_on=_first(
            EvidenceSubmission.objects.filter(claim=OuterRef("pk"), arrived_on__isnull=False),
            "claim",
            "arrived_on",
        ),
        evidence_uploaded_at=_first(
            EvidenceFile.objects.filter(claim=OuterRef("pk")), "claim", "uploaded_at"
        ),
        has_sample=Exists(Sample.objects.filter(claim=OuterRef("pk"))),
    )


def _local_date(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


@dataclass
class ClaimRow:
    """A claim as the queue and operations' lists show it."""

    claim: Claim
    candidates: int
    units: int
    days: int
    overdue: bool
    evidence: deadlines.EvidenceStatus
    sampled: bool


def claim_row(claim: Claim, now: datetime) -> ClaimRow:
    """One row from a claim annotated by `with_summary`."""
    submitted_at = claim.submitted_at or now
    return ClaimRow(
        claim=claim,
        candidates=claim.n_candidates,  # type: ignore[attr-defined]
        units=claim.n_units,  # type: ignore[attr-defined]
        days=deadlines.days_since(submitted_at, now),
        overdue=claim.status == ClaimStatus.SUBMITTED and deadlines.is_overdue(submitted_at, now),
        evidence=deadlines.evidence_status(
            submitted_at=claim.submitted_at,
            now=now,
            sent_on=claim.evidence_sent_on,  # type: ignore[attr-defined]
            arrived_on=claim.evidence_arrived_on,  # type: ignore[attr-defined]
            uploaded_on=_local_date(claim.evidence_uploaded_at),  # type: ignore[attr-defined]
        ),
        sampled=claim.has_sample,  # type: ignore[attr-defined]
    )


def summary_row(claim: Claim, now: datetime | None = None) -> ClaimRow:
    """The row of one claim already found through the access layer (its page's summary)."""
    summary = with_summary(Claim.objects.filter(pk=claim.pk)).get()
    return claim_row(summary, now or timezone.now())


def moderator_queue(*, user: User, now: datetime | None = None) -> list[ClaimRow]:
    """The moderator's Submitted claims, oldest first, in one query however many there are."""
    now = now or timezone.now()
    claims = with_summary(
        Claim.objects.for_moderator(user).filter(status=ClaimStatus.SUBMITTED)
    ).order_by("submitted_at", "claim_number")
    return [claim_row(claim, now) for claim in claims]


def moderated_history(*, user: User) -> QuerySet[Claim]:
    """The moderator's claims that have left the queue, newest first."""
    return (
        Claim.objects.for_moderator(user)
        .exclude(status=ClaimStatus.SUBMITTED)
        .select_related("centre", "qualification")
        .order_by("-submitted_at", "-claim_number")
    )


def centre_claims_awaiting_work(
    *, membership: Membership | None, now: datetime | None = None
) -> list[ClaimRow]:
    """The centre's claims with the moderator: where their work is, whether a sample is asked."""
    now = now or timezone.now()
    claims = with_summary(
        Claim.objects.for_centre(membership).filter(status=ClaimStatus.SUBMITTED)
    ).order_by("submitted_at", "claim_number")
    return [claim_row(claim, now) for claim in claims]


def overdue_claims(*, user: User, now: datetime | None = None) -> list[ClaimRow]:
    """Claims still Submitted 35 days after submission, oldest first, for operations."""
    if not is_operations(user):
        raise NotFound()
    now = now or timezone.now()
    claims = with_summary(
        Claim.objects.filter(
            status=ClaimStatus.SUBMITTED, submitted_at__lt=now - deadlines.OVERDUE_AFTER
        )
    ).order_by("submitted_at", "claim_number")
    return [claim_row(claim, now) for claim in claims]
