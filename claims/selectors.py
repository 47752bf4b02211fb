"""Reading claims, always within what the acting user may see."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, overload

from django.db.models import (
    Case,
    Count,
    Exists,
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

from accounts.models import Membership, ModeratorAssignment, User
from accounts.permissions import can_claim
from candidates.models import AchievedUnit, Candidate, EntryType, NamedEntry
from candidates.selectors import (
    achieved_units_of,
    candidates_for,
    named_entry_for,
    search_candidates,
)
from catalogue.models import Qualification, Unit
from catalogue.selectors import approved_qualifications, units_of
from common.errors import NotFound

from .models import CentreAssessor, Claim, ClaimCandidate, ClaimedUnit, ClaimStatus


def centre_claims(*, membership: Membership | None) -> QuerySet[Claim]:
    """Every claim of the acting user's current centre, for the claims roles; none otherwise."""
    if not can_claim(membership):
        return Claim.objects.none()
    assert membership is not None
    return Claim.objects.filter(centre_id=membership.centre_id)


@dataclass
class MakeClaimRow:
    qualification: Qualification
    draft: Claim | None

    @property
    def status_label(self) -> str:
        return ClaimStatus.DRAFT.label if self.draft else "No claim created"

    @property
    def action_label(self) -> str:
        return "Edit" if self.draft else "Create"


def make_claim_rows(*, membership: Membership | None, query: str = "") -> list[MakeClaimRow]:
    """The qualifications the centre is approved for, with any claim in progress for each.

    The search matches the entry code, the title or any part of the title, ignoring case.
    """
    if not can_claim(membership):
        return []
    assert membership is not None
    qualifications = approved_qualifications(membership.centre)
    query = query.strip()
    if query:
        qualifications = qualifications.filter(Q(code__icontains=query) | Q(title__icontains=query))
    drafts = {
        claim.qualification_id: claim
        for claim in centre_claims(membership=membership).filter(status=ClaimStatus.DRAFT)
    }
    return [MakeClaimRow(qualification=q, draft=drafts.get(q.pk)) for q in qualifications]


def get_claim(*, membership: Membership | None, claim_id: int) -> Claim:
    """A claim of the acting user's centre; another centre's claim is not found."""
    claim = (
        centre_claims(membership=membership)
        .select_related("centre", "qualification")
        .filter(pk=claim_id)
        .first()
    )
    if claim is None:
        raise NotFound("Claim not found", field="claim")
    return claim


def get_claimable_qualification(*, membership: Membership | None, code: str) -> Qualification:
    """A qualification the acting user's centre is approved for, for the claims roles."""
    if not can_claim(membership):
        raise NotFound("Qualification not found", field="qualification")
    assert membership is not None
    qualification = approved_qualifications(membership.centre).filter(code=code).first()
    if qualification is None:
        raise NotFound("Qualification not found", field="qualification")
    return qualification


def draft_claim_for(*, membership: Membership | None, qualification: Qualification) -> Claim | None:
    return (
        centre_claims(membership=membership)
        .filter(qualification=qualification, status=ClaimStatus.DRAFT)
        .select_related("centre", "qualification")
        .first()
    )


# Centre assessors


def assessors_for(
    *, membership: Membership | None, qualification: Qualification
) -> QuerySet[CentreAssessor]:
    """The centre assessors set up for the qualification at the acting user's centre."""
    if not can_claim(membership):
        return CentreAssessor.objects.none()
    assert membership is not None
    return CentreAssessor.objects.filter(
        centre_id=membership.centre_id, qualifications=qualification
    ).order_by("name", "initials")


def get_assessor(
    *, membership: Membership | None, qualification: Qualification, assessor_id: int
) -> CentreAssessor:
    assessor = assessors_for(membership=membership, qualification=qualification).filter(
        pk=assessor_id
    )
    found = assessor.first()
    if found is None:
        raise NotFound("Centre assessor not found", field="assessor")
    return found


def moderator_of(claim: Claim) -> User | None:
    """The examiner-moderator (the "OCR assessor") for the claim's centre and qualification."""
    assignment = (
        ModeratorAssignment.objects.filter(
            centre_id=claim.centre_id, qualification_id=claim.qualification_id
        )
        .select_related("moderator")
        .first()
    )
    return assignment.moderator if assignment else None


# Edit claim: finding candidates


def claim_candidate_search(
    *,
    membership: Membership | None,
    claim: Claim,
    query: str | None,
    entered_only: bool = False,
) -> QuerySet[Candidate]:
    """Candidates for the Edit claim page, each annotated with `on_claim`.

    With no search (query None) these are the candidates already on the claim; with a search,
    the centre's candidates matching it, optionally only those entered for the qualification.
    """
    if not can_claim(membership) or claim.centre_id != getattr(membership, "centre_id", None):
        raise NotFound("Claim not found", field="claim")
    on_claim = Exists(ClaimCandidate.objects.filter(claim=claim, candidate=OuterRef("pk")))
    if query is None:
        candidates = candidates_for(membership=membership).filter(on_claim)
    else:
        candidates = search_candidates(membership=membership, query=query)
        if entered_only:
            candidates = candidates.filter(
                Exists(
                    NamedEntry.objects.filter(
                        candidate=OuterRef("pk"), qualification_id=claim.qualification_id
                    )
                )
            )
    return candidates.annotate(on_claim=on_claim).order_by("last_name", "first_name", "number")


# The candidate claim page


@dataclass
class UnitRow:
    """One unit as the candidate claim page shows it and the save action judges it."""

    unit: Unit
    allowed: bool
    claimed: ClaimedUnit | None = None
    achieved: AchievedUnit | None = None

    @property
    def claimable(self) -> bool:
        return self.allowed and self.achieved is None

    @property
    def state_label(self) -> str:
        if self.achieved is not None:
            return "Achieved"
        if self.claimed is not None and self.claimed.is_other_awarding_body:
            return "Another AB"
        if not self.allowed:
            return "Not entered"
        return ""


@dataclass
class CandidateClaim:
    """A candidate on (or about to join) a claim: which units may be claimed and what is."""

    claim: Claim
    candidate: Candidate
    entry: NamedEntry | None
    claim_candidate: ClaimCandidate | None
    rows: list[UnitRow]
    assessors: list[CentreAssessor]
    claimed_units: list[ClaimedUnit] = field(default_factory=list)

    @property
    def version(self) -> str:
        """What the page carries to detect a change by someone else: which record, which save."""
        if self.claim_candidate is None:
            return "new"
        return f"{self.claim_candidate.pk}-{self.claim_candidate.version}"

    @property
    def entry_label(self) -> str:
        if self.entry is None:
            return "Unnamed entries"
        return self.entry.get_entry_type_display()

    def rows_by_number(self) -> dict[int, UnitRow]:
        return {row.unit.number: row for row in self.rows}

    @property
    def other_awarding_body_units(self) -> list[ClaimedUnit]:
        return [c for c in self.claimed_units if c.is_other_awarding_body]

    @property
    def addable_units(self) -> list[Unit]:
        """Units that may be added from another awarding body: claimable, not yet claimed."""
        return [row.unit for row in self.rows if row.claimable and row.claimed is None]


def candidate_claim(
    *,
    membership: Membership | None,
    claim: Claim,
    candidate: Candidate,
    for_update: bool = False,
) -> CandidateClaim:
    """The units of the claim's qualification as they stand for this candidate.

    Full award entries and candidates without a named entry (claimed from unnamed entries) list
    every unit, showing those achieved in earlier claims as achieved; unit entries list only the
    entered units that are not achieved yet. A unit claimed earlier that the entry no longer
    allows is listed too, so that it can be removed. `for_update` locks the candidate's row on
    the claim (inside a transaction) for a save.
    """
    centre_id = getattr(membership, "centre_id", None)
    if not can_claim(membership) or claim.centre_id != centre_id:
        raise NotFound("Claim not found", field="claim")
    if candidate.centre_id != centre_id:
        raise NotFound("Candidate not found", field="candidate")
    qualification = claim.qualification
    on_claim = ClaimCandidate.objects.filter(claim=claim, candidate=candidate)
    if for_update:
        on_claim = on_claim.select_for_update()
    claim_candidate = on_claim.first()
    claimed: list[ClaimedUnit] = []
    if claim_candidate is not None:
        claimed = list(
            ClaimedUnit.objects.filter(claim_candidate=claim_candidate)
            .select_related("unit", "assessor")
            .order_by("unit__number")
        )
    claimed_by_unit = {c.unit_id: c for c in claimed}
    entry = named_entry_for(candidate=candidate, qualification=qualification)
    achieved = achieved_units_of(candidate=candidate, qualification=qualification)
    units = list(units_of(qualification))
    if entry is not None and entry.entry_type == EntryType.UNITS:
        entered = {u.pk for u in entry.units.all()}
        shown = [
            u
            for u in units
            if (u.pk in entered and u.pk not in achieved) or u.pk in claimed_by_unit
        ]
        rows = [
            UnitRow(
                unit=u,
                allowed=u.pk in entered,
                claimed=claimed_by_unit.get(u.pk),
                achieved=achieved.get(u.pk),
            )
            for u in shown
        ]
    else:
        rows = [
            UnitRow(
                unit=u, allowed=True, claimed=claimed_by_unit.get(u.pk), achieved=achieved.get(u.pk)
            )
            for u in units
        ]
    return CandidateClaim(
        claim=claim,
        candidate=candidate,
        entry=entry,
        claim_candidate=claim_candidate,
        rows=rows,
        assessors=list(assessors_for(membership=membership, qualification=qualification)),
        claimed_units=claimed,
    )


# View claim


@dataclass
class ClaimSummaryRow:
    claim_candidate: ClaimCandidate
    units: list[ClaimedUnit]


def claim_summary(*, membership: Membership | None, claim: Claim) -> list[ClaimSummaryRow]:
    """The candidates on a claim with their claimed units, in two queries."""
    if claim.centre_id != getattr(membership, "centre_id", None) or not can_claim(membership):
        raise NotFound("Claim not found", field="claim")
    on_claim = list(
        ClaimCandidate.objects.filter(claim=claim)
        .select_related("candidate")
        .prefetch_related("units__unit")
        .order_by("candidate__last_name", "candidate__first_name", "candidate__number")
    )
    return [
        ClaimSummaryRow(
            claim_candidate=cc, units=sorted(cc.units.all(), key=lambda u: u.unit.number)
        )
        for cc in on_claim
    ]


# Claim history


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
    """The `candidate_count` and `unit_count` annotations, of those `columns` that name them."""
    counts: dict[str, Coalesce] = {}
    if "candidates" in columns:
        counts["candidate_count"] = _count(ClaimCandidate.objects.all(), "claim")
    if "units" in columns:
        counts["unit_count"] = _count(ClaimedUnit.objects.all(), "claim_candidate__claim")
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
    """The centre's claims for the API's claim history, each with `candidate_count` and
    `unit_count`.

    Newest first unless `sort` names a column of HISTORY_COLUMNS. A claim in progress has no
    claim number, reference or submission date yet: it counts as the newest of all, so it comes
    first in the default order. The counts are worked out for every claim before the page is
    cut; View claim history uses `claim_history_pages`, which counts only the page's claims.
    """
    claims = (
        _history_claims(membership=membership, qualification_code=qualification_code)
        .select_related("qualification")
        .annotate(**_history_counts("candidates", "units"))
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
            return _history_rows(list(self._ids[index]))
        rows = _history_rows([self._ids[index]])
        return rows[0]

    def __iter__(self) -> Iterator[Claim]:
        return iter(_history_rows(list(self._ids)))


def _history_rows(claim_ids: list[int]) -> list[Claim]:
    """These claims, in this order, with their qualification, `candidate_count` and
    `unit_count`: one query."""
    if not claim_ids:
        return []
    claims = (
        Claim.objects.filter(pk__in=claim_ids)
        .select_related("qualification")
        .annotate(**_history_counts("candidates", "units"))
        .in_bulk()
    )
    return [claims[pk] for pk in claim_ids if pk in claims]


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
