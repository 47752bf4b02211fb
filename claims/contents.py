"""What is on a claim, read once and shared by the grid, the checks and the progress section.

View claim shows the grid, the checks before submitting and each candidate's progress to the
full award; all three need the same candidates and claimed units. A claim of 1,000 candidates
and 80 units has 80,000 claimed units, so they are not read as 80,000 rows: the database groups
them into one short string of numbers per candidate (`common.db.IntegerList`), and each number
carries the unit number and what the pages need to know about that claimed unit (see `Flag`).

The claim passed in must come from `claims.selectors.get_claim` (or be locked by an action).
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import (
    Case,
    Expression,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)

from candidates.models import AchievedUnit
from catalogue import rules as rules_engine
from catalogue import structure_cache
from catalogue.models import Qualification, Unit
from catalogue.selectors import engine_rules
from common.db import IntegerList, parse_integers

from .models import CentreAssessor, Claim, ClaimCandidate, ClaimedUnit, UnitState
from .outcomes import GRADE_LETTERS, UnitOutcome, outcome_of


class Flag:
    """What a claimed unit is, besides its number: bits of the value kept for each unit.

    Plain integers rather than an `enum.IntFlag`, whose operators cost a call each: the pages
    test them for every cell of the largest claims.
    """

    #: From another awarding body: "T" on the grid.
    TRANSFERRED = 1
    #: Not accepted by the examiner-moderator: it will not become a result.
    NOT_COUNTING = 2
    #: Its centre assessor is not one of this qualification's at the centre.
    NO_ASSESSOR = 4
    #: Above these, the unit's state (its index in `STATES`) and its grade (its index in
    #: `GRADES`, 0 for ungraded or any other grade): what `claims.outcomes` needs for its code.
    STATE_SHIFT = 3
    GRADE_SHIFT = 6


#: The states and grades as the database numbers them in a unit's value (see `Flag`).
STATES: tuple[str, ...] = tuple(UnitState.values)
GRADES: tuple[str, ...] = ("", *GRADE_LETTERS)

_SHIFT = 9  # bits used by Flag, with the state and the grade


def grade_of(flags: int) -> str:
    """A claimed unit's "assessed as" grade from its `Flag` bits ("" for an ungraded unit)."""
    return GRADES[(flags >> Flag.GRADE_SHIFT) & 7]


def unit_outcome(flags: int, *, held: bool) -> UnitOutcome:
    """The outcome of a claimed unit from its `Flag` bits (its reason is not among them)."""
    return outcome_of(
        state=STATES[(flags >> Flag.STATE_SHIFT) & 7],
        grade=GRADES[(flags >> Flag.GRADE_SHIFT) & 7],
        awarding_body="T" if flags & Flag.TRANSFERRED else "",
        held=held,
    )


@dataclass(frozen=True)
class CandidateOnClaim:
    """One candidate on the claim: `units` maps each claimed unit number to its `Flag` bits.

    Candidates whose units came back from the database alike (as those with the same claimed
    units usually do) have the same `key` and share one `units` dict (read it, never change
    it), so work that depends only on the units can be done once per key.
    """

    claim_candidate_id: int
    candidate_id: int
    first_name: str
    last_name: str
    number: str
    withdrawn: bool
    #: Held for malpractice: every unit of theirs on the claim is held.
    held: bool
    units: dict[int, int]
    key: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def numbers(self) -> list[int]:
        """The claimed unit numbers in order."""
        return list(self.units)


@dataclass
class ClaimContents:
    """The claim's candidates in grid order (surname, first name, number) with their units.

    The qualification's units, rules and grading rules are read on first use, once for every
    part of the page (and once a process for each version of them: `structure_cache`).
    """

    claim: Claim
    candidates: tuple[CandidateOnClaim, ...]

    def __iter__(self) -> Iterator[CandidateOnClaim]:
        return iter(self.candidates)

    def __len__(self) -> int:
        return len(self.candidates)

    @property
    def total_claimed_units(self) -> int:
        return sum(len(candidate.units) for candidate in self.candidates)

    @property
    def candidate_ids(self) -> QuerySet[ClaimCandidate, Any]:
        """The ids of the candidates on the claim, as a subquery for reading their records."""
        return ClaimCandidate.objects.filter(claim=self.claim).values("candidate_id")

    @cached_property
    def _qualification(self) -> Qualification:
        qualification = self.claim.qualification
        structure_cache.prime(qualification)
        return qualification

    @cached_property
    def units_by_number(self) -> dict[int, Unit]:
        return {unit.number: unit for unit in self._qualification.units.all()}

    @cached_property
    def achieved(self) -> list[tuple[int, int, int, str, str]]:
        """The candidates' achieved units of this qualification, from any claim:
        (candidate id, unit number, claim id, other awarding body, grade)."""
        return list(
            AchievedUnit.objects.filter(
                candidate_id__in=self.candidate_ids,
                unit__qualification_id=self.claim.qualification_id,
            ).values_list(
                "candidate_id", "unit__number", "claim_id", "other_awarding_body", "grade"
            )
        )

    @cached_property
    def achieved_by_candidate(self) -> dict[int, dict[int, bool]]:
        """Unit numbers each candidate has achieved, and whether with another awarding body."""
        found: dict[int, dict[int, bool]] = defaultdict(dict)
        for candidate_id, number, _claim_id, other_awarding_body, _grade in self.achieved:
            held = found[candidate_id]
            held[number] = held.get(number, True) and bool(other_awarding_body)
        return dict(found)

    @cached_property
    def rules(self) -> list[rules_engine.Rule]:
        return engine_rules(self._qualification)

    @cached_property
    def engine(self) -> rules_engine.Engine:
        return rules_engine.engine_for(self.rules)

    @cached_property
    def _evaluations(self) -> dict[tuple[rules_engine.UnitFact, ...], rules_engine.Evaluation]:
        return {}

    def evaluate(self, facts: tuple[rules_engine.UnitFact, ...]) -> rules_engine.Evaluation:
        """The rules engine's answer for these units, worked out once per page: the checks and
        the progress section ask about the same candidates."""
        evaluation = self._evaluations.get(facts)
        if evaluation is None:
            evaluation = self._evaluations[facts] = self.engine.evaluate(facts)
        return evaluation


def claim_contents(claim: Claim) -> ClaimContents:
    """Every candidate on the claim with their claimed units, in two queries."""
    assessors = list(
        CentreAssessor.objects.filter(
            centre_id=claim.centre_id, qualifications=claim.qualification_id
        ).values_list("pk", flat=True)
    )
    return ClaimContents(claim=claim, candidates=_candidates(claim, assessors=assessors))


def claimed_unit_numbers(claim: Claim) -> list[int]:
    """The unit numbers claimed for anyone on the claim, in order: the grid's columns."""
    return list(
        ClaimedUnit.objects.filter(claim_candidate__claim=claim)
        .values_list("unit__number", flat=True)
        .distinct()
        .order_by("unit__number")
    )


#: Candidates read per query when a claim is read in batches (see `candidate_batches`).
BATCH_SIZE = 500


def candidate_batches(
    claim: Claim, size: int | None = None
) -> Iterator[tuple[CandidateOnClaim, ...]]:
    """The claim's candidates in grid order, `size` at a time, one query per batch.

    Each batch is its own short query, continuing after the last candidate of the one before
    (surname, first name, candidate number: candidate numbers are unique), so memory stays the
    same however many candidates the claim has and no cursor stays open between batches. The
    `Flag.NO_ASSESSOR` bit is not worked out here. A claim in progress that is changed while
    it is read shows each batch as it was when that batch was read.
    """
    size = size or BATCH_SIZE
    after: tuple[str, str, str] | None = None
    while True:
        batch = _candidates(claim, assessors=None, after=after, limit=size)
        if batch:
            yield batch
        if len(batch) < size:
            return
        last = batch[-1]
        after = (last.last_name, last.first_name, last.number)


# Each candidate's row, and the grid's order: surname, first name, then the unique number.
_FIELDS = (
    "pk",
    "candidate_id",
    "candidate__first_name",
    "candidate__last_name",
    "candidate__number",
    "withdrawn",
    "malpractice",
)
_ORDER = ("candidate__last_name", "candidate__first_name", "candidate__number")


def _state_and_grade_bits(claim: Claim) -> Expression:
    """`Flag.NOT_COUNTING`, the state bits where the grid shows them, and the grade bits, of
    each unit's value, each a single CASE the database stops early in (the commonest first).

    A claim in progress has no outcome yet (its units read as claimed; "T" comes from
    `Flag.TRANSFERRED`), so it needs no state bits. Every claim carries its units' grades: the
    progress section grades a graded qualification's candidates by them, whether or not the
    grid shows grade letters (`RowCodes.grade_letters` decides that).
    """
    counting = UnitState.counting()
    if claim.is_draft:
        bits: Expression = Case(
            When(units__state__in=counting, then=Value(0)), default=Value(Flag.NOT_COUNTING)
        )
    else:
        common = (UnitState.ACCEPTED, UnitState.CLAIMED)
        order = [*common, *(state for state in STATES if state not in common)]
        bits = Case(
            *(
                When(
                    units__state=state,
                    then=Value(
                        (STATES.index(state) << Flag.STATE_SHIFT)
                        | (0 if state in counting else Flag.NOT_COUNTING)
                    ),
                )
                for state in order
            ),
            default=Value(Flag.NOT_COUNTING),
        )
    return bits + Case(
        When(units__grade="", then=Value(0)),
        *(
            When(units__grade=grade, then=Value(i << Flag.GRADE_SHIFT))
            for i, grade in enumerate(GRADES)
            if i
        ),
        default=Value(0),
    )


def _candidates(
    claim: Claim,
    *,
    assessors: list[int] | None,
    after: tuple[str, str, str] | None = None,
    limit: int | None = None,
) -> tuple[CandidateOnClaim, ...]:
    """The candidates on the claim with their units' numbers and flags, one query.

    `assessors`: the centre assessors a unit may have; None leaves `Flag.NO_ASSESSOR` unset.
    `after` and `limit` read one batch in grid order (see `candidate_batches`).
    """
    if assessors is None:
        no_assessor: Expression = Value(0)
    elif assessors:
        no_assessor = Case(
            When(units__assessor_id__in=assessors, then=Value(0)),
            default=Value(Flag.NO_ASSESSOR),
        )
    else:
        no_assessor = Value(Flag.NO_ASSESSOR)
    value = (
        F("units__unit__number") * (1 << _SHIFT)
        + Case(
            When(units__awarding_body="", then=Value(0)),
            default=Value(Flag.TRANSFERRED),
        )
        + _state_and_grade_bits(claim)
        + no_assessor
    )
    on_claim = ClaimCandidate.objects.filter(claim=claim)
    if after is not None or limit is not None:
        # Choose the batch's candidates first, so that only their units are grouped.
        batch = on_claim
        if after is not None:
            last_name, first_name, number = after
            batch = batch.filter(
                Q(candidate__last_name__gt=last_name)
                | Q(candidate__last_name=last_name, candidate__first_name__gt=first_name)
                | Q(
                    candidate__last_name=last_name,
                    candidate__first_name=first_name,
                    candidate__number__gt=number,
                )
            )
        on_claim = on_claim.filter(pk__in=batch.order_by(*_ORDER).values("pk")[:limit])
    rows = (
        on_claim.values(*_FIELDS)
        .annotate(codes=IntegerList(ExpressionWrapper(value, output_field=IntegerField())))
        .order_by(*_ORDER)
        .values_list(*_FIELDS, "codes")
    )
    mask = (1 << _SHIFT) - 1
    parsed: dict[str, dict[int, int]] = {}

    def units(codes: str) -> dict[int, int]:
        found = parsed.get(codes)
        if found is None:
            found = parsed[codes] = {
                code >> _SHIFT: code & mask for code in sorted(parse_integers(codes))
            }
        return found

    return tuple(
        CandidateOnClaim(
            claim_candidate_id=pk,
            candidate_id=candidate_id,
            first_name=first,
            last_name=last,
            number=number,
            withdrawn=withdrawn,
            held=held,
            units=units(codes or ""),
            key=codes or "",
        )
        for pk, candidate_id, first, last, number, withdrawn, held, codes in rows
    )
