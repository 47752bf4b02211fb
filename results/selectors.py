"""Reading results: achieved units, full awards, and what each user may see of them; the claims
waiting to be processed."""

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Case, Exists, OuterRef, QuerySet, When
from django.utils import timezone

from accounts.models import Membership, User
from accounts.permissions import can_claim, is_operations
from candidates.models import AchievedUnit, Award, Candidate
from candidates.selectors import search_candidates
from catalogue.models import Qualification, Unit
from certificates.models import Certificate, CertificateKind
from certificates.selectors import valid_certificates_of
from claims import outcomes
from claims.models import Claim, ClaimedUnit, ClaimStatus
from common.db import subquery_count
from common.errors import NotFound
from moderation.models import MalpracticeCase
from moderation.selectors import ClaimRow, summary_rows

# The centre's Results page


@dataclass(frozen=True)
class ResultRow:
    """A published achieved unit as the Results page and its CSV show it, with the valid
    certificate that lists it, if any."""

    achieved: AchievedUnit
    certificate: Certificate | None = None

    @property
    def certificate_number(self) -> str:
        return "" if self.certificate is None else self.certificate.display_number

    @property
    def unit(self) -> Unit:
        return self.achieved.unit

    @property
    def assessed_as(self) -> str:
        # Ungraded units are claimed without a grade; their result is a pass.
        if self.achieved.grade:
            return self.achieved.grade
        return "" if self.achieved.unit.is_graded else "Pass"

    @property
    def claim_number(self) -> str:
        number = self.achieved.claim.claim_number
        return "" if number is None else str(number)

    @property
    def other_awarding_body(self) -> str:
        return self.achieved.other_awarding_body

    @property
    def published_at(self) -> datetime:
        return self.achieved.published_at


@dataclass(frozen=True)
class AwardResult:
    """A published full award, with its valid certificate once issued."""

    award: Award
    certificate: Certificate | None = None

    @property
    def grade(self) -> str:
        return self.award.grade

    @property
    def issued_at(self) -> datetime:
        return self.award.issued_at

    @property
    def published_at(self) -> datetime:
        return self.award.published_at

    @property
    def certificate_number(self) -> str:
        return "" if self.certificate is None else self.certificate.display_number


@dataclass
class QualificationResults:
    """One candidate's published results for one qualification."""

    qualification: Qualification
    units: list[ResultRow] = field(default_factory=list)
    award: AwardResult | None = None

    @property
    def certificates(self) -> list[Certificate]:
        """The valid certificates of these results, the full award's first, each once."""
        found = [self.award.certificate] if self.award is not None else []
        found += [row.certificate for row in self.units]
        unique = {c.pk: c for c in found if c is not None}
        return list(unique.values())


@dataclass
class CandidateResults:
    """One candidate's published results, by qualification (in code order)."""

    candidate: Candidate
    qualifications: list[QualificationResults] = field(default_factory=list)


def result_candidates(
    *,
    membership: Membership | None,
    qualification: Qualification | None = None,
    query: str = "",
    now: datetime | None = None,
) -> QuerySet[Candidate]:
    """The acting centre's candidates with a published result, by name.

    Claims roles only, own centre only (`candidates_for`); nothing for anyone else. A result is
    published once its `published_at` has passed. `query` matches name, part name or candidate
    number as on the Candidates page; `qualification` keeps candidates with a result in it.
    """
    if not can_claim(membership):
        return Candidate.objects.none()
    assert membership is not None
    now = now or timezone.now()
    # One EXISTS over the candidate's units and awards together (UNION ALL), asked of each of the
    # centre's candidates through the candidate indexes. Two EXISTS joined by OR would each be
    # worked out once for the whole country's results of the qualification, and a list of the
    # centre's candidates with results would read every published unit to find them.
    units = AchievedUnit.objects.filter(candidate=OuterRef("pk"), published_at__lte=now)
    awards = Award.objects.standing().filter(candidate=OuterRef("pk"), published_at__lte=now)
    if qualification is not None:
        # The qualification's units as a list of ids, read once: joined to the units instead,
        # the qualification's units would be read again for each candidate.
        of_it = list(Unit.objects.filter(qualification=qualification).values_list("pk", flat=True))
        units = units.filter(unit_id__in=of_it)
        awards = awards.filter(qualification=qualification)
    held = (
        units.order_by()
        .values("candidate_id")
        .union(awards.order_by().values("candidate_id"), all=True)
    )
    return search_candidates(membership=membership, query=query).filter(Exists(held))


class _Certified:
    """Which valid certificate lists a result: a full award's certificate lists its award and
    every unit of the qualification the candidate held then; a unit certificate, the units
    achieved by its claim."""

    def __init__(self, certificates: Iterable[Certificate]) -> None:
        self._awards: dict[int, Certificate] = {}
        self._by_holding: dict[tuple[int, int], list[Certificate]] = defaultdict(list)
        for certificate in certificates:
            if certificate.award_id is not None:
                self._awards[certificate.award_id] = certificate
            self._by_holding[certificate.candidate_id, certificate.qualification_id].append(
                certificate
            )

    def award(self, award: Award) -> Certificate | None:
        return self._awards.get(award.pk)

    def unit(self, achieved: AchievedUnit) -> Certificate | None:
        held = self._by_holding.get((achieved.candidate_id, achieved.unit.qualification_id), [])
        number = achieved.unit.number
        listing = [c for c in held if any(line["number"] == number for line in c.units)]
        # The full award's certificate first; otherwise the unit certificate of the unit's claim.
        for certificate in listing:
            if certificate.kind == CertificateKind.AWARD:
                return certificate
        for certificate in listing:
            if certificate.claim_id == achieved.claim_id:
                return certificate
        return None


def published_results(
    *,
    membership: Membership | None,
    candidates: Sequence[Candidate],
    qualification: Qualification | None = None,
    now: datetime | None = None,
) -> list[CandidateResults]:
    """The published results of these candidates (a page of `result_candidates`) with their
    certificates, in three queries.

    Candidates of another centre, or any for a user without a claims role, get no results.
    """
    if not can_claim(membership) or not candidates:
        return []
    assert membership is not None
    now = now or timezone.now()
    ids = [c.pk for c in candidates]
    units = AchievedUnit.objects.filter(
        candidate_id__in=ids, candidate__centre_id=membership.centre_id, published_at__lte=now
    ).select_related("unit__qualification", "claim")
    awards = (
        Award.objects.standing()
        .filter(
            candidate_id__in=ids, candidate__centre_id=membership.centre_id, published_at__lte=now
        )
        .select_related("qualification")
    )
    if qualification is not None:
        units = units.filter(unit__qualification=qualification)
        awards = awards.filter(qualification=qualification)
    certified = _Certified(
        valid_certificates_of(
            membership=membership,
            candidate_ids=ids,
            qualification_id=None if qualification is None else qualification.pk,
        )
    )
    grouped: dict[int, dict[int, QualificationResults]] = defaultdict(dict)
    for achieved in units.order_by("unit__number"):
        held = achieved.unit.qualification
        section = grouped[achieved.candidate_id].setdefault(held.pk, QualificationResults(held))
        section.units.append(ResultRow(achieved, certified.unit(achieved)))
    for award in awards:
        section = grouped[award.candidate_id].setdefault(
            award.qualification_id, QualificationResults(award.qualification)
        )
        section.award = AwardResult(award, certified.award(award))
    return [
        CandidateResults(
            candidate=candidate,
            qualifications=sorted(
                grouped[candidate.pk].values(), key=lambda s: s.qualification.code
            ),
        )
        for candidate in candidates
        if grouped.get(candidate.pk)
    ]


def published_result_rows(
    *,
    membership: Membership | None,
    qualification: Qualification | None = None,
    query: str = "",
    batch_size: int = 500,
) -> Iterator[tuple[Candidate, QualificationResults]]:
    """Every published result the Results page would list, for the CSV download.

    Reads the candidates first, then their results a batch at a time, so a long download holds
    no database cursor open and its queries grow with batches, not with candidates.
    """
    now = timezone.now()
    candidates = list(
        result_candidates(membership=membership, qualification=qualification, query=query, now=now)
    )
    for start in range(0, len(candidates), batch_size):
        for results in published_results(
            membership=membership,
            candidates=candidates[start : start + batch_size],
            qualification=qualification,
            now=now,
        ):
            for section in results.qualifications:
                yield results.candidate, section


# Processing: operations' Claims to process, and the processing job


def _counting_units() -> QuerySet[ClaimedUnit]:
    """The outer claim's units that become results (`claims.outcomes`), now or, for a
    candidate held for malpractice, once the case is closed not upheld."""
    return ClaimedUnit.objects.filter(
        outcomes.publishes_filter() | outcomes.held_filter(),
        claim_candidate__claim=OuterRef("pk"),
    )


def finalised_claim_ids_with_results() -> list[int]:
    """Finalised claims that have at least one unit that becomes a result, oldest first.

    For the processing job, which acts for the awarding body; not for any user's request.
    """
    return list(
        Claim.objects.filter(status=ClaimStatus.FINALISED)
        .filter(Exists(_counting_units()))
        .order_by("finalised_at", "pk")
        .values_list("pk", flat=True)
    )


def claims_to_process(*, user: User) -> QuerySet[Claim]:
    """Every Finalised claim, oldest first, for operations: a list to show a page at a time,
    each page's rows from `to_process_rows`."""
    if not is_operations(user):
        raise NotFound()
    return Claim.objects.filter(status=ClaimStatus.FINALISED).order_by(
        "finalised_at", "claim_number", "pk"
    )


def to_process_rows(claims: Iterable[Claim], now: datetime | None = None) -> list[ClaimRow]:
    """A page of `claims_to_process` with its counts and how many units become results
    (`n_counting`: 0 when every unit was withdrawn), worked out for that page only."""
    return summary_rows(
        claims, now, n_counting=subquery_count(_counting_units(), "claim_candidate__claim")
    )


def processable_claim_ids(*, user: User) -> list[int]:
    """The Finalised claims that have units to turn into results (not every unit withdrawn)."""
    if not is_operations(user):
        raise NotFound()
    return finalised_claim_ids_with_results()


# Malpractice cases: operations' list and case page, and what the centre sees of them

CASE_FILTERS = {"open": "Open", "closed": "Closed"}


def malpractice_cases(*, user: User, shown: str = "open") -> QuerySet[MalpracticeCase]:
    """Open or closed malpractice cases, newest first, for operations (a paginated list)."""
    if not is_operations(user):
        raise NotFound()
    cases = MalpracticeCase.objects.select_related(
        "claim__centre", "claim__qualification", "claim_candidate__candidate"
    ).order_by("-opened_at", "-id")
    if shown == "closed":
        return cases.exclude(status=MalpracticeCase.Status.OPEN)
    return cases.filter(status=MalpracticeCase.Status.OPEN)


def malpractice_case(*, user: User, case_id: int) -> MalpracticeCase:
    if not is_operations(user):
        raise NotFound()
    case = (
        MalpracticeCase.objects.select_related(
            "claim__centre",
            "claim__qualification",
            "claim_candidate__candidate",
            "opened_by",
            "closed_by",
        )
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise NotFound("Malpractice case not found")
    return case


def centre_malpractice_cases(*, membership: Membership | None) -> list[MalpracticeCase]:
    """The acting centre's malpractice cases, open ones first, for its Results page: the
    candidate, the claim and the outcome, never the moderator's reason."""
    if not can_claim(membership):
        return []
    return list(
        MalpracticeCase.objects.filter(claim__in=Claim.objects.for_centre(membership))
        .select_related("claim__qualification", "claim_candidate__candidate")
        .order_by(
            Case(When(status=MalpracticeCase.Status.OPEN, then=0), default=1),
            "-opened_at",
            "-id",
        )
    )
