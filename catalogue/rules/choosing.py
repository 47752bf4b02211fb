"""How an engine chooses which of a candidate's units count.

Only barred combinations and the cap on other awarding bodies' credits leave a choice. Small
choices are compared exhaustively; past the engine's limit a greedy choice is improved by local
search, then any unit that clashes with nothing counted is added back.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence

from .search import (
    _AT_LEVEL,
    _GREEDY_OPTIONS,
    _GROUP_CREDITS,
    _GROUP_UNITS,
    _TOTAL,
    _ascend,
    _Budget,
    _component_options,
    _conflicts,
    _Key,
    _option_priority,
    _remember,
    _Requirement,
    _swap,
    _TooMany,
    _Totals,
)
from .types import UnitFact


class Chooser:
    """The choosing half of :class:`~catalogue.rules.engine.Engine`, which compiles the fields."""

    __slots__ = ()

    _barred: tuple[tuple[int, tuple[int, ...]], ...]
    _barred_by_unit: dict[int, tuple[int, ...]]
    _cap: int | None
    _disjoint_barred: bool
    _group_count: dict[int, int]
    _mandatory_weight: dict[int, int]
    _needs: tuple[int, ...]
    _requirements: tuple[_Requirement, ...]
    _settled: dict[tuple[object, ...], tuple[int, ...] | None]
    _vectors: dict[UnitFact, tuple[int, ...]]

    def _active_barred(self, facts: dict[int, UnitFact]) -> list[tuple[int, tuple[int, ...]]]:
        """Barred sets where the candidate holds two or more units: (rule index, held units)."""
        if not self._barred:
            return []
        by_unit = self._barred_by_unit
        if self._disjoint_barred:
            # Each unit is in one barred set at most: gather the held units set by set.
            held: dict[int, list[int]] = {}
            for number in facts:
                positions = by_unit.get(number)
                if positions is not None:
                    held.setdefault(positions[0], []).append(number)
            barred = self._barred
            return [
                (barred[position][0], tuple(numbers))
                for position, numbers in sorted(held.items())
                if len(numbers) >= 2
            ]
        hits: dict[int, int] = {}
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
        """How much the unit contributes to each requirement (worked out once per unit)."""
        found = self._vectors.get(unit)
        if found is None:
            found = self._contribution(unit)
            _remember(self._vectors, unit, found)
        return found

    def _contribution(self, unit: UnitFact) -> tuple[int, ...]:
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

    def _settle(
        self,
        facts: dict[int, UnitFact],
        free: list[UnitFact],
        components: list[list[tuple[int, ...]]],
    ) -> tuple[list[UnitFact], list[list[tuple[int, ...]]]]:
        """Take out each component one of whose options the exhaustive search would always
        choose, adding its units to the free ones; returns the free units and the components
        left to search.

        Without the cap a choice's score only grows with what it adds to each requirement, its
        credits and its number of units. An option at least as good as every other one in all
        of those, and better in credits or units or else lower in unit numbers (the exhaustive
        search's tie break, which other components' units cannot change) and the greedy search's
        first preference too, is in every best answer, whatever the other components hold. Only
        valid when the cap cannot bind.
        """
        settled = list(free)
        left: list[list[tuple[int, ...]]] = []
        memo = self._settled
        for sets in components:
            # The answer depends on the component's barred sets and its units' facts only.
            key = (*sets, *(facts[n] for units in sets for n in units))
            if key in memo:
                option = memo[key]
            else:
                option = self._dominant(facts, sets)
                _remember(memo, key, option)
            if option is None:
                left.append(sets)
            else:
                settled.extend(facts[n] for n in option)
        return settled, left

    def _dominant(
        self, facts: dict[int, UnitFact], sets: list[tuple[int, ...]]
    ) -> tuple[int, ...] | None:
        """The component's option that is in every best answer (see `_settle`), if any."""
        try:
            options = _component_options(sets, _Budget(_GREEDY_OPTIONS))
        except _TooMany:
            return None
        vectors = {n: self._vector(facts[n]) for option in options for n in option}
        scored = [(o, self._totals((facts[n] for n in o), vectors)) for o in options]
        option, (sums, credits, count) = max(
            scored, key=lambda item: (item[1][1], item[1][2], item[1][0])
        )
        priorities = {n: self._unit_priority(facts[n]) for option in options for n in option}
        for other, (other_sums, other_credits, other_count) in scored:
            if other is option:
                continue
            if not (
                credits >= other_credits
                and count >= other_count
                and all(a >= b for a, b in zip(sums, other_sums, strict=True))
                and (
                    credits > other_credits
                    or count > other_count
                    # A tie in everything the score counts: the exhaustive search takes the
                    # lower unit numbers, the greedy one the option it starts from. Settled
                    # only where both agree, so that settling changes neither's answer.
                    or (
                        option < other
                        and _option_priority(priorities, option)
                        > _option_priority(priorities, other)
                    )
                )
            ):
                return None
        return option

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
