"""The search machinery behind the engine's choice of counted units.

Budgets bound the exhaustive search; barred sets that share units are grouped into components,
each with its maximal choices; the greedy fallback improves a choice by coordinate ascent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .types import Rule, RuleKind, UnitFact


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

#: Most answers an engine keeps of each kind it reuses between candidates.
MEMO_SIZE = 20_000


def _remember(memo: dict[Any, Any], key: Any, value: Any) -> None:
    """Keep `value` under `key`, starting again once the memo is full (a qualification's
    barred combinations give far fewer distinct keys than that)."""
    if len(memo) >= MEMO_SIZE:
        memo.clear()
    memo[key] = value


#: Most options per linked group of barred sets that the greedy fallback compares.
_GREEDY_OPTIONS = 256

_Requirement = tuple[int, int, int, frozenset[int]]  # need, measure, level, member units
_Key = tuple[bool, int, int, int]  # met, -missing, credits, number of units
_Check = tuple[int, RuleKind, Rule, int, int, tuple[int, ...] | frozenset[int]]
_Totals = tuple[tuple[int, ...], int, int]  # per requirement, credits, number of units


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
