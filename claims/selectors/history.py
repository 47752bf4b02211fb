"""View claim history: the centre's claims, sorted by any column, counted a page at a time."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, overload

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from accounts.models import Membership
from accounts.permissions import can_claim
from catalogue.models import Qualification
from catalogue.selectors import approved_qualifications

from ..models import Claim, ClaimCandidate, ClaimedUnit, ClaimStatus
from ..outcomes import accepted_units
from .finding import centre_claims


@dataclass(frozen=True)
class HistoryColumn:
    """A sortable column of View claim history: its heading and the `sort` value that orders it."""

    key: str
    label: str
    numeric: bool = False


HISTORY_COLUMNS: tuple[HistoryColumn, ...] = (
    HistoryColumn("number", "Claim number"),
    HistoryColumn("reference", "Reference"),
    HistoryColumn("qualification", "Qualification"),
    HistoryColumn("submitted", "Submitted"),
    HistoryColumn("status", "Status"),
    HistoryColumn("candidates", "Candidates", numeric=True),
    HistoryColumn("units", "Units", numeric=True),
    HistoryColumn("accepted", "Accepted units", numeric=True),
)

# Claims move through these in this order; sorting by status follows it, not the alphabet.
STATUS_ORDER = [
    ClaimStatus.DRAFT,
    ClaimStatus.SUBMITTED,
    ClaimStatus.FINALISED,
    ClaimStatus.PROCESSED,
    ClaimStatus.WITHDRAWN,
]


def _count(queryset: QuerySet[Any], outer: str) -> Coalesce:
    """A correlated COUNT(*) of `queryset` rows belonging to the outer claim."""
    counted = (
        queryset.filter(**{outer: OuterRef("pk")})
        .order_by()
        .values(outer)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _history_counts(*columns: str) -> dict[str, Coalesce]:
    """The `candidate_count`, `unit_count` and `accepted_count` annotations, of those `columns`
    that name them."""
    counts: dict[str, Coalesce] = {}
    if "candidates" in columns:
        counts["candidate_count"] = _count(ClaimCandidate.objects.all(), "claim")
    if "units" in columns:
        counts["unit_count"] = _count(ClaimedUnit.objects.all(), "claim_candidate__claim")
    if "accepted" in columns:
        counts["accepted_count"] = _count(
            ClaimedUnit.objects.filter(accepted_units()), "claim_candidate__claim"
        )
    return counts


def _history_claims(*, membership: Membership | None, qualification_code: str) -> QuerySet[Claim]:
    claims = centre_claims(membership=membership)
    if qualification_code:
        claims = claims.filter(qualification__code=qualification_code)
    return claims


def _history_order(claims: QuerySet[Claim], sort: str, descending: bool) -> QuerySet[Claim]:
    """`claims` in the order of the `sort` column; a count column needs its annotation."""
    fields: dict[str, Any] = {
        "number": F("claim_number"),
        "reference": F("reference"),
        "qualification": F("qualification__code"),
        "submitted": F("submitted_at"),
        "status": Case(
            *(When(status=status, then=Value(i)) for i, status in enumerate(STATUS_ORDER)),
            output_field=IntegerField(),
        ),
        "candidates": F("candidate_count"),
        "units": F("unit_count"),
        "accepted": F("accepted_count"),
    }
    expression = fields.get(sort, F("submitted_at"))
    # Missing values (a claim in progress) sort as the highest, whichever the database.
    ordered = expression.desc(nulls_first=True) if descending else expression.asc(nulls_last=True)
    newest = F("submitted_at").desc(nulls_first=True)
    return claims.order_by(ordered, newest, "-created_at", "-pk")


def claim_history(
    *,
    membership: Membership | None,
    qualification_code: str = "",
    sort: str = "",
    descending: bool = True,
) -> QuerySet[Claim]:
    """The centre's claims for the API's claim history, each with `candidate_count`,
    `unit_count` and `accepted_count`.

    Newest first unless `sort` names a column of HISTORY_COLUMNS. A claim in progress has no
    claim number, reference or submission date yet: it counts as the newest of all, so it comes
    first in the default order. The counts are worked out for every claim before the page is
    cut; View claim history uses `claim_history_pages`, which counts only the page's claims.
    """
    claims = (
        _history_claims(membership=membership, qualification_code=qualification_code)
        .select_related("qualification")
        .annotate(**_history_counts("candidates", "units", "accepted"))
    )
    return _history_order(claims, sort, descending)


class ClaimHistoryPages:
    """The claims of View claim history, for Django's Paginator, read a page at a time.

    A page costs two queries however many claims the centre has: the ids of the page's claims,
    sorted on their own columns, then those claims with their qualification and their
    candidate and unit counts. Counting is the expensive part: counting every claim's
    candidates and units before cutting the page would take most of the page's time at 10,000
    claims. Sorting by a count still needs that count for every claim, but not the other one.
    """

    def __init__(self, claims: QuerySet[Claim], ordered_ids: QuerySet[Claim, int]) -> None:
        self._claims = claims
        self._ids = ordered_ids

    def count(self) -> int:
        return self._claims.count()

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> Claim: ...

    @overload
    def __getitem__(self, index: slice) -> list[Claim]: ...

    def __getitem__(self, index: int | slice) -> Claim | list[Claim]:
        if isinstance(index, slice):
            return _history_rows(self._claims, list(self._ids[index]))
        rows = _history_rows(self._claims, [self._ids[index]])
        return rows[0]

    def __iter__(self) -> Iterator[Claim]:
        return iter(_history_rows(self._claims, list(self._ids)))


def _history_rows(claims: QuerySet[Claim], claim_ids: list[int]) -> list[Claim]:
    """These of `claims`, in this order, with their qualification, `candidate_count` and
    `unit_count`: one query."""
    if not claim_ids:
        return []
    found = (
        claims.filter(pk__in=claim_ids)
        .select_related("qualification")
        .annotate(**_history_counts("candidates", "units", "accepted"))
        .in_bulk()
    )
    return [found[pk] for pk in claim_ids if pk in found]


def claim_history_pages(
    *,
    membership: Membership | None,
    qualification_code: str = "",
    sort: str = "",
    descending: bool = True,
) -> ClaimHistoryPages:
    """The centre's claims for View claim history, in the order of `claim_history`, each with
    `candidate_count` and `unit_count`, to give to a Paginator."""
    claims = _history_claims(membership=membership, qualification_code=qualification_code)
    ordered = _history_order(claims.annotate(**_history_counts(sort)), sort, descending)
    return ClaimHistoryPages(claims, ordered.values_list("pk", flat=True))


def history_qualifications(*, membership: Membership | None) -> QuerySet[Qualification]:
    """What the qualification filter of View claim history offers: the qualifications the centre
    is approved for, and any it has claimed before."""
    if not can_claim(membership):
        return Qualification.objects.none()
    assert membership is not None
    return Qualification.objects.filter(
        Q(pk__in=approved_qualifications(membership.centre).values("pk"))
        | Q(pk__in=centre_claims(membership=membership).values("qualification_id"))
    ).order_by("code")
