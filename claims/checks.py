"""Checks before submitting: everything that would stop or spoil a claim, listed on View claim.

Blocking checks stop submission (`submit_claim` runs them again under the claim's lock);
warnings are for the centre to judge. All checks of a claim take a fixed number of queries,
however many candidates and units it has.

The claim passed in must come from `claims.selectors.get_claim` (or be locked by an action).
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from candidates.models import EntryType, NamedEntry
from candidates.selectors import unnamed_balance
from catalogue import rules as rules_engine
from catalogue.selectors import engine_rules
from results.models import AchievedUnit

from .models import CentreAssessor, Claim, ClaimCandidate, ClaimedUnit, ClaimStatus, UnitState


class Level(StrEnum):
    BLOCKING = "blocking"
    WARNING = "warning"


@dataclass(frozen=True)
class CheckCandidate:
    """The candidate a check is about, to name them and link to their claim."""

    number: str
    name: str

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"


@dataclass(frozen=True)
class Check:
    """One thing found before submitting: blocking ones stop submission."""

    level: Level
    message: str
    candidate: CheckCandidate | None = None

    @property
    def blocking(self) -> bool:
        return self.level == Level.BLOCKING


@dataclass(frozen=True)
class ClaimChecks:
    """Every check of a claim, blocking ones first, and what it takes from unnamed entries."""

    items: tuple[Check, ...]
    unnamed_needed: int = 0
    unnamed_balance: int = 0
    unnamed_units: dict[int, list[int]] = field(default_factory=dict)

    @property
    def blocking(self) -> list[Check]:
        return [check for check in self.items if check.blocking]

    @property
    def warnings(self) -> list[Check]:
        return [check for check in self.items if not check.blocking]

    @property
    def can_submit(self) -> bool:
        return not self.blocking

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self) -> Iterator[Check]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def unnamed_shortfall_message(code: str, balance: int, needed: int) -> str:
    more = needed - balance
    entries = _plural(more, "unnamed unit entry", "unnamed unit entries")
    return (
        f"The centre needs {more} more {entries} for {code}: it has {max(balance, 0)} "
        f"and this claim uses {needed}"
    )


@dataclass
class _Unit:
    unit_id: int
    number: int
    credits: int
    level: int
    other_ab: bool


def claim_checks(claim: Claim) -> ClaimChecks:
    """The checks of a claim in progress (a submitted claim has nothing left to check)."""
    if claim.status != ClaimStatus.DRAFT:
        return ClaimChecks(items=())
    qualification = claim.qualification
    code = qualification.code
    on_claim = ClaimCandidate.objects.filter(claim=claim)
    candidate_ids = on_claim.values("candidate_id")

    people: dict[int, CheckCandidate] = {
        candidate_id: CheckCandidate(number=number, name=f"{first} {last}")
        for candidate_id, first, last, number in on_claim.order_by(
            "candidate__last_name", "candidate__first_name", "candidate__number"
        ).values_list(
            "candidate_id", "candidate__first_name", "candidate__last_name", "candidate__number"
        )
    }
    if not people:
        return ClaimChecks(
            items=(
                Check(
                    Level.BLOCKING,
                    "There is no candidate on this claim: add a candidate before submitting",
                ),
            )
        )

    claimed: dict[int, list[_Unit]] = defaultdict(list)
    assessor_of: dict[tuple[int, int], int] = {}
    for candidate_id, unit_id, number, credits, level, awarding_body, assessor_id in (
        ClaimedUnit.objects.filter(claim_candidate__claim=claim)
        .order_by("unit__number")
        .values_list(
            "claim_candidate__candidate_id",
            "unit_id",
            "unit__number",
            "unit__credits",
            "unit__level",
            "awarding_body",
            "assessor_id",
        )
    ):
        claimed[candidate_id].append(_Unit(unit_id, number, credits, level, bool(awarding_body)))
        assessor_of[(candidate_id, unit_id)] = assessor_id

    entries = dict(
        NamedEntry.objects.filter(
            qualification=qualification, candidate_id__in=candidate_ids
        ).values_list("candidate_id", "entry_type")
    )
    entered_units: dict[int, set[int]] = defaultdict(set)
    for candidate_id, unit_id in NamedEntry.units.through.objects.filter(
        namedentry__qualification=qualification, namedentry__candidate_id__in=candidate_ids
    ).values_list("namedentry__candidate_id", "unit_id"):
        entered_units[candidate_id].add(unit_id)
    assessors = set(
        CentreAssessor.objects.filter(
            centre_id=claim.centre_id, qualifications=qualification
        ).values_list("pk", flat=True)
    )
    achieved: dict[int, list[_Unit]] = defaultdict(list)
    for candidate_id, unit_id, number, credits, level, other_ab in AchievedUnit.objects.filter(
        candidate_id__in=candidate_ids, unit__qualification=qualification
    ).values_list(
        "candidate_id",
        "unit_id",
        "unit__number",
        "unit__credits",
        "unit__level",
        "other_awarding_body",
    ):
        achieved[candidate_id].append(_Unit(unit_id, number, credits, level, bool(other_ab)))
    pending: dict[tuple[int, int], int | None] = {
        (candidate_id, unit_id): claim_number
        for candidate_id, unit_id, claim_number in ClaimedUnit.objects.filter(
            claim_candidate__claim__centre_id=claim.centre_id,
            claim_candidate__claim__qualification=qualification,
            claim_candidate__claim__status__in=[ClaimStatus.SUBMITTED, ClaimStatus.FINALISED],
            claim_candidate__candidate_id__in=candidate_ids,
            claim_candidate__withdrawn=False,
        )
        .exclude(state=UnitState.NOT_ACCEPTED)
        .values_list(
            "claim_candidate__candidate_id", "unit_id", "claim_candidate__claim__claim_number"
        )
    }
    rules = engine_rules(qualification)
    barred_sets = [set(rule.units) for rule in rules if rule.kind == rules_engine.RuleKind.BARRED]
    engine = rules_engine.engine_for(rules) if barred_sets else None

    blocking: list[Check] = []
    warnings: list[Check] = []
    unnamed_units: dict[int, list[int]] = {}
    # Candidates often claim the same units; each different set is evaluated once.
    evaluations: dict[tuple[rules_engine.UnitFact, ...], rules_engine.Evaluation] = {}
    for candidate_id, person in people.items():
        units = claimed.get(candidate_id, [])
        entry_type = entries.get(candidate_id)
        achieved_ids = {u.unit_id for u in achieved.get(candidate_id, [])}
        for unit in units:
            if assessor_of[(candidate_id, unit.unit_id)] not in assessors:
                blocking.append(
                    Check(
                        Level.BLOCKING,
                        f"Unit {unit.number} for {person.name} has no centre assessor set up "
                        f"for {code}: choose one of the qualification's centre assessors",
                        person,
                    )
                )
            if entry_type == EntryType.UNITS and unit.unit_id not in entered_units[candidate_id]:
                blocking.append(
                    Check(
                        Level.BLOCKING,
                        f"{person.name} is not entered for unit {unit.number}: make a unit "
                        "entry for it or remove it from the claim",
                        person,
                    )
                )
            if unit.unit_id in achieved_ids:
                blocking.append(
                    Check(
                        Level.BLOCKING,
                        f"{person.name} has already achieved unit {unit.number}: remove it "
                        "from the claim",
                        person,
                    )
                )
            elif (candidate_id, unit.unit_id) in pending:
                other_claim = pending[(candidate_id, unit.unit_id)]
                warnings.append(
                    Check(
                        Level.WARNING,
                        f"Unit {unit.number} for {person.name} is already on claim {other_claim}, "
                        "which is not processed yet",
                        person,
                    )
                )
        if entry_type is None and units:
            unnamed_units[candidate_id] = [unit.unit_id for unit in units]
        if engine is not None and units:
            warnings.extend(
                _barred_checks(
                    engine,
                    barred_sets,
                    person,
                    units,
                    achieved.get(candidate_id, []),
                    evaluations,
                )
            )
    needed = sum(len(ids) for ids in unnamed_units.values())
    balance = unnamed_balance(centre=claim.centre, qualification=qualification) if needed else 0
    if needed > balance:
        blocking.insert(0, Check(Level.BLOCKING, unnamed_shortfall_message(code, balance, needed)))
    return ClaimChecks(
        items=(*blocking, *warnings),
        unnamed_needed=needed,
        unnamed_balance=balance,
        unnamed_units=unnamed_units,
    )


def _barred_checks(
    engine: rules_engine.Engine,
    barred_sets: list[set[int]],
    person: CheckCandidate,
    units: list[_Unit],
    achieved: list[_Unit],
    cache: dict[tuple[rules_engine.UnitFact, ...], rules_engine.Evaluation],
) -> list[Check]:
    """A warning for the barred combinations that involve a unit on this claim, if any."""
    held = [*achieved, *units]
    claimed_numbers = {unit.number for unit in units}
    numbers = {unit.number for unit in held}
    # Most candidates hold no barred combination; only they are worth the engine's time.
    if not any(len(barred & numbers) > 1 for barred in barred_sets):
        return []
    facts = tuple(
        rules_engine.UnitFact(u.number, u.credits, u.level, u.other_ab)
        for u in sorted(held, key=lambda u: (u.number, u.other_ab))
    )
    evaluation = cache.get(facts)
    if evaluation is None:
        evaluation = cache[facts] = engine.evaluate(facts)
    sentences = [
        shortfall.sentence
        for shortfall in evaluation.shortfalls
        if shortfall.kind == rules_engine.RuleKind.BARRED
        and claimed_numbers & set(shortfall.barred_units)
    ]
    if not sentences:
        return []
    # One warning per candidate, however many barred combinations they hold.
    return [Check(Level.WARNING, f"{person.name}: {'; '.join(sentences)}", person)]
