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

from django.db.models import Case, ExpressionWrapper, F, IntegerField, Value, When

from catalogue import rules as rules_engine
from catalogue.models import Unit
from catalogue.selectors import engine_rules
from common.db import IntegerList, parse_integers
from results.models import AchievedUnit

from .models import COUNTING_STATES, CentreAssessor, Claim, ClaimCandidate


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


_SHIFT = 3  # bits used by Flag


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

    The qualification's units and rules are read on first use, once for every part of the page.
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

    @cached_property
    def units_by_number(self) -> dict[int, Unit]:
        return {
            unit.number: unit
            for unit in Unit.objects.filter(qualification_id=self.claim.qualification_id)
        }

    @cached_property
    def achieved(self) -> list[tuple[int, int, int, str]]:
        """The candidates' achieved units of this qualification, from any claim:
        (candidate id, unit number, claim id, other awarding body)."""
        candidate_ids = ClaimCandidate.objects.filter(claim=self.claim).values("candidate_id")
        return list(
            AchievedUnit.objects.filter(
                candidate_id__in=candidate_ids, unit__qualification_id=self.claim.qualification_id
            ).values_list("candidate_id", "unit__number", "claim_id", "other_awarding_body")
        )

    @cached_property
    def achieved_by_candidate(self) -> dict[int, dict[int, bool]]:
        """Unit numbers each candidate has achieved, and whether with another awarding body."""
        found: dict[int, dict[int, bool]] = defaultdict(dict)
        for candidate_id, number, _claim_id, other_awarding_body in self.achieved:
            held = found[candidate_id]
            held[number] = held.get(number, True) and bool(other_awarding_body)
        return dict(found)

    @cached_property
    def rules(self) -> list[rules_engine.Rule]:
        return engine_rules(self.claim.qualification)

    @cached_property
    def engine(self) -> rules_engine.Engine:
        return rules_engine.engine_for(self.rules)

    @cached_property
    def evaluations(self) -> dict[tuple[rules_engine.UnitFact, ...], rules_engine.Evaluation]:
        """The engine's answers so far, by the units judged (see `evaluate`)."""
        return {}

    def evaluate(self, facts: tuple[rules_engine.UnitFact, ...]) -> rules_engine.Evaluation:
        """The rules engine's answer for these units, worked out once per page: the checks and
        the progress section ask about the same candidates."""
        evaluation = self.evaluations.get(facts)
        if evaluation is None:
            evaluation = self.evaluations[facts] = self.engine.evaluate(facts)
        return evaluation


def claim_contents(claim: Claim) -> ClaimContents:
    """Every candidate on the claim with their claimed units, in two queries."""
    assessors = list(
        CentreAssessor.objects.filter(
            centre_id=claim.centre_id, qualifications=claim.qualification_id
        ).values_list("pk", flat=True)
    )
    no_assessor = (
        Case(
            When(units__assessor_id__in=assessors, then=Value(0)),
            default=Value(Flag.NO_ASSESSOR),
        )
        if assessors
        else Value(Flag.NO_ASSESSOR)
    )
    value = (
        F("units__unit__number") * (1 << _SHIFT)
        + Case(
            When(units__awarding_body="", then=Value(0)),
            default=Value(Flag.TRANSFERRED),
        )
        + Case(
            When(units__state__in=COUNTING_STATES, then=Value(0)),
            default=Value(Flag.NOT_COUNTING),
        )
        + no_assessor
    )
    rows = (
        ClaimCandidate.objects.filter(claim=claim)
        .values(
            "pk",
            "candidate_id",
            "candidate__first_name",
            "candidate__last_name",
            "candidate__number",
            "withdrawn",
        )
        .annotate(codes=IntegerList(ExpressionWrapper(value, output_field=IntegerField())))
        .order_by("candidate__last_name", "candidate__first_name", "candidate__number")
        .values_list(
            "pk",
            "candidate_id",
            "candidate__first_name",
            "candidate__last_name",
            "candidate__number",
            "withdrawn",
            "codes",
        )
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

    candidates = tuple(
        CandidateOnClaim(
            claim_candidate_id=pk,
            candidate_id=candidate_id,
            first_name=first,
            last_name=last,
            number=number,
            withdrawn=withdrawn,
            units=units(codes or ""),
            key=codes or "",
        )
        for pk, candidate_id, first, last, number, withdrawn, codes in rows
    )
    return ClaimContents(claim=claim, candidates=candidates)
