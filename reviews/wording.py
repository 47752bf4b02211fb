"""How a reviewed decision is worded on the pages and in the emails."""

from claims.models import ClaimedUnit, UnitState

from .models import ItemDecision, ReviewItem


def state_words(state: str, grade: str) -> str:
    """A unit's outcome in the centre's words: "Accepted", "Merit (amended)", "Withdrawn"."""
    if state in UnitState.undecided():
        label = "Accepted as claimed"
    elif state == UnitState.AMENDED:
        label = "Grade amended"
    else:
        label = UnitState(state).label
    return f"{label} ({grade})" if grade else label


def what_it_was(item: ReviewItem) -> str:
    return state_words(item.state_before, item.grade_before)


def what_it_is(item: ReviewItem, unit: ClaimedUnit) -> str:
    """The review's decision: upheld, or what it changed to."""
    if item.decision == ItemDecision.UPHELD:
        return "Upheld"
    if item.decision == ItemDecision.CHANGED:
        return f"Changed to {state_words(unit.state, unit.grade).lower()}"
    return "To decide"


def item_line(item: ReviewItem, unit: ClaimedUnit) -> str:
    candidate = unit.claim_candidate.candidate
    line = (
        f"{candidate.name} ({candidate.number}), unit {unit.unit.number} {unit.unit.title}: "
        f"{what_it_was(item)}. {what_it_is(item, unit)}"
    )
    return f"{line}: {item.reason}" if item.reason else line
