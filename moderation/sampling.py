"""The moderation sample: which candidates' work the moderator asks the centre for.

A pure module (no database): given each candidate's centre assessors, units and grades, it
proposes a sample of the size SPEC.md §5 sets that always covers every centre assessor, every
unit claimed and every grade given. Coverage comes first (a greedy set cover, which is within a
small factor of the smallest cover and fast for a thousand candidates); the rest of the sample is
filled in an order fixed by a seed, so the same claim always gets the same proposal and two
claims of one centre do not get the same candidates picked every time.
"""

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# (smallest claim size this row applies to, sample size), largest first.
SAMPLE_SIZES: tuple[tuple[int, int], ...] = ((201, 25), (101, 20), (16, 15))
ALL_CANDIDATES_UP_TO = 15


@dataclass(frozen=True)
class SampleItem:
    """One candidate on the claim as the sample sees them."""

    candidate_id: int
    assessors: frozenset[str] = field(default_factory=frozenset)
    units: frozenset[int] = field(default_factory=frozenset)
    grades: frozenset[str] = field(default_factory=frozenset)

    def covers(self) -> frozenset[tuple[str, str]]:
        return frozenset(
            [("assessor", a) for a in self.assessors]
            + [("unit", str(u)) for u in self.units]
            + [("grade", g) for g in self.grades if g]
        )


@dataclass(frozen=True)
class Coverage:
    """What a sample leaves out: empty sets mean it covers the whole claim."""

    assessors: frozenset[str]
    units: frozenset[int]
    grades: frozenset[str]

    @property
    def complete(self) -> bool:
        return not (self.assessors or self.units or self.grades)


def target_size(population: int) -> int:
    """How many candidates the sample should have for a claim of `population` candidates."""
    if population <= ALL_CANDIDATES_UP_TO:
        return population
    for smallest, size in SAMPLE_SIZES:
        if population >= smallest:
            return size
    return population  # pragma: no cover - the table above reaches down to 16


def _seeded_order(ids: Iterable[int], seed: int) -> list[int]:
    ordered = sorted(set(ids))
    random.Random(seed).shuffle(ordered)
    return ordered


def cover(items: Sequence[SampleItem], *, seed: int) -> list[int]:
    """Candidates who between them cover every assessor, unit and grade, chosen greedily.

    Each step takes the candidate who covers most of what is still uncovered; ties go to the
    earlier candidate in the seeded order. Returned in the order chosen.
    """
    by_id = {item.candidate_id: item for item in items}
    rank = {
        candidate_id: position for position, candidate_id in enumerate(_seeded_order(by_id, seed))
    }
    remaining = {candidate_id: item.covers() for candidate_id, item in by_id.items()}
    uncovered = set().union(*remaining.values())
    chosen: list[int] = []
    while uncovered:
        best = max(remaining, key=lambda c: (len(remaining[c] & uncovered), -rank[c]))
        chosen.append(best)
        uncovered -= remaining.pop(best)
    return chosen


def propose(items: Sequence[SampleItem], *, seed: int) -> list[int]:
    """The candidate ids of the proposed sample, in the seeded order.

    The sample has `target_size` candidates, or more when covering every assessor, unit and
    grade needs more: the greedy cover first, then candidates in the seeded order. The answer
    does not depend on the order of `items`.
    """
    order = _seeded_order((item.candidate_id for item in items), seed)
    target = target_size(len(order))
    if target >= len(order):
        return order
    picked = set(cover(items, seed=seed))
    for candidate_id in order:
        if len(picked) >= target:
            break
        picked.add(candidate_id)
    return [candidate_id for candidate_id in order if candidate_id in picked]


def coverage(items: Sequence[SampleItem], chosen: Iterable[int]) -> Coverage:
    """The assessors, units and grades of the claim that the chosen candidates do not cover."""
    chosen_ids = set(chosen)
    picked = [item for item in items if item.candidate_id in chosen_ids]
    return Coverage(
        assessors=frozenset().union(*(i.assessors for i in items))
        - frozenset().union(*(i.assessors for i in picked)),
        units=frozenset().union(*(i.units for i in items))
        - frozenset().union(*(i.units for i in picked)),
        grades=frozenset(g for i in items for g in i.grades if g)
        - frozenset(g for i in picked for g in i.grades),
    )
