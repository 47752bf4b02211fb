"""The groups of claimed-unit states that every page, query and processing step reads."""

import re
from pathlib import Path

from claims.models import ClaimedUnit, UnitState


def test_counting_states_become_results_and_undecided_ones_wait_for_the_moderator() -> None:
    assert UnitState.counting() == {
        UnitState.CLAIMED,
        UnitState.OTHER_AB,
        UnitState.ACCEPTED,
        UnitState.AMENDED,
    }
    assert UnitState.undecided() == {UnitState.CLAIMED, UnitState.OTHER_AB}
    assert UnitState.undecided() <= UnitState.counting()
    assert UnitState.NOT_ACCEPTED not in UnitState.counting()


def test_a_claimed_unit_reads_to_review_until_the_moderator_decides() -> None:
    assert ClaimedUnit(state=UnitState.OTHER_AB).state_label == "To review"
    assert ClaimedUnit(state=UnitState.AMENDED).state_label == "Amended"
    assert ClaimedUnit(state=UnitState.ACCEPTED).is_accepted
    assert not ClaimedUnit(state=UnitState.CLAIMED).is_accepted


def test_no_template_compares_a_unit_state_with_a_string() -> None:
    root = Path(__file__).resolve().parents[2]
    states = "|".join(UnitState.values)
    compared = re.compile(rf"\.state\s*[!=]=\s*[\"']({states})[\"']")
    offenders = [
        str(path.relative_to(root))
        for path in root.glob("*/templates/**/*.html")
        if compared.search(path.read_text())
    ]
    assert offenders == []
