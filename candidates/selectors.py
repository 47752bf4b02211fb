"""Reading candidates and entries, always within the acting user's centre."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet, Sum

from accounts.models import Centre, Membership
from accounts.permissions import can_claim
from catalogue.models import Qualification, Unit
from catalogue.selectors import approved_qualifications
from common.errors import NotFound

from .models import AchievedUnit, Candidate, ImportJob, NamedEntry, UnnamedEntryMovement


def candidates_for(*, membership: Membership | None) -> QuerySet[Candidate]:
    """Candidates the acting user may see: those of their current centre, for claims roles."""
    if not can_claim(membership):
        return Candidate.objects.none()
    assert membership is not None
    return Candidate.objects.filter(centre_id=membership.centre_id)


def search_candidates(*, membership: Membership | None, query: str) -> QuerySet[Candidate]:
    """By name, part of a name, or candidate number. Every word typed must match."""
    candidates = candidates_for(membership=membership)
    for word in query.split():
        if word.isascii() and word.isdigit():
            candidates = candidates.filter(number__startswith=word)
        else:
            candidates = candidates.filter(
                Q(first_name__icontains=word) | Q(last_name__icontains=word)
            )
    return candidates.order_by("last_name", "first_name", "number")


def get_candidate(*, membership: Membership | None, number: str) -> Candidate:
    candidate = candidates_for(membership=membership).filter(number=number).first()
    if candidate is None:
        raise NotFound("Candidate not found", field="candidate")
    return candidate


def named_entries(
    *, membership: Membership | None, candidate: Candidate | None = None
) -> QuerySet[NamedEntry]:
    if not can_claim(membership):
        return NamedEntry.objects.none()
    assert membership is not None
    entries = NamedEntry.objects.filter(candidate__centre_id=membership.centre_id)
    if candidate is not None:
        entries = entries.filter(candidate=candidate)
    return (
        entries.select_related("candidate", "qualification")
        .prefetch_related(Prefetch("units", queryset=Unit.objects.order_by("number")))
        .order_by("candidate__last_name", "candidate__first_name", "qualification__code")
    )


def unnamed_balance(*, centre: Centre, qualification: Qualification) -> int:
    total = UnnamedEntryMovement.objects.filter(
        centre=centre, qualification=qualification
    ).aggregate(total=Sum("quantity"))["total"]
    return int(total or 0)


@dataclass
class UnnamedBalance:
    qualification: Qualification
    balance: int


def unnamed_balances(*, membership: Membership | None) -> list[UnnamedBalance]:
    """The unnamed unit-entry balance for each qualification the centre is approved for."""
    if not can_claim(membership):
        return []
    assert membership is not None
    totals = dict(
        UnnamedEntryMovement.objects.filter(centre_id=membership.centre_id)
        .values_list("qualification_id")
        .annotate(total=Sum("quantity"))
        .values_list("qualification_id", "total")
    )
    return [
        UnnamedBalance(qualification=q, balance=int(totals.get(q.pk) or 0))
        for q in approved_qualifications(membership.centre)
    ]


def unnamed_movements(*, membership: Membership | None) -> QuerySet[UnnamedEntryMovement]:
    if not can_claim(membership):
        return UnnamedEntryMovement.objects.none()
    assert membership is not None
    return UnnamedEntryMovement.objects.filter(centre_id=membership.centre_id).select_related(
        "qualification", "created_by"
    )


def named_entry_for(
    *, candidate: Candidate, qualification: Qualification, with_units: bool = True
) -> NamedEntry | None:
    """The candidate's named entry for the qualification with its units (unless `with_units`
    is False), or None (unnamed)."""
    entries = NamedEntry.objects.filter(candidate=candidate, qualification=qualification)
    if with_units:
        entries = entries.prefetch_related(
            Prefetch("units", queryset=Unit.objects.order_by("number"))
        )
    return entries.first()


def entered_unit_ids(entry: NamedEntry) -> set[int]:
    """The ids of the units a unit entry lists (the units themselves are the qualification's)."""
    return set(
        NamedEntry.units.through.objects.filter(namedentry_id=entry.pk).values_list(
            "unit_id", flat=True
        )
    )


def achieved_units_of(
    *, candidate: Candidate, qualification: Qualification
) -> dict[int, AchievedUnit]:
    """The candidate's achieved units of the qualification, keyed by unit id.

    A unit counts as achieved as soon as its claim is processed, before its result is published:
    it must not be claimed again either way.
    """
    return {
        achieved.unit_id: achieved
        for achieved in AchievedUnit.objects.filter(
            candidate=candidate, unit__qualification=qualification
        )
    }


def import_jobs(*, membership: Membership | None) -> QuerySet[ImportJob]:
    """The centre's imports, for its Centre Administrators only; newest first."""
    if membership is None or not membership.is_administrator:
        return ImportJob.objects.none()
    return (
        ImportJob.objects.filter(centre_id=membership.centre_id)
        .select_related("created_by")
        .defer("content", "outcomes", "errors")
        .order_by("-created_at", "-id")
    )


def get_import_job(*, membership: Membership | None, job_id: int) -> ImportJob:
    """One of the centre's imports, for its Centre Administrators; any other is not found."""
    if membership is None or not membership.is_administrator:
        raise NotFound("Import not found", field="job")
    job = ImportJob.objects.filter(centre_id=membership.centre_id, pk=job_id).first()
    if job is None:
        raise NotFound("Import not found", field="job")
    return job
