"""The proposed moderation sample: its size by SPEC.md §5, its coverage, its determinism."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.sampling import SampleItem, cover, coverage, propose, target_size


@pytest.mark.parametrize(
    ("population", "size"),
    [(0, 0), (1, 1), (15, 15), (16, 15), (100, 15), (101, 20), (200, 20), (201, 25), (5000, 25)],
)
def test_sample_sizes_follow_the_spec(population: int, size: int) -> None:
    assert target_size(population) == size


def _items(n: int, assessors: int = 1, units: int = 1, grades: int = 1) -> list[SampleItem]:
    return [
        SampleItem(
            candidate_id=i + 1,
            assessors=frozenset({f"A{i % assessors}"}),
            units=frozenset({i % units + 1}),
            grades=frozenset({f"G{i % grades}"}),
        )
        for i in range(n)
    ]


def test_a_claim_of_fifteen_or_fewer_is_sampled_whole() -> None:
    assert sorted(propose(_items(15, assessors=3), seed=1)) == list(range(1, 16))


def test_a_large_claim_gets_the_target_size_covering_every_assessor_unit_and_grade() -> None:
    items = _items(150, assessors=4, units=7, grades=3)
    chosen = propose(items, seed=78104)
    assert len(chosen) == 20
    assert coverage(items, chosen).complete


def test_coverage_wins_over_the_target_size() -> None:
    # 30 units, each claimed by one candidate only: covering them needs 30 of the 40.
    items = _items(40, units=30)
    chosen = propose(items, seed=3)
    assert len(chosen) == 30
    assert coverage(items, chosen).complete


def test_the_rare_assessor_is_always_in_the_sample() -> None:
    items = [*_items(99), SampleItem(candidate_id=1000, assessors=frozenset({"RARE"}))]
    assert 1000 in propose(items, seed=9)


def test_the_same_seed_gives_the_same_sample_and_another_seed_may_differ() -> None:
    items = _items(300, assessors=2, units=5)
    assert propose(items, seed=1) == propose(items, seed=1)
    assert {tuple(propose(items, seed=s)) for s in range(5)} != {tuple(propose(items, seed=1))}


def test_coverage_reports_what_a_hand_picked_sample_misses() -> None:
    items = [
        SampleItem(1, frozenset({"TA"}), frozenset({1}), frozenset({"Pass"})),
        SampleItem(2, frozenset({"JB"}), frozenset({4}), frozenset({"Merit"})),
    ]
    gaps = coverage(items, [1])
    assert gaps.assessors == {"JB"} and gaps.units == {4} and gaps.grades == {"Merit"}
    assert not gaps.complete


claims = st.lists(
    st.builds(
        SampleItem,
        candidate_id=st.integers(min_value=1, max_value=10_000),
        assessors=st.frozensets(st.sampled_from(["TA", "JB", "MK", "PQ", "RS"]), min_size=1),
        units=st.frozensets(st.integers(min_value=1, max_value=81), min_size=1, max_size=6),
        grades=st.frozensets(st.sampled_from(["Pass", "Merit", "Distinction"]), max_size=2),
    ),
    max_size=260,
    unique_by=lambda item: item.candidate_id,
)


@settings(max_examples=150, deadline=None)
@given(items=claims, seed=st.integers(min_value=0, max_value=2**31))
def test_every_proposal_covers_the_claim_has_at_least_the_target_size_and_only_its_candidates(
    items: list[SampleItem], seed: int
) -> None:
    chosen = propose(items, seed=seed)
    ids = {item.candidate_id for item in items}
    assert set(chosen) <= ids
    assert len(set(chosen)) == len(chosen)
    assert len(chosen) >= target_size(len(items))
    assert coverage(items, chosen).complete


@settings(max_examples=100, deadline=None)
@given(items=claims, seed=st.integers(min_value=0, max_value=2**31))
def test_the_proposal_does_not_depend_on_the_order_of_the_candidates(
    items: list[SampleItem], seed: int
) -> None:
    shuffled = list(items)
    random.Random(seed).shuffle(shuffled)
    assert propose(items, seed=seed) == propose(shuffled, seed=seed)


@settings(max_examples=100, deadline=None)
@given(items=claims, seed=st.integers(min_value=0, max_value=2**31))
def test_the_sample_is_the_cover_filled_up_to_the_target_and_no_larger(
    items: list[SampleItem], seed: int
) -> None:
    chosen = propose(items, seed=seed)
    greedy = cover(items, seed=seed)
    assert coverage(items, greedy).complete
    if target_size(len(items)) < len(items):
        assert set(greedy) <= set(chosen)
        assert len(chosen) == max(target_size(len(items)), len(greedy))
    # Each candidate the greedy cover takes adds something the earlier ones did not cover.
    seen: set[tuple[str, str]] = set()
    by_id = {item.candidate_id: item for item in items}
    for candidate_id in greedy:
        assert by_id[candidate_id].covers() - seen
        seen |= by_id[candidate_id].covers()
