"""Rules of combination: does a candidate's set of units meet a qualification's full award?

This module is deliberately pure Python with no Django or database access, so that views, admin
validation, imports and benchmarks share one implementation that can be tested in isolation.

A qualification's rules are a sequence of :class:`Rule`; a candidate's achievements are
:class:`UnitFact` values. :func:`evaluate` (or :meth:`Engine.evaluate` for repeated use of one
rule set) answers with an :class:`Evaluation`: whether the full award is met, which units count,
and what is missing, both as data (:class:`Shortfall`) and as plain English sentences.

Barred combinations and the cap on credits from other awarding bodies mean that not every unit a
candidate holds can count. The engine picks the units that help the candidate most: first whether
the award is met, then the fewest things missing, then the most credits, then the most units, and
finally the lowest unit numbers so that the answer is deterministic.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property, lru_cache

__all__ = [
    "BLOCKING_KINDS",
    "EXHAUSTIVE_LIMIT",
    "Engine",
    "Evaluation",
    "Rule",
    "RuleKind",
    "Shortfall",
    "UnitFact",
    "describe_rules",
    "engine_for",
    "evaluate",
    "validate_rules",
]

#: Above this many ways of choosing the counted units the engine stops searching exhaustively
#: and uses a greedy choice improved by local search.
EXHAUSTIVE_LIMIT = 4096


class RuleKind(StrEnum):
    """The kinds of rule of combination."""

    MIN_CREDITS = "min_credits"
    """`value`: the minimum total credits."""
    MANDATORY = "mandatory"
    """`units`: unit numbers that must all be achieved."""
    GROUP = "group"
    """`units`: the group's units; `value`: the minimum; `per`: "credits" or "units"."""
    MIN_CREDITS_AT_LEVEL = "min_credits_at_level"
    """`value`: minimum credits from units at `level` or above."""
    BARRED = "barred"
    """`units`: a barred combination; at most one of these units can count."""
    MAX_OTHER_AB_CREDITS = "max_other_ab_credits"
    """`value`: the most credits that may come from units achieved with another awarding body."""


#: Kinds whose shortfalls stop the full award; the others only explain why units did not count.
BLOCKING_KINDS: frozenset[RuleKind] = frozenset(
    {
        RuleKind.MIN_CREDITS,
        RuleKind.MANDATORY,
        RuleKind.GROUP,
        RuleKind.MIN_CREDITS_AT_LEVEL,
    }
)


@dataclass(frozen=True)
class Rule:
    """One rule of combination; which fields matter depends on `kind` (see :class:`RuleKind`)."""

    kind: RuleKind
    value: int | None = None
    level: int | None = None
    units: tuple[int, ...] = ()
    per: str = "credits"
    name: str = ""


@dataclass(frozen=True)
class UnitFact:
    """A unit the candidate has achieved, as far as the rules of combination care."""

    number: int
    credits: int
    level: int
    other_ab: bool = False


@dataclass(frozen=True)
class Shortfall:
    """Something that stops the full award, or explains why some units do not count.

    - MIN_CREDITS, MIN_CREDITS_AT_LEVEL and GROUP per credits set `missing_credits`.
    - GROUP per units sets `missing_count`.
    - MANDATORY has one shortfall per missing unit, in `missing_units`.
    - BARRED (informational) lists the candidate's units of that barred set in `barred_units`.
    - MAX_OTHER_AB_CREDITS (informational) means some units were left out because of the cap;
      they are in :attr:`Evaluation.excluded`.
    """

    kind: RuleKind
    rule: Rule
    missing_credits: int = 0
    missing_units: tuple[int, ...] = ()
    missing_count: int = 0
    barred_units: tuple[int, ...] = ()

    @property
    def blocking(self) -> bool:
        """Whether this shortfall stops the full award (informational ones do not)."""
        return self.kind in BLOCKING_KINDS

    @property
    def sentence(self) -> str:
        """The shortfall as a plain English sentence, as shown to centre staff."""
        kind = RuleKind(self.kind)
        rule = self.rule
        if kind is RuleKind.MIN_CREDITS:
            return f"needs {self.missing_credits} more {_plural(self.missing_credits, 'credit')}"
        if kind is RuleKind.MIN_CREDITS_AT_LEVEL:
            credits = _plural(self.missing_credits, "credit")
            return (
                f"needs {self.missing_credits} more {credits} at Level {rule.level or 0} or above"
            )
        if kind is RuleKind.MANDATORY:
            units = self.missing_units or _distinct(rule.units)
            if len(units) == 1:
                return f"Unit {units[0]} is mandatory"
            return f"{_units_phrase(units).capitalize()} are mandatory"
        if kind is RuleKind.GROUP:
            if rule.per == "units":
                amount = f"{self.missing_count} more {_plural(self.missing_count, 'unit')}"
            else:
                amount = f"{self.missing_credits} more {_plural(self.missing_credits, 'credit')}"
            return f"needs {amount} from {_group_label(rule)}"
        if kind is RuleKind.BARRED:
            units = self.barred_units or _distinct(sorted(rule.units))
            return f"{_units_phrase(units)} are a barred combination: only one counts"
        return f"{_other_ab_phrase(rule.value or 0)} can count"


@dataclass(frozen=True)
class Evaluation:
    """The answer for one candidate against one rule set.

    `counted` and `excluded` are sorted unit numbers; together they are every unit the candidate
    holds. `total_credits` is the credits of the counted units. `shortfalls` follow rule order.
    """

    met: bool
    counted: tuple[int, ...]
    excluded: tuple[int, ...]
    total_credits: int
    shortfalls: tuple[Shortfall, ...]

    @cached_property
    def sentences(self) -> list[str]:
        """Every shortfall as a sentence, in rule order (informational ones included).

        Made once per evaluation: pages show the same evaluation for many candidates.
        """
        return [shortfall.sentence for shortfall in self.shortfalls]


def _plural(count: int, word: str) -> str:
    return word if count == 1 else f"{word}s"


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _units_phrase(numbers: Sequence[int]) -> str:
    """Unit numbers as prose: unit 3; units 3 and 4; units 3, 4 and 5."""
    return f"{_plural(len(numbers), 'unit')} {_join([str(n) for n in numbers])}"


def _group_label(rule: Rule) -> str:
    return rule.name or _units_phrase(sorted(_distinct(rule.units)))


def _other_ab_phrase(value: int) -> str:
    if value <= 0:
        return "no credits from other awarding bodies"
    return f"only {value} {_plural(value, 'credit')} from other awarding bodies"


def _distinct(numbers: Iterable[int]) -> tuple[int, ...]:
    """Numbers in first-seen order without repeats, so a repeated unit is not required twice."""
    return tuple(dict.fromkeys(numbers))


class _TooMany(Exception):
    """The exhaustive search would exceed its budget."""


class _Budget:
    """Caps both the candidate answers considered and the search steps taken to find them."""

    __slots__ = ("leaves", "steps")

    def __init__(self, limit: int) -> None:
        self.leaves = limit
        # Depth-first enumeration visits dead ends as well as answers; bound those too.
        self.steps = limit * 8

    def leaf(self, count: int = 1) -> None:
        self.leaves -= count
        if self.leaves < 0:
            raise _TooMany

    def step(self) -> None:
        self.steps -= 1
        if self.steps < 0:
            raise _TooMany


# How each requirement measures a unit's contribution.
_TOTAL, _AT_LEVEL, _GROUP_CREDITS, _GROUP_UNITS, _MANDATORY = range(5)

#: Most options per linked group of barred sets that the greedy fallback compares.
_GREEDY_OPTIONS = 256

_Requirement = tuple[int, int, int, frozenset[int]]  # need, measure, level, member units
_Key = tuple[bool, int, int, int]  # met, -missing, credits, number of units
_Check = tuple[int, RuleKind, Rule, int, int, tuple[int, ...] | frozenset[int]]
_Totals = tuple[tuple[int, ...], int, int]  # per requirement, credits, number of units


class Engine:
    """A compiled rule set: build once per qualification, then evaluate many candidates.

    `exhaustive_limit` bounds how many ways of choosing the counted units are compared before
    falling back to a greedy choice; the default suits interactive use.
    """

    __slots__ = (
        "_barred",
        "_barred_by_unit",
        "_cap",
        "_cap_index",
        "_checks",
        "_group_count",
        "_mandatory_weight",
        "_needs",
        "_requirements",
        "exhaustive_limit",
        "rules",
    )

    def __init__(self, rules: Iterable[Rule], *, exhaustive_limit: int = EXHAUSTIVE_LIMIT) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self.exhaustive_limit = exhaustive_limit
        kinds: list[RuleKind] = []
        members: list[tuple[int, ...]] = []
        requirements: list[_Requirement] = []
        mandatory_weight: dict[int, int] = {}
        barred: list[tuple[int, tuple[int, ...]]] = []
        cap: int | None = None
        cap_index = -1
        for index, rule in enumerate(self.rules):
            try:
                kind = RuleKind(rule.kind)
            except ValueError:
                raise ValueError(f"rule {index + 1}: unknown rule kind {rule.kind!r}") from None
            kinds.append(kind)
            units = _distinct(rule.units)
            members.append(units)
            value = max(rule.value or 0, 0)
            if kind is RuleKind.MIN_CREDITS:
                requirements.append((value, _TOTAL, 0, frozenset()))
            elif kind is RuleKind.MIN_CREDITS_AT_LEVEL:
                requirements.append((value, _AT_LEVEL, rule.level or 0, frozenset()))
            elif kind is RuleKind.GROUP:
                measure = _GROUP_UNITS if rule.per == "units" else _GROUP_CREDITS
                requirements.append((value, measure, 0, frozenset(units)))
            elif kind is RuleKind.MANDATORY:
                for number in units:
                    mandatory_weight[number] = mandatory_weight.get(number, 0) + 1
            elif kind is RuleKind.BARRED:
                if len(units) >= 2:
                    barred.append((index, tuple(sorted(units))))
            elif cap is None or value < cap:
                cap, cap_index = value, index
        if mandatory_weight:
            need = sum(mandatory_weight.values())
            requirements.append((need, _MANDATORY, 0, frozenset(mandatory_weight)))
        barred_by_unit: dict[int, list[int]] = {}
        for position, (_, units) in enumerate(barred):
            for number in units:
                barred_by_unit.setdefault(number, []).append(position)
        # Blocking rules in rule order, with their numbers resolved once: (index, kind, rule,
        # value, level, units); MANDATORY keeps its unit order for the sentences.
        self._checks: tuple[_Check, ...] = tuple(
            (
                index,
                kind,
                rule,
                max(rule.value or 0, 0),
                rule.level or 0,
                units if kind is RuleKind.MANDATORY else frozenset(units),
            )
            for index, (rule, kind, units) in enumerate(
                zip(self.rules, kinds, members, strict=True)
            )
            if kind in BLOCKING_KINDS
        )
        # Requirements that ask for nothing can never be short, so the search can ignore them.
        self._requirements = tuple(r for r in requirements if r[0] > 0)
        self._needs = tuple(r[0] for r in self._requirements)
        self._mandatory_weight = mandatory_weight
        self._barred = tuple(barred)
        self._barred_by_unit = {n: tuple(p) for n, p in barred_by_unit.items()}
        self._cap = cap
        self._cap_index = cap_index
        group_count: dict[int, int] = {}
        for _need, measure, _level, group in self._requirements:
            if measure in (_GROUP_CREDITS, _GROUP_UNITS):
                for number in group:
                    group_count[number] = group_count.get(number, 0) + 1
        self._group_count = group_count

    def evaluate(self, units: Iterable[UnitFact]) -> Evaluation:
        """Evaluate one candidate's units against this rule set."""
        facts = _dedupe(units)
        active = self._active_barred(facts)
        if not active and not self._cap_can_bind(facts):
            return self._build(facts, facts, active)
        contested = {number for _, held in active for number in held}
        free = [unit for number, unit in facts.items() if number not in contested]
        components = _components([held for _, held in active])
        try:
            budget = _Budget(self.exhaustive_limit)
            options = [_component_options(sets, budget) for sets in components]
            counted = self._exhaustive(facts, free, options, budget)
        except _TooMany:
            counted = self._greedy(facts, free, components)
        counted = self._refill(facts, counted, active)
        return self._build(facts, {u.number: u for u in counted}, active)

    # Choosing which units count.

    def _active_barred(self, facts: dict[int, UnitFact]) -> list[tuple[int, tuple[int, ...]]]:
        """Barred sets where the candidate holds two or more units: (rule index, held units)."""
        if not self._barred:
            return []
        hits: dict[int, int] = {}
        by_unit = self._barred_by_unit
        for number in facts:
            for position in by_unit.get(number, ()):
                hits[position] = hits.get(position, 0) + 1
        active = []
        for position in sorted(hits):
            if hits[position] >= 2:
                index, units = self._barred[position]
                active.append((index, tuple(n for n in units if n in facts)))
        return active

    def _vector(self, unit: UnitFact) -> tuple[int, ...]:
        """How much the unit contributes to each requirement."""
        out = []
        for _, measure, level, members in self._requirements:
            if measure == _TOTAL:
                out.append(unit.credits)
            elif measure == _AT_LEVEL:
                out.append(unit.credits if unit.level >= level else 0)
            elif measure == _GROUP_CREDITS:
                out.append(unit.credits if unit.number in members else 0)
            elif measure == _GROUP_UNITS:
                out.append(1 if unit.number in members else 0)
            else:
                out.append(self._mandatory_weight.get(unit.number, 0))
        return tuple(out)

    def _totals(self, units: Iterable[UnitFact], vectors: dict[int, tuple[int, ...]]) -> _Totals:
        """What the units add to each requirement, their credits and how many they are."""
        sums = [0] * len(self._needs)
        credits = count = 0
        for unit in units:
            credits += unit.credits
            count += 1
            for i, amount in enumerate(vectors[unit.number]):
                sums[i] += amount
        return (tuple(sums), credits, count)

    def _score(self, sums: Sequence[int], credits: int, count: int) -> _Key:
        missing = 0
        for need, got in zip(self._needs, sums, strict=True):
            if got < need:
                missing += need - got
        return (missing == 0, -missing, credits, count)

    def _key(self, chosen: Sequence[UnitFact], vectors: dict[int, tuple[int, ...]]) -> _Key:
        return self._score(*self._totals(chosen, vectors))

    def _unit_priority(self, unit: UnitFact) -> tuple[int, int, int, int, int]:
        """Greedy preference: mandatory units, then group units, then credits, level, number."""
        return (
            self._mandatory_weight.get(unit.number, 0),
            self._group_count.get(unit.number, 0),
            unit.credits,
            unit.level,
            -unit.number,
        )

    def _exhaustive(
        self,
        facts: dict[int, UnitFact],
        free: list[UnitFact],
        options: list[list[tuple[int, ...]]],
        budget: _Budget,
    ) -> list[UnitFact]:
        budget.leaf(math.prod(len(o) for o in options))
        vectors = {number: self._vector(unit) for number, unit in facts.items()}
        best: list[UnitFact] = []
        best_key: _Key | None = None
        best_numbers: tuple[int, ...] = ()
        for combo in itertools.product(*options):
            pool = free + [facts[n] for option in combo for n in option]
            for variant in self._cap_variants(pool, budget):
                key = self._key(variant, vectors)
                if best_key is not None and key < best_key:
                    continue
                numbers = tuple(sorted(u.number for u in variant))
                if best_key is None or key > best_key or numbers < best_numbers:
                    best, best_key, best_numbers = variant, key, numbers
        return best

    def _cap_variants(self, pool: list[UnitFact], budget: _Budget) -> list[list[UnitFact]]:
        """Every maximal way of keeping other-awarding-body credits within the cap."""
        cap = self._cap
        if cap is None:
            return [pool]
        other = sorted((u for u in pool if u.other_ab), key=lambda u: u.number)
        if sum(u.credits for u in other) <= cap:
            return [pool]
        base = [u for u in pool if not u.other_ab]
        # rest[i]: credits of other[i:], to prune branches that cannot end maximal.
        rest = list(itertools.accumulate(reversed([u.credits for u in other]), initial=0))[::-1]
        variants: list[list[UnitFact]] = []

        def walk(i: int, chosen: list[UnitFact], used: int, smallest_left_out: int) -> None:
            budget.step()
            # Dead end: even taking every remaining unit leaves room for one already left out.
            if smallest_left_out <= cap - used - rest[i]:
                return
            if i == len(other):
                budget.leaf()
                variants.append(base + chosen)
                return
            unit = other[i]
            if used + unit.credits <= cap:
                walk(i + 1, [*chosen, unit], used + unit.credits, smallest_left_out)
            walk(i + 1, chosen, used, min(smallest_left_out, unit.credits))

        walk(0, [], 0, cap + 1)
        return variants

    def _cap_greedy(self, pool: list[UnitFact]) -> list[UnitFact]:
        cap = self._cap
        if cap is None or sum(u.credits for u in pool if u.other_ab) <= cap:
            return pool
        kept = [u for u in pool if not u.other_ab]
        room = cap
        for unit in sorted((u for u in pool if u.other_ab), key=self._unit_priority, reverse=True):
            if unit.credits <= room:
                kept.append(unit)
                room -= unit.credits
        return kept

    def _greedy(
        self,
        facts: dict[int, UnitFact],
        free: list[UnitFact],
        components: list[list[tuple[int, ...]]],
    ) -> list[UnitFact]:
        """Choose one option per component by coordinate ascent on the candidate's score."""
        vectors = {number: self._vector(unit) for number, unit in facts.items()}
        options: list[list[tuple[int, ...]]] = []
        for sets in components:
            try:
                # Each option is re-scored on every pass, so keep the lists short.
                options.append(_component_options(sets, _Budget(_GREEDY_OPTIONS)))
            except _TooMany:
                options.append([self._greedy_independent(facts, sets)])

        def pool_of(choice: list[tuple[int, ...]]) -> list[UnitFact]:
            return self._cap_greedy(free + [facts[n] for option in choice for n in option])

        # Start from each component's most promising option, then improve one at a time.
        priorities = {number: self._unit_priority(unit) for number, unit in facts.items()}
        choice = [max(opts, key=lambda o: _option_priority(priorities, o)) for opts in options]
        if self._cap_can_bind(facts):
            # Leaving units out for the cap makes a choice's score more than a sum: score each
            # trial choice whole.
            def trial_key(position: int, option: tuple[int, ...]) -> _Key:
                trial = [*choice[:position], option, *choice[position + 1 :]]
                return self._key(pool_of(trial), vectors)

            start = self._key(pool_of(choice), vectors)
            _ascend(choice, options, start, trial_key, lambda position, option: None)
        else:
            # A choice's score is the sum of what the free units and each option add, so a
            # trial only swaps one option's part for another's.
            parts = {
                option: self._totals((facts[n] for n in option), vectors)
                for opts in options
                for option in opts
            }
            totals = self._totals(free, vectors)
            for option in choice:
                totals = _swap(totals, None, parts[option])

            def swapped(position: int, option: tuple[int, ...]) -> _Totals:
                return _swap(totals, parts[choice[position]], parts[option])

            def take(position: int, option: tuple[int, ...]) -> None:
                nonlocal totals
                totals = swapped(position, option)

            start = self._score(*totals)
            _ascend(choice, options, start, lambda p, o: self._score(*swapped(p, o)), take)
        return pool_of(choice)

    def _cap_can_bind(self, facts: dict[int, UnitFact]) -> bool:
        """Whether the cap on other awarding bodies' credits could leave any of these out."""
        cap = self._cap
        return cap is not None and sum(u.credits for u in facts.values() if u.other_ab) > cap

    def _greedy_independent(
        self, facts: dict[int, UnitFact], sets: list[tuple[int, ...]]
    ) -> tuple[int, ...]:
        conflicts = _conflicts(sets)
        chosen: set[int] = set()
        for number in sorted(conflicts, key=lambda n: self._unit_priority(facts[n]), reverse=True):
            if not conflicts[number] & chosen:
                chosen.add(number)
        return tuple(sorted(chosen))

    def _refill(
        self,
        facts: dict[int, UnitFact],
        counted: list[UnitFact],
        active: list[tuple[int, tuple[int, ...]]],
    ) -> list[UnitFact]:
        """Add back any left-out unit that clashes with nothing counted and fits the cap.

        The exhaustive search already ends maximal; this matters for the greedy path, where
        dropping a unit for the cap can free a barred alternative.
        """
        counted_numbers = {u.number for u in counted}
        if len(counted_numbers) == len(facts):
            return counted
        conflicts = _conflicts([held for _, held in active])
        cap = self._cap
        room = None if cap is None else cap - sum(u.credits for u in counted if u.other_ab)
        result = list(counted)
        for number, unit in facts.items():
            if number in counted_numbers or conflicts.get(number, set()) & counted_numbers:
                continue
            if unit.other_ab and room is not None:
                if unit.credits > room:
                    continue
                room -= unit.credits
            result.append(unit)
            counted_numbers.add(number)
        return result

    # Building the answer.

    def _build(
        self,
        facts: dict[int, UnitFact],
        counted: dict[int, UnitFact],
        active: list[tuple[int, tuple[int, ...]]],
    ) -> Evaluation:
        total = sum(u.credits for u in counted.values())
        excluded = tuple(sorted(n for n in facts if n not in counted))
        capped = False
        if excluded and self._cap is not None:
            conflicts = _conflicts([held for _, held in active])
            capped = any(not (conflicts.get(n, set()) & counted.keys()) for n in excluded)
        found: list[tuple[int, Shortfall]] = []
        for index, kind, rule, value, level, members in self._checks:
            if kind is RuleKind.MIN_CREDITS:
                if total < value:
                    found.append((index, Shortfall(kind, rule, missing_credits=value - total)))
            elif kind is RuleKind.MIN_CREDITS_AT_LEVEL:
                got = sum(u.credits for u in counted.values() if u.level >= level)
                if got < value:
                    found.append((index, Shortfall(kind, rule, missing_credits=value - got)))
            elif kind is RuleKind.MANDATORY:
                found.extend(
                    (index, Shortfall(kind, rule, missing_units=(number,)))
                    for number in members
                    if number not in counted
                )
            elif rule.per == "units":
                count = sum(1 for n in counted if n in members)
                if count < value:
                    found.append((index, Shortfall(kind, rule, missing_count=value - count)))
            else:
                got = sum(u.credits for n, u in counted.items() if n in members)
                if got < value:
                    found.append((index, Shortfall(kind, rule, missing_credits=value - got)))
        met = not found
        if active or capped:
            for index, held in active:
                found.append(
                    (index, Shortfall(RuleKind.BARRED, self.rules[index], barred_units=held))
                )
            if capped:
                cap_rule = self.rules[self._cap_index]
                found.append((self._cap_index, Shortfall(RuleKind.MAX_OTHER_AB_CREDITS, cap_rule)))
            # Stable, so a mandatory rule's shortfalls keep the rule's unit order.
            found.sort(key=lambda item: item[0])
        return Evaluation(
            met=met,
            counted=tuple(sorted(counted)),
            excluded=excluded,
            total_credits=total,
            shortfalls=tuple(shortfall for _, shortfall in found),
        )


def _swap(totals: _Totals, out: _Totals | None, into: _Totals) -> _Totals:
    """`totals` with one option's part taken out (if any) and another's put in."""
    sums, credits, count = totals
    if out is None:
        return (
            tuple(total + new for total, new in zip(sums, into[0], strict=True)),
            credits + into[1],
            count + into[2],
        )
    return (
        tuple(total - old + new for total, old, new in zip(sums, out[0], into[0], strict=True)),
        credits - out[1] + into[1],
        count - out[2] + into[2],
    )


def _ascend(
    choice: list[tuple[int, ...]],
    options: list[list[tuple[int, ...]]],
    start: _Key,
    trial_key: Callable[[int, tuple[int, ...]], _Key],
    take: Callable[[int, tuple[int, ...]], None],
) -> None:
    """Coordinate ascent on `choice`, in place: try every other option of each component in
    turn and keep one that scores better, while anything improves (at most four passes).

    `trial_key` scores the choice with one option swapped; `take` is told of a swap just before
    it is made.
    """
    best = start
    for _ in range(4):
        improved = False
        for position, opts in enumerate(options):
            for option in opts:
                if option == choice[position]:
                    continue
                key = trial_key(position, option)
                if key > best:
                    take(position, option)
                    choice[position] = option
                    best, improved = key, True
        if not improved:
            break


def _option_priority(
    priorities: dict[int, tuple[int, int, int, int, int]], option: tuple[int, ...]
) -> tuple[int, int, int, int, int]:
    """Greedy preference between options: the sum of their units' priorities, then the lowest
    unit number."""
    mandatory = groups = credits = level = 0
    for number in option:
        priority = priorities[number]
        mandatory += priority[0]
        groups += priority[1]
        credits += priority[2]
        level += priority[3]
    return (mandatory, groups, credits, level, -min(option))


def _dedupe(units: Iterable[UnitFact]) -> dict[int, UnitFact]:
    """One fact per unit number, sorted by number so input order cannot change the answer.

    Should the same unit appear with different details, keep the one most useful to the candidate
    (own awarding body, then most credits, then highest level) rather than whichever came first.
    """
    facts: dict[int, UnitFact] = {}
    for unit in units:
        seen = facts.get(unit.number)
        if seen is None or _fact_rank(unit) > _fact_rank(seen):
            facts[unit.number] = unit
    return dict(sorted(facts.items()))


def _fact_rank(unit: UnitFact) -> tuple[bool, int, int]:
    return (not unit.other_ab, unit.credits, unit.level)


def _conflicts(sets: Iterable[tuple[int, ...]]) -> dict[int, set[int]]:
    """For each unit, the other units it cannot count alongside."""
    conflicts: dict[int, set[int]] = {}
    for units in sets:
        for number in units:
            conflicts.setdefault(number, set()).update(n for n in units if n != number)
    return conflicts


def _components(sets: list[tuple[int, ...]]) -> list[list[tuple[int, ...]]]:
    """Group barred sets that share units, since only those choices depend on each other."""
    groups: list[tuple[set[int], list[tuple[int, ...]]]] = []
    for units in sets:
        merged_units = set(units)
        merged_sets = [units]
        kept = []
        for group_units, group_sets in groups:
            if group_units & merged_units:
                merged_units |= group_units
                merged_sets = group_sets + merged_sets
            else:
                kept.append((group_units, group_sets))
        kept.append((merged_units, merged_sets))
        groups = kept
    return [group_sets for _, group_sets in groups]


def _component_options(sets: list[tuple[int, ...]], budget: _Budget) -> list[tuple[int, ...]]:
    """Every maximal choice of units from linked barred sets with at most one from each set."""
    if len(sets) == 1:
        return [(number,) for number in sets[0]]
    conflicts = _conflicts(sets)
    order = sorted(conflicts)
    options: list[tuple[int, ...]] = []

    def walk(i: int, chosen: list[int]) -> None:
        budget.step()
        if i == len(order):
            taken = set(chosen)
            if all(conflicts[n] & taken for n in order if n not in taken):
                budget.leaf()
                options.append(tuple(chosen))
            return
        number = order[i]
        if conflicts[number].isdisjoint(chosen):
            walk(i + 1, [*chosen, number])
            # Leaving it out only ends maximal if a later unit clashes with it.
            if any(n > number for n in conflicts[number]):
                walk(i + 1, chosen)
        else:
            walk(i + 1, chosen)

    walk(0, [])
    return options


@lru_cache(maxsize=256)
def _cached_engine(rules: tuple[Rule, ...]) -> Engine:
    return Engine(rules)


# Pages evaluate many candidates against one qualification in a row. Comparing with the last rule
# set is a pointer check per rule when the same Rule objects come back, where the lru_cache would
# hash every field of every rule on each call.
_last: tuple[tuple[Rule, ...], Engine] | None = None


def engine_for(rules: Sequence[Rule]) -> Engine:
    """The compiled :class:`Engine` for a rule set, reused across calls with equal rules."""
    global _last
    key = tuple(rules)
    last = _last
    if last is not None and last[0] == key:
        return last[1]
    try:
        engine = _cached_engine(key)
    except TypeError:
        # Rules built with unhashable fields (say a list of units) still evaluate, uncached.
        return Engine(key)
    _last = (key, engine)
    return engine


def evaluate(rules: Sequence[Rule], units: Iterable[UnitFact]) -> Evaluation:
    """Evaluate a candidate's units against a qualification's rules of combination."""
    return engine_for(rules).evaluate(units)


def describe_rules(rules: Sequence[Rule]) -> list[str]:
    """The rules themselves as plain sentences, in rule order (one per mandatory unit)."""
    sentences: list[str] = []
    for rule in rules:
        kind = RuleKind(rule.kind)
        value = rule.value or 0
        if kind is RuleKind.MIN_CREDITS:
            sentences.append(f"at least {value} {_plural(value, 'credit')}")
        elif kind is RuleKind.MIN_CREDITS_AT_LEVEL:
            credits = _plural(value, "credit")
            sentences.append(f"at least {value} {credits} at Level {rule.level or 0} or above")
        elif kind is RuleKind.MANDATORY:
            sentences.extend(f"Unit {n} is mandatory" for n in _distinct(rule.units))
        elif kind is RuleKind.GROUP:
            word = "unit" if rule.per == "units" else "credit"
            label = _group_label(rule)
            sentences.append(f"at least {value} {_plural(value, word)} from {label}")
        elif kind is RuleKind.BARRED:
            units = sorted(_distinct(rule.units))
            sentences.append(f"{_units_phrase(units)}: only one can count")
        elif value <= 0:
            sentences.append(_other_ab_phrase(value))
        else:
            sentences.append(
                f"at most {value} {_plural(value, 'credit')} from other awarding bodies"
            )
    return sentences


_VALUE_NOUN = {
    RuleKind.MIN_CREDITS: "a minimum number of credits",
    RuleKind.MIN_CREDITS_AT_LEVEL: "a minimum number of credits",
    RuleKind.GROUP: "a minimum",
    RuleKind.MAX_OTHER_AB_CREDITS: "a maximum number of credits",
}
_TAKES_UNITS = frozenset({RuleKind.MANDATORY, RuleKind.GROUP, RuleKind.BARRED})


def validate_rules(rules: Sequence[Rule], unit_numbers: set[int]) -> list[str]:
    """Problems with a rule set, as messages naming the rule by position; empty if it is sound.

    `unit_numbers` are the qualification's units; rules may refer only to those.
    """
    errors: list[str] = []
    mandatory: set[int] = set()
    barred: list[tuple[str, tuple[int, ...]]] = []
    for position, rule in enumerate(rules, start=1):
        try:
            kind = RuleKind(rule.kind)
        except ValueError:
            errors.append(f"Rule {position}: unknown rule kind {rule.kind!r}")
            continue
        label = f"Rule {position} ({kind.value}{f' {rule.name!r}' if rule.name else ''})"
        if kind in _VALUE_NOUN:
            if rule.value is None:
                errors.append(f"{label}: needs {_VALUE_NOUN[kind]}")
            elif rule.value < 0:
                errors.append(f"{label}: the value must not be negative (got {rule.value})")
        if kind is RuleKind.MIN_CREDITS_AT_LEVEL:
            if rule.level is None:
                errors.append(f"{label}: needs a level")
            elif rule.level < 0:
                errors.append(f"{label}: the level must not be negative (got {rule.level})")
        if kind not in _TAKES_UNITS:
            continue
        units = _distinct(rule.units)
        if not units:
            errors.append(f"{label}: lists no units")
            continue
        repeated = sorted({n for n in units if list(rule.units).count(n) > 1})
        if repeated:
            errors.append(f"{label}: lists {_units_phrase(repeated)} more than once")
        unknown = sorted(n for n in units if n not in unit_numbers)
        if unknown:
            verb = "is" if len(unknown) == 1 else "are"
            errors.append(f"{label}: {_units_phrase(unknown)} {verb} not in this qualification")
        if kind is RuleKind.MANDATORY:
            mandatory.update(units)
        elif kind is RuleKind.BARRED:
            if len(units) < 2:
                errors.append(f"{label}: a barred combination needs at least 2 units")
            barred.append((label, tuple(sorted(units))))
        else:
            if rule.per not in ("credits", "units"):
                errors.append(f"{label}: per must be 'credits' or 'units' (got {rule.per!r})")
            elif rule.per == "units" and rule.value is not None and rule.value > len(units):
                errors.append(
                    f"{label}: asks for {rule.value} unit{'' if rule.value == 1 else 's'} but "
                    f"the group has only {len(units)}"
                )
    for label, units in barred:
        clash = [n for n in units if n in mandatory]
        if len(clash) >= 2:
            errors.append(
                f"{label}: {_units_phrase(clash)} are all mandatory but only one can count"
                if len(clash) > 2
                else f"{label}: {_units_phrase(clash)} are both mandatory but only one can count"
            )
    return errors
