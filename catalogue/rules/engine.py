"""The rules engine: a compiled rule set that judges candidates' units.

:class:`Engine` compiles a rule set once (what each rule asks, which units are barred
together, the cap on other awarding bodies' credits) and answers :meth:`Engine.evaluate` for
each candidate; the choosing of counted units is in :mod:`.choosing`. :func:`engine_for` keeps
compiled engines so pages that judge many candidates against one qualification compile once.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from functools import lru_cache

from .choosing import Chooser
from .search import (
    _AT_LEVEL,
    _GROUP_CREDITS,
    _GROUP_UNITS,
    _MANDATORY,
    _TOTAL,
    _Budget,
    _Check,
    _component_options,
    _components,
    _conflicts,
    _dedupe,
    _remember,
    _Requirement,
    _TooMany,
)
from .types import BLOCKING_KINDS, Evaluation, Rule, RuleKind, Shortfall, UnitFact, _distinct

#: Above this many ways of choosing the counted units the engine stops searching exhaustively
#: and uses a greedy choice improved by local search.
EXHAUSTIVE_LIMIT = 4096


class Engine(Chooser):
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
        "_disjoint_barred",
        "_group_count",
        "_mandatory_weight",
        "_needs",
        "_requirements",
        "_settled",
        "_shortfalls",
        "_vectors",
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
        # No unit in two barred combinations: each one a candidate holds is a choice of its own.
        self._disjoint_barred = all(len(p) == 1 for p in barred_by_unit.values())
        # What is worked out once per engine and reused for every candidate with the same units
        # of a barred combination (bounded: see `_remember`).
        self._settled: dict[tuple[object, ...], tuple[int, ...] | None] = {}
        self._shortfalls: dict[tuple[int, tuple[int, ...]], Shortfall] = {}
        self._vectors: dict[UnitFact, tuple[int, ...]] = {}
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
        if self._disjoint_barred:
            components = [[held] for _, held in active]
        else:
            components = _components([held for _, held in active])
        if not self._cap_can_bind(facts):
            # A linked group of barred units where one choice is best whatever the others
            # hold needs no search: its units count as if free.
            free, components = self._settle(facts, free, components)
        try:
            budget = _Budget(self.exhaustive_limit)
            options = [_component_options(sets, budget) for sets in components]
            # The exhaustive answer is maximal already: every free unit, and maximal options.
            counted = self._exhaustive(facts, free, options, budget)
        except _TooMany:
            counted = self._refill(facts, self._greedy(facts, free, components), active)
        return self._build(facts, {u.number: u for u in counted}, active)

    def combinations(
        self, units: Iterable[UnitFact], *, limit: int | None = None
    ) -> list[tuple[UnitFact, ...]] | None:
        """Every maximal way the units may count together, or None past `limit` ways.

        A way holds at most one unit of each barred combination and keeps within the cap on
        other awarding bodies' credits; leaving out any further unit only loses credits. Whether
        a way meets the rules is for :meth:`evaluate` to say. `limit` defaults to the engine's
        `exhaustive_limit`.
        """
        facts = _dedupe(units)
        active = self._active_barred(facts)
        if not active and not self._cap_can_bind(facts):
            return [tuple(facts.values())]
        contested = {number for _, held in active for number in held}
        free = [unit for number, unit in facts.items() if number not in contested]
        try:
            budget = _Budget(self.exhaustive_limit if limit is None else limit)
            components = _components([held for _, held in active])
            options = [_component_options(sets, budget) for sets in components]
            budget.leaf(math.prod(len(o) for o in options))
            ways: list[tuple[UnitFact, ...]] = []
            for combo in itertools.product(*options):
                pool = free + [facts[n] for option in combo for n in option]
                ways.extend(tuple(way) for way in self._cap_variants(pool, budget))
        except _TooMany:
            return None
        return ways

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
            shortfalls = self._shortfalls
            for index, held in active:
                shortfall = shortfalls.get((index, held))
                if shortfall is None:
                    shortfall = Shortfall(RuleKind.BARRED, self.rules[index], barred_units=held)
                    _remember(shortfalls, (index, held), shortfall)
                found.append((index, shortfall))
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
