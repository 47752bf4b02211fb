"""The one model of a claimed unit's outcome: what each stored state means to every reader."""

from typing import Any, cast

import pytest

from claims.models import UnitState
from claims.outcomes import Outcome, accepted_units, grid_grade_letters, legend_for, outcome_of


@pytest.mark.parametrize(
    ("state", "outcome", "publishes"),
    [
        (UnitState.CLAIMED, Outcome.TO_REVIEW, True),
        (UnitState.OTHER_AB, Outcome.TO_REVIEW, True),
        (UnitState.ACCEPTED, Outcome.ACCEPTED, True),
        (UnitState.AMENDED, Outcome.AMENDED, True),
        (UnitState.WITHDRAWN, Outcome.WITHDRAWN, False),
        (UnitState.NOT_ACCEPTED, Outcome.NOT_ACCEPTED, False),
    ],
)
def test_each_state_is_one_outcome_and_only_decided_or_undecided_units_publish(
    state: str, outcome: Outcome, publishes: bool
) -> None:
    found = outcome_of(state=state)
    assert (found.outcome, found.publishes) == (outcome, publishes)


def test_a_held_candidates_units_are_held_whatever_was_decided() -> None:
    for state in UnitState.values:
        held = outcome_of(state=state, grade="Merit", held=True)
        assert (held.outcome, held.publishes, held.label, held.code()) == (
            Outcome.HELD,
            False,
            "Held",
            "H",
        )


def test_the_centres_words_and_the_grids_codes() -> None:
    amended = outcome_of(state=UnitState.AMENDED, grade="Pass", original_grade="Merit")
    assert (amended.label, amended.grade, amended.claimed_grade) == (
        "Pass (amended from Merit)",
        "Pass",
        "Merit",
    )
    assert amended.code() == "P" and amended.code(grade_letters=False) == "C"
    withdrawn = outcome_of(state=UnitState.WITHDRAWN, reason="No evidence of criterion 3")
    assert (withdrawn.label, withdrawn.code()) == ("Withdrawn: No evidence of criterion 3", "W")
    assert outcome_of(state=UnitState.NOT_ACCEPTED).code() == "N"
    assert outcome_of(state=UnitState.ACCEPTED, awarding_body="AQA").code() == "T"
    assert outcome_of(state=UnitState.CLAIMED).code() == "C"
    assert outcome_of(state=UnitState.ACCEPTED, grade="Distinction").code() == "D"


def test_a_legend_lists_only_the_codes_given_in_the_keys_order() -> None:
    assert legend_for({"W", "C", "M"}) == (
        ("C", "claimed"),
        ("M", "merit"),
        ("W", "withdrawn by the examiner-moderator"),
    )
    assert legend_for(set()) == ()


def test_a_claim_in_progress_shows_no_grade_letters(settings: Any) -> None:
    assert grid_grade_letters(draft=False) is True
    assert grid_grade_letters(draft=True) is False
    settings.CLAIM_GRID_GRADE_LETTERS = False
    assert grid_grade_letters(draft=False) is False


def test_only_accepted_and_amended_units_count_as_accepted() -> None:
    assert [state for state in UnitState if outcome_of(state=state).accepted] == [
        UnitState.ACCEPTED,
        UnitState.AMENDED,
    ]
    assert not outcome_of(state=UnitState.ACCEPTED, held=True).accepted
    condition = dict(cast(list[tuple[str, Any]], accepted_units().children))
    assert sorted(condition["state__in"]) == sorted([UnitState.ACCEPTED, UnitState.AMENDED])
    assert condition["claim_candidate__malpractice"] is False
