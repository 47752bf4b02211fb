"""Lists of claims in moderation: the moderator's queue and history, the centre's claims with
the moderator, and operations' overdue claims, each in one query however long."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, IntegerField, Max, Min, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Membership, User
from accounts.permissions import is_operations, moderates
from claims.models import Claim, ClaimCandidate, ClaimedUnit, ClaimStatus
from common.db import subquery_count
from common.errors import NotFound

from .. import deadlines
from ..models import EvidenceArrival, EvidenceSubmission, Sample


def _first(queryset: QuerySet[Any], group: str, value: str) -> Subquery:
    return Subquery(queryset.order_by().values(group).annotate(first=Min(value)).values("first"))


def _arrivals(*, sampled: bool) -> QuerySet[EvidenceArrival, Any]:
    """The outer claim's arrivals: all of them, or only those of candidates in its sample."""
    arrivals = EvidenceArrival.objects.filter(claim=OuterRef("pk"))
    if sampled:
        arrivals = arrivals.filter(
            Exists(
                Sample.candidates.through.objects.filter(
                    claimcandidate_id=OuterRef("claim_candidate_id")
                )
            )
        )
    return arrivals.order_by().values("claim")


def _arrived(*, sampled: bool) -> Coalesce:
    """How many of the outer claim's candidates (or of its sample) have work arrived."""
    return Coalesce(
        Subquery(
            _arrivals(sampled=sampled)
            .annotate(n=Count("claim_candidate", distinct=True))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def _last_arrived_on(*, sampled: bool) -> Subquery:
    return Subquery(_arrivals(sampled=sampled).annotate(last=Max("arrived_on")).values("last"))


def with_summary(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Claims with their candidate and unit counts and where their work is, in one query."""
    return claims.select_related("centre", "qualification").annotate(
        n_candidates=subquery_count(ClaimCandidate.objects.filter(claim=OuterRef("pk")), "claim"),
        n_units=subquery_count(
            ClaimedUnit.objects.filter(claim_candidate__claim=OuterRef("pk")),
            "claim_candidate__claim",
        ),
        n_sampled=subquery_count(
            Sample.candidates.through.objects.filter(sample__claim=OuterRef("pk")),
            "sample__claim",
        ),
        n_arrived=_arrived(sampled=False),
        n_arrived_sampled=_arrived(sampled=True),
        last_arrived_on=_last_arrived_on(sampled=False),
        last_arrived_sampled_on=_last_arrived_on(sampled=True),
        evidence_sent_on=_first(
            EvidenceSubmission.objects.filter(claim=OuterRef("pk")), "claim", "sent_on"
        ),
        has_sample=Exists(Sample.objects.filter(claim=OuterRef("pk"))),
    )


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
    sampled = claim.has_sample  # type: ignore[attr-defined]
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
            asked=claim.n_sampled if sampled else claim.n_candidates,  # type: ignore[attr-defined]
            arrived=claim.n_arrived_sampled if sampled else claim.n_arrived,  # type: ignore[attr-defined]
            last_arrived_on=(
                claim.last_arrived_sampled_on if sampled else claim.last_arrived_on  # type: ignore[attr-defined]
            ),
        ),
        sampled=sampled,
    )


def summary_rows(
    claims: Iterable[Claim], now: datetime | None = None, **annotations: Any
) -> list[ClaimRow]:
    """The rows of a page of claims, in the page's order: the summary (`with_summary`, and any
    further `annotations`) worked out for those claims only, in one query, so that a long list
    is sorted and cut into pages on its own columns before anything is counted."""
    ids = [claim.pk for claim in claims]
    found = with_summary(Claim.objects.filter(pk__in=ids)).select_related("moderator")
    by_id = {claim.pk: claim for claim in found.annotate(**annotations)}
    now = now or timezone.now()
    return [claim_row(by_id[pk], now) for pk in ids if pk in by_id]


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


def moderator_now_or_before(user: User) -> bool:
    """Assigned a centre now, or a claim was submitted to them before (their queue stays, empty,
    once their last assignment is taken away)."""
    return moderates(user) or Claim.objects.filter(moderator_id=user.pk).exists()


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


def overdue_claims(*, user: User, now: datetime | None = None) -> QuerySet[Claim]:
    """Claims still Submitted past `settings.OVERDUE_AFTER` (35 days), oldest first, for
    operations: a list to show a page at a time, each page's rows from `summary_rows`."""
    if not is_operations(user):
        raise NotFound()
    now = now or timezone.now()
    return Claim.objects.filter(
        status=ClaimStatus.SUBMITTED, submitted_at__lt=now - deadlines.overdue_after()
    ).order_by("submitted_at", "claim_number", "pk")
