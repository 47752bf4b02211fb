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

from django.conf import settings

from candidates.models import EntryType, NamedEntry
from candidates.selectors import unnamed_balance
from catalogue import rules as rules_engine

from .contents import CandidateOnClaim, ClaimContents, Flag, claim_contents
from .models import Claim, ClaimedUnit, ClaimStatus, UnitState


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


def not_approved_message(code: str) -> str:
    return f"Your centre is no longer approved for {code}"


def no_moderator_message(code: str) -> str:
    return (
        f"No {settings.AWARDING_BODY_NAME} Assessor is assigned to your centre for {code} yet: "
        f"contact {settings.AWARDING_BODY_NAME}"
    )


def unnamed_shortfall_message(code: str, balance: int, needed: int) -> str:
    more = needed - balance
    entries = _plural(more, "unnamed unit entry", "unnamed unit entries")
    return (
        f"The centre needs {more} more {entries} for {code}: it has {max(balance, 0)} "
        f"and this claim uses {needed}"
    )


def claim_checks(claim: Claim, contents: ClaimContents | None = None) -> ClaimChecks:
    """The checks of a claim in progress (a submitted claim has nothing left to check).

    `contents` is the claim's contents when the page has read them already (View claim).
    """
    if claim.status != ClaimStatus.DRAFT:
        return ClaimChecks(items=())
    contents = contents or claim_contents(claim)
    if not contents:
        return ClaimChecks(
            items=(
                Check(
                    Level.BLOCKING,
                    "There is no candidate on this claim: add a candidate before submitting",
                ),
            )
        )
    qualification = claim.qualification
    code = qualification.code
    candidate_ids = contents.candidate_ids
    units = contents.units_by_number
    entries = dict(
        NamedEntry.objects.filter(
            qualification=qualification, candidate_id__in=candidate_ids
        ).values_list("candidate_id", "entry_type")
    )
    entered_units: dict[int, set[int]] = defaultdict(set)
    if EntryType.UNITS in entries.values():
        for candidate_id, number in NamedEntry.units.through.objects.filter(
            namedentry__qualification=qualification,
            namedentry__candidate_id__in=candidate_ids,
            namedentry__entry_type=EntryType.UNITS,
        ).values_list("namedentry__candidate_id", "unit__number"):
            entered_units[candidate_id].add(number)
    achieved = contents.achieved_by_candidate
    pending: dict[tuple[int, int], int | None] = {
        (candidate_id, number): claim_number
        for candidate_id, number, claim_number in ClaimedUnit.objects.filter(
            claim_candidate__claim__centre_id=claim.centre_id,
            claim_candidate__claim__qualification=qualification,
            claim_candidate__claim__status__in=[ClaimStatus.SUBMITTED, ClaimStatus.FINALISED],
            claim_candidate__candidate_id__in=candidate_ids,
            claim_candidate__withdrawn=False,
        )
        .exclude(state__in=UnitState.not_counting())
        .values_list(
            "claim_candidate__candidate_id", "unit__number", "claim_candidate__claim__claim_number"
        )
    }
    with_pending = {candidate_id for candidate_id, _ in pending}
    barred_sets = [
        set(rule.units) for rule in contents.rules if rule.kind == rules_engine.RuleKind.BARRED
    ]

    blocking: list[Check] = []
    warnings: list[Check] = []
    unnamed_units: dict[int, list[int]] = {}
    # Candidates often claim the same units: each different set is judged once.
    without_assessor: dict[str, bool] = {}
    barred_found: dict[tuple[str, tuple[tuple[int, bool], ...]], list[str]] = {}
    for on_claim in contents:
        candidate_id = on_claim.candidate_id
        person = CheckCandidate(number=on_claim.number, name=on_claim.name)
        numbers = on_claim.numbers()
        entry_type = entries.get(candidate_id)
        held = achieved.get(candidate_id, {})
        # Most candidates have nothing to report: only they skip the per-unit messages.
        missing_assessor = without_assessor.get(on_claim.key)
        if missing_assessor is None:
            missing_assessor = without_assessor[on_claim.key] = any(
                flags & Flag.NO_ASSESSOR for flags in on_claim.units.values()
            )
        suspect = (
            missing_assessor
            or entry_type == EntryType.UNITS
            or held
            or candidate_id in with_pending
        )
        for number in numbers if suspect else ():
            if on_claim.units[number] & Flag.NO_ASSESSOR:
                blocking.append(
                    Check(
                        Level.BLOCKING,
                        f"Unit {number} for {person.name} has no centre assessor set up "
                        f"for {code}: choose one of the qualification's centre assessors",
                        person,
                    )
                )
            if entry_type == EntryType.UNITS and number not in entered_units[candidate_id]:
                blocking.append(
                    Check(
                        Level.BLOCKING,
                        f"{person.name} is not entered for unit {number}: make a unit "
                        "entry for it or remove it from the claim",
                        person,
                    )
                )
            if number in held:
                blocking.append(
                    Check(
                        Level.BLOCKING,
                        f"{person.name} has already achieved unit {number}: remove it "
                        "from the claim",
                        person,
                    )
                )
            elif (candidate_id, number) in pending:
                other_claim = pending[(candidate_id, number)]
                warnings.append(
                    Check(
                        Level.WARNING,
                        f"Unit {number} for {person.name} is already on claim {other_claim}, "
                        "which is not processed yet",
                        person,
                    )
                )
        if entry_type is None and numbers:
            unnamed_units[candidate_id] = [units[number].pk for number in numbers]
        if barred_sets and numbers:
            key = (on_claim.key, tuple(held.items()))
            sentences = barred_found.get(key)
            if sentences is None:
                sentences = barred_found[key] = _barred_sentences(
                    contents, barred_sets, on_claim, held
                )
            if sentences:
                # One warning per candidate, however many barred combinations they hold.
                warnings.append(
                    Check(Level.WARNING, f"{person.name}: {'; '.join(sentences)}", person)
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


def _barred_sentences(
    contents: ClaimContents,
    barred_sets: list[set[int]],
    on_claim: CandidateOnClaim,
    achieved: dict[int, bool],
) -> list[str]:
    """The barred combinations held that involve a unit on this claim, as sentences."""
    claimed_numbers = set(on_claim.units)
    numbers = claimed_numbers | set(achieved)
    # Most candidates hold no barred combination; only they are worth the engine's time.
    if not any(len(barred & numbers) > 1 for barred in barred_sets):
        return []
    units = contents.units_by_number
    # A unit both achieved and claimed counts once, as from this awarding body if either is.
    held = dict(achieved)
    for n, flags in on_claim.units.items():
        held[n] = held.get(n, True) and bool(flags & Flag.TRANSFERRED)
    facts = tuple(
        rules_engine.UnitFact(n, units[n].credits, units[n].level, other_ab)
        for n, other_ab in sorted(held.items())
    )
    evaluation = contents.evaluate(facts)
    return [
        sentence
        for shortfall, sentence in zip(evaluation.shortfalls, evaluation.sentences, strict=True)
        if shortfall.kind == rules_engine.RuleKind.BARRED
        and not claimed_numbers.isdisjoint(shortfall.barred_units)
    ]
