"""A claimed unit's outcome: the one model of what moderation decided about it, which every
reader uses (View claim and its grid, CSV, PDF and print page, the candidate claim page, the
claim's History, the API, the feedback report) and from which results are made.

A unit is claimed; the moderator accepts it, amends its grade (from → to), withdraws it, or it
is not accepted (a malpractice case upheld); a candidate held for malpractice holds every unit
of theirs on the claim until the case is closed. A unit the moderator never decided is accepted
as claimed when the claim is sent on.

`outcome_of` is pure: it takes plain values, so a page reading thousands of units as rows (the
grid reads them as strings joined by the database) and processing reading model instances both
ask the same function.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q

from .models import UnitState

if TYPE_CHECKING:
    from .models import ClaimedUnit


class Outcome(StrEnum):
    TO_REVIEW = "to_review"
    ACCEPTED = "accepted"
    AMENDED = "amended"
    WITHDRAWN = "withdrawn"
    NOT_ACCEPTED = "not_accepted"
    HELD = "held"


#: Outcomes whose unit becomes a result when the claim is processed.
PUBLISHED = frozenset({Outcome.TO_REVIEW, Outcome.ACCEPTED, Outcome.AMENDED})

#: Outcomes the moderator decided that publish: "Total number of accepted units" counts these.
ACCEPTED = frozenset({Outcome.ACCEPTED, Outcome.AMENDED})

#: The grid's letter for a graded unit, by its grade.
GRADE_LETTERS = {"Pass": "P", "Merit": "M", "Distinction": "D", "Distinction*": "D*"}

#: The grid's codes for units that will not become results, and for a held candidate's units.
WITHDRAWN_CODE = "W"
NOT_ACCEPTED_CODE = "N"
HELD_CODE = "H"

#: What each code means, in the order a legend lists them (the seed guide's words: "C: claimed").
LEGEND = {
    "C": "claimed",
    "T": "transferred from another awarding body",
    "P": "pass",
    "M": "merit",
    "D": "distinction",
    "D*": "distinction*",
    WITHDRAWN_CODE: "withdrawn by the examiner-moderator",
    NOT_ACCEPTED_CODE: "not accepted",
    HELD_CODE: "held: malpractice case open",
}


@dataclass(frozen=True)
class UnitOutcome:
    """What moderation decided about one claimed unit, as far as it has decided."""

    outcome: Outcome
    #: The grade results publish: the amended grade when amended, else as claimed ("" ungraded).
    grade: str
    #: The grade the centre claimed.
    claimed_grade: str
    reason: str = ""
    other_awarding_body: bool = False

    @property
    def publishes(self) -> bool:
        """Whether processing makes this unit a result."""
        return self.outcome in PUBLISHED

    @property
    def accepted(self) -> bool:
        """Whether the moderator accepted it, as claimed or with an amended grade."""
        return self.outcome in ACCEPTED

    @property
    def label(self) -> str:
        """The centre's words for it (the candidate claim page's "State" column)."""
        if self.outcome is Outcome.TO_REVIEW:
            return ""
        if self.outcome is Outcome.ACCEPTED:
            return "Accepted"
        if self.outcome is Outcome.AMENDED:
            return f"{self.grade} (amended from {self.claimed_grade})"
        if self.outcome is Outcome.WITHDRAWN:
            return f"Withdrawn: {self.reason}" if self.reason else "Withdrawn"
        if self.outcome is Outcome.NOT_ACCEPTED:
            return "Not accepted"
        return "Held"

    def code(self, *, grade_letters: bool = True) -> str:
        """The unit's code on the claim's grid: W withdrawn, N not accepted, H held; else T
        for a unit from another awarding body, the grade's letter for a graded unit (unless an
        awarding body keeps the plain C), or C."""
        if self.outcome is Outcome.WITHDRAWN:
            return WITHDRAWN_CODE
        if self.outcome is Outcome.NOT_ACCEPTED:
            return NOT_ACCEPTED_CODE
        if self.outcome is Outcome.HELD:
            return HELD_CODE
        if self.other_awarding_body:
            return "T"
        if grade_letters and self.grade in GRADE_LETTERS:
            return GRADE_LETTERS[self.grade]
        return "C"


def outcome_of(
    *,
    state: str,
    grade: str = "",
    original_grade: str = "",
    reason: str = "",
    awarding_body: str = "",
    held: bool = False,
) -> UnitOutcome:
    """The outcome of a claimed unit from its stored state; `held` when its candidate has an
    open malpractice case on the claim (held wins over every decision until the case closes)."""
    other = bool(awarding_body)
    claimed = original_grade or grade
    if held:
        return UnitOutcome(Outcome.HELD, grade, claimed, reason, other)
    if state == UnitState.ACCEPTED:
        return UnitOutcome(Outcome.ACCEPTED, grade, claimed, reason, other)
    if state == UnitState.AMENDED:
        return UnitOutcome(Outcome.AMENDED, grade, claimed, reason, other)
    if state == UnitState.NOT_ACCEPTED:
        return UnitOutcome(Outcome.NOT_ACCEPTED, grade, claimed, reason, other)
    if state == UnitState.WITHDRAWN:
        return UnitOutcome(Outcome.WITHDRAWN, grade, claimed, reason, other)
    return UnitOutcome(Outcome.TO_REVIEW, grade, claimed, reason, other)


def publishing_states() -> frozenset[str]:
    """The stored states whose unit publishes when its candidate is not held: asked of
    `outcome_of` itself, so the database's filter and the per-unit answer cannot drift apart."""
    return frozenset(state for state in UnitState.values if outcome_of(state=state).publishes)


def publishes_filter(prefix: str = "") -> Q:
    """The claimed units that `outcome_of(...).publishes`, as a filter on ClaimedUnit (or on
    a relation to it, given its `prefix` such as "units__"). A withdrawn candidate's units are
    all withdrawn; the candidate's flag is checked too, so no older row can slip through."""
    return Q(
        **{
            f"{prefix}state__in": publishing_states(),
            f"{prefix}claim_candidate__malpractice": False,
            f"{prefix}claim_candidate__withdrawn": False,
        }
    )


def held_filter(prefix: str = "") -> Q:
    """The claimed units that would publish but for their candidate's open malpractice case."""
    return Q(
        **{
            f"{prefix}state__in": publishing_states(),
            f"{prefix}claim_candidate__malpractice": True,
            f"{prefix}claim_candidate__withdrawn": False,
        }
    )


def outcome_of_unit(unit: ClaimedUnit, *, held: bool) -> UnitOutcome:
    """The outcome of a claimed unit read as a model instance."""
    return outcome_of(
        state=unit.state,
        grade=unit.grade,
        original_grade=unit.original_grade,
        reason=unit.outcome_reason,
        awarding_body=unit.awarding_body,
        held=held,
    )


def grid_grade_letters(*, draft: bool) -> bool:
    """Whether the claim's grid shows graded units by their grade's letter (P, M, D) rather
    than the seed's plain C. An awarding body may keep C (`CLAIM_GRID_GRADE_LETTERS`); a claim
    in progress always shows C and T, as the centre built it, until it is submitted."""
    return bool(settings.CLAIM_GRID_GRADE_LETTERS) and not draft


def legend_for(codes: set[str] | frozenset[str]) -> tuple[tuple[str, str], ...]:
    """The key under a grid: the meaning of each of these codes, in the legend's order."""
    return tuple((code, meaning) for code, meaning in LEGEND.items() if code in codes)


def accepted_units() -> Q:
    """The claimed units whose outcome is accepted (`UnitOutcome.accepted`), as a filter on
    `ClaimedUnit`, for counting them in the database; it asks `outcome_of` which states those
    are, so it cannot say otherwise."""
    states = [state for state in UnitState.values if outcome_of(state=state).accepted]
    return Q(state__in=states, claim_candidate__malpractice=False)
