"""Turning a processed claim into results: achieved units and, when the rules are met, awards.

`process_claim` is what operations and the processing job call: it moves a Finalised claim to
Processed and records its results in the same transaction. `record_results` is the part that
writes the results, for callers that already hold the claim's lock inside their own transaction.

Both work in batches of candidates with one query for the claimed units and one for the
candidates' achieved units per batch, and write with bulk inserts, so a claim of thousands of
candidates costs a few queries per few hundred candidates rather than several per candidate.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.permissions import require_operations
from audit.actions import record
from audit.models import AuditEvent
from candidates.models import AchievedUnit, Award
from catalogue import rules as rules_engine
from catalogue.models import Unit
from certificates import actions as certificate_actions
from certificates.models import Certificate
from claims import outcomes, transitions
from claims.models import Claim, ClaimCandidate, ClaimedUnit, ClaimStatus
from common.errors import Conflict, DomainError, NotFound
from common.wording import count

from ..reminders import notify_results_published
from .awards import Held, award_grade, grader

#: Candidates handled per batch: few enough that every query's parameter list stays well under
#: SQLite's limit, many enough that a large claim needs few round trips.
BATCH_SIZE = 500

BEING_PROCESSED = "Another worker is processing this claim or another of its centre"

NOTHING_TO_PROCESS = (
    "Every unit on this claim was withdrawn or not accepted: it stays Finalised and has no results"
)


@dataclass
class RecordedResults:
    """What processing a claim wrote."""

    claim: Claim
    published_at: datetime
    achieved: list[AchievedUnit] = field(default_factory=list)
    already_achieved: int = 0
    awards: list[Award] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)
    candidates: int = 0


def _lock(claim_id: int) -> Claim:
    try:
        return transitions.lock(claim_id)
    except Claim.DoesNotExist:
        raise NotFound("Claim not found", field="claim") from None


def has_counting_units(claim: Claim) -> bool:
    """Whether processing has anything to do for the claim, now or once a malpractice case is
    closed: a claim whose only results are held is processed, and the held ones follow."""
    return ClaimedUnit.objects.filter(
        outcomes.publishes_filter() | outcomes.held_filter(), claim_candidate__claim=claim
    ).exists()


def _batches(ids: Sequence[int], size: int = BATCH_SIZE) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _unit_numbers(numbers: Sequence[int]) -> str:
    listed = [str(n) for n in sorted(numbers)]
    if len(listed) == 1:
        return f"unit {listed[0]}"
    return f"units {', '.join(listed[:-1])} and {listed[-1]}"


def record_results(
    *,
    claim_id: int,
    acting_user: User | None,
    at: datetime | None = None,
    candidate_ids: Sequence[int] | None = None,
) -> RecordedResults:
    """Record the results of a claim that has just become Processed.

    Must run inside the caller's transaction; the claim's row is locked until it ends.
    Each unit whose outcome publishes (`claims.outcomes`: accepted, amended, or left undecided
    and so accepted as claimed; never withdrawn, not accepted or held for malpractice) becomes
    an achieved unit with the grade the outcome gives (the amended grade when amended),
    published after `settings.RESULTS_DELAY`. A unit the candidate has already achieved stays
    as it was. Then the rules of combination are checked for every candidate on the claim
    against all their achieved units of the qualification, and a full award is issued, once,
    to each candidate who now meets them; it is published with the results. `candidate_ids`
    limits it to those candidates (one released from a malpractice case after the claim was
    processed).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("results.actions.record_results must run inside a transaction")
    claim = _lock(claim_id)
    if claim.status != ClaimStatus.PROCESSED:
        raise Conflict(
            f"Only a Processed claim has results; this claim is {claim.get_status_display()}",
            code="not_processed",
        )
    now = at or timezone.now()
    published_at = now + settings.RESULTS_DELAY
    outcome = RecordedResults(claim=claim, published_at=published_at)
    qualification = claim.qualification
    units: dict[int, Unit] = {u.pk: u for u in Unit.objects.filter(qualification=qualification)}
    compiled = grader(qualification)
    on_claim = ClaimCandidate.objects.filter(claim=claim, withdrawn=False, malpractice=False)
    if candidate_ids is not None:
        on_claim = on_claim.filter(candidate_id__in=list(candidate_ids))
    candidate_ids = list(on_claim.order_by("candidate_id").values_list("candidate_id", flat=True))
    events: list[AuditEvent] = []
    for batch in _batches(candidate_ids):
        _record_batch(
            claim=claim,
            batch=batch,
            units=units,
            compiled=compiled,
            now=now,
            published_at=published_at,
            acting_user=acting_user,
            outcome=outcome,
            events=events,
        )
    AuditEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)
    outcome.candidates = len({a.candidate_id for a in outcome.achieved})
    record(
        actor=acting_user,
        centre=claim.centre,
        action="results.recorded",
        obj=claim,
        summary=(
            f"Results recorded: {count(len(outcome.achieved), 'unit')} achieved by "
            f"{count(outcome.candidates, 'candidate')}, "
            f"{count(len(outcome.awards), 'full award')}; "
            f"published {timezone.localtime(published_at):%d/%m/%Y %H:%M}"
        ),
        changes={
            "achieved_units": len(outcome.achieved),
            "already_achieved": outcome.already_achieved,
            "awards": len(outcome.awards),
            "published_at": published_at.isoformat(),
        },
    )
    return outcome


def published_units(claim: Claim, candidate_ids: Sequence[int]) -> list[tuple[int, int, str, str]]:
    """What the claim publishes for these candidates, in one query: (candidate, unit, grade,
    awarding body) for each claimed unit whose outcome publishes a result (`outcomes`), none
    for a candidate withdrawn from the claim."""
    rows = ClaimedUnit.objects.filter(
        claim_candidate__claim=claim, claim_candidate__candidate_id__in=candidate_ids
    ).values_list(
        "claim_candidate__candidate_id",
        "unit_id",
        "state",
        "grade",
        "original_grade",
        "awarding_body",
        "claim_candidate__malpractice",
        "claim_candidate__withdrawn",
    )
    published = []
    for candidate_id, unit_id, state, grade, original, body, held, withdrawn in rows:
        decided = outcomes.outcome_of(
            state=state, grade=grade, original_grade=original, awarding_body=body, held=held
        )
        if decided.publishes and not withdrawn:
            published.append((candidate_id, unit_id, decided.grade, body))
    return published


def _record_batch(
    *,
    claim: Claim,
    batch: Sequence[int],
    units: dict[int, Unit],
    compiled: rules_engine.Grader,
    now: datetime,
    published_at: datetime,
    acting_user: User | None,
    outcome: RecordedResults,
    events: list[AuditEvent],
) -> None:
    claimed = published_units(claim, batch)
    # Per candidate: every unit of the qualification held, whether from another body, and its
    # grade.
    held: dict[int, dict[int, Held]] = defaultdict(dict)
    for candidate_id, unit_id, other_ab, achieved_grade in AchievedUnit.objects.filter(
        candidate_id__in=batch, unit__qualification_id=claim.qualification_id
    ).values_list("candidate_id", "unit_id", "other_awarding_body", "grade"):
        held[candidate_id][unit_id] = (bool(other_ab), achieved_grade)

    new: list[AchievedUnit] = []
    for candidate_id, unit_id, grade, awarding_body in claimed:
        if unit_id in held[candidate_id]:
            outcome.already_achieved += 1
            continue
        held[candidate_id][unit_id] = (bool(awarding_body), grade)
        new.append(
            AchievedUnit(
                candidate_id=candidate_id,
                unit_id=unit_id,
                claim=claim,
                grade=grade,
                other_awarding_body=awarding_body,
                achieved_at=now,
                published_at=published_at,
            )
        )
    # The unique constraint on (candidate, unit) backs the check above. Two claims of one
    # candidate cannot race here: locking a claim also locks its centre's row (every claim of a
    # candidate is their centre's), so they are processed in turn; were they ever not, this
    # transaction would fail whole and the claim stay Finalised for the next run.
    AchievedUnit.objects.bulk_create(new, batch_size=BATCH_SIZE)
    outcome.achieved.extend(new)

    awarded = set(
        Award.objects.standing()
        .filter(candidate_id__in=batch, qualification_id=claim.qualification_id)
        .values_list("candidate_id", flat=True)
    )
    awards: list[Award] = []
    for candidate_id in batch:
        if candidate_id in awarded or not held[candidate_id]:
            continue
        earned = award_grade(compiled, units, held[candidate_id])
        if earned is not None:
            awards.append(
                Award(
                    candidate_id=candidate_id,
                    qualification_id=claim.qualification_id,
                    claim=claim,
                    grade=earned,
                    issued_at=now,
                    published_at=published_at,
                )
            )
    Award.objects.bulk_create(awards, batch_size=BATCH_SIZE)
    outcome.awards.extend(awards)
    # Every full award its certificate, and units without one a unit certificate.
    outcome.certificates.extend(
        certificate_actions.issue_for_results(
            claim=claim,
            candidate_ids=batch,
            acting_user=acting_user,
            at=now,
            published_at=published_at,
        )
    )

    events.extend(_events(claim, new, awards, units, published_at, acting_user))


def _events(
    claim: Claim,
    achieved: list[AchievedUnit],
    awards: list[Award],
    units: dict[int, Unit],
    published_at: datetime,
    acting_user: User | None,
) -> Iterator[AuditEvent]:
    """One audit event per candidate whose results this claim adds, and one per award.

    Built for one bulk insert: `audit.actions.record` writes a row per call, which for a claim of
    thousands of candidates would be thousands of round trips in the processing transaction.
    """
    published = f"{timezone.localtime(published_at):%d/%m/%Y %H:%M}"
    by_candidate: dict[int, list[AchievedUnit]] = defaultdict(list)
    for achieved_unit in achieved:
        by_candidate[achieved_unit.candidate_id].append(achieved_unit)
    for candidate_id, rows in by_candidate.items():
        numbers = sorted(units[row.unit_id].number for row in rows)
        yield AuditEvent(
            actor=acting_user,
            centre_id=claim.centre_id,
            action="results.units_achieved",
            object_type="candidates.candidate",
            object_id=str(candidate_id),
            summary=(
                f"{_unit_numbers(numbers).capitalize()} of {claim.qualification.code} achieved "
                f"in claim {claim.claim_number or claim.pk}; published {published}"
            ),
            changes={
                "claim": claim.pk,
                "claim_number": claim.claim_number,
                "qualification": claim.qualification.code,
                "units": numbers,
                "published_at": published_at.isoformat(),
            },
        )
    for award in awards:
        yield AuditEvent(
            actor=acting_user,
            centre_id=claim.centre_id,
            action="award.issued",
            object_type=Award._meta.label_lower,
            object_id=str(award.pk),
            summary=(
                f"Full award {claim.qualification.code}"
                f"{f' at {award.grade}' if award.grade else ''} issued after claim "
                f"{claim.claim_number or claim.pk}; published {published}"
            ),
            changes={
                "candidate": award.candidate_id,
                "qualification": claim.qualification.code,
                "grade": award.grade,
                "claim": claim.pk,
                "published_at": published_at.isoformat(),
            },
        )


def process_claim(
    *, claim_id: int, acting_user: User | None, skip_locked: bool = False
) -> RecordedResults:
    """Move a Finalised claim to Processed and record its results, in one transaction.

    `acting_user` is an awarding body operations user, or None for the processing job. A claim
    whose every unit was withdrawn or not accepted stays Finalised: it has no results. With
    `skip_locked` (workers going down the same list) a claim another worker holds, or one of
    the same centre, is refused at once (`Conflict`, code "locked") instead of waited for.
    """
    if acting_user is not None:
        require_operations(acting_user)
    with transaction.atomic():
        if skip_locked:
            free = transitions.lock_if_free(claim_id)
            if free is None:
                raise Conflict(BEING_PROCESSED, code="locked")
            claim = free
        else:
            claim = _lock(claim_id)
        if claim.status == ClaimStatus.FINALISED and not has_counting_units(claim):
            raise Conflict(NOTHING_TO_PROCESS, code="nothing_to_process")
        transitions.move(
            claim,
            to=ClaimStatus.PROCESSED,
            acting_user=acting_user,
            summary="Claim processed; results recorded",
        )
        return record_results(claim_id=claim.pk, acting_user=acting_user, at=claim.processed_at)


def process_one_claim(*, claim_id: int, acting_user: User) -> Claim:
    """Operations process one claim from Claims to process (`process_claim`); the centre is told
    at once when its results are published straight away."""
    require_operations(acting_user)
    recorded = process_claim(claim_id=claim_id, acting_user=acting_user)
    notify_results_published(claim_id)
    return recorded.claim


@dataclass
class ProcessingReport:
    """What operations' processing did: the claims processed, and those refused with why."""

    processed: list[Claim] = field(default_factory=list)
    refused: list[tuple[Claim, str]] = field(default_factory=list)


def process_claims(*, claim_ids: Iterable[int], acting_user: User) -> ProcessingReport:
    """Process Finalised claims one by one, each in its own transaction (`process_claim`).

    A claim that cannot be processed (every unit withdrawn, or already processed) is reported
    and the others go on. When results are published at once the centre is told straight away;
    otherwise the periodic check tells it when they are.
    """
    require_operations(acting_user)
    report = ProcessingReport()
    for claim in (
        Claim.objects.filter(pk__in=list(claim_ids))
        .select_related("centre", "qualification")
        .order_by("finalised_at", "claim_number")
    ):
        try:
            process_one_claim(claim_id=claim.pk, acting_user=acting_user)
        except DomainError as error:
            report.refused.append((claim, error.message))
        else:
            report.processed.append(claim)
    return report
