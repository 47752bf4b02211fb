"""Qualification grades as data: grading rules, a candidate's graded units, and the answers.

A qualification's grading rules say how many points each unit grade is worth (a credit, or a
unit of a given size), which credits count, the points each qualification grade needs, and any
condition a grade has on unit grades. :mod:`.grading` works the grade out; the sentences are in
:mod:`.wording`; :func:`~.validation.validate_grading` checks the rules before they are stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .types import Evaluation, UnitFact

#: The grades a unit can be given, lowest first; an ungraded unit is simply a Pass.
UNIT_GRADES: tuple[str, ...] = ("Pass", "Merit", "Distinction")

#: The qualification grade of a qualification without grading rules, once the award is met.
UNGRADED = "Pass"


def unit_grade_rank(grade: str) -> int:
    """Where a unit grade stands among :data:`UNIT_GRADES`; blank (ungraded) is a Pass."""
    try:
        return UNIT_GRADES.index(grade or UNIT_GRADES[0])
    except ValueError:
        raise ValueError(f"unknown unit grade {grade!r}") from None


class PointsPer(StrEnum):
    """What a unit grade's points are counted by."""

    CREDIT = "credit"
    """Points a credit: a unit scores its credits times the points for its grade."""
    UNIT = "unit"
    """Points a unit of a size: a unit of that many credits scores the points for its grade."""


@dataclass(frozen=True)
class GradePoints:
    """The points one unit grade is worth.

    With points a credit, `level` limits the row to units at that level (None: any level; a
    row for the unit's own level wins). With points a unit, `size` is the unit's credits.
    """

    unit_grade: str
    points: int
    level: int | None = None
    size: int | None = None


@dataclass(frozen=True)
class GradeThreshold:
    """A qualification grade and the points it needs.

    The lowest grade has no points: it is given whenever the rules of combination are met
    (Pearson's QCF rule: "learners who achieve the minimum eligible credit value specified by
    the rule of combination will achieve the qualification at pass grade").
    """

    grade: str
    points: int | None = None


@dataclass(frozen=True)
class GradeCondition:
    """A qualification grade (and every grade above it) needs these units at `unit_grade` or
    better; no units means every mandatory unit."""

    grade: str
    unit_grade: str
    units: tuple[int, ...] = ()


@dataclass(frozen=True)
class GradingRules:
    """How a qualification's grade comes from its unit grades; `thresholds` lowest first.

    `best_credits`: with points a credit, only this many credits count: the mandatory units
    first, then the other counted units with the most points a credit, part of a unit filling
    the last credits. None counts every unit that counts towards the award.
    """

    thresholds: tuple[GradeThreshold, ...]
    points: tuple[GradePoints, ...]
    points_per: PointsPer = PointsPer.CREDIT
    best_credits: int | None = None
    conditions: tuple[GradeCondition, ...] = ()

    @property
    def grades(self) -> tuple[str, ...]:
        """The qualification grades, lowest first."""
        return tuple(threshold.grade for threshold in self.thresholds)


@dataclass(frozen=True)
class GradedUnit:
    """A unit a candidate holds (achieved or claimed) with its grade; blank grade is a Pass."""

    number: int
    credits: int
    level: int
    grade: str = UNIT_GRADES[0]
    other_ab: bool = False

    @property
    def fact(self) -> UnitFact:
        """The unit as the rules of combination see it."""
        return UnitFact(self.number, self.credits, self.level, self.other_ab)


@dataclass(frozen=True)
class UnitGrades:
    """A unit of the qualification and the grades it can be given (for checks and advice)."""

    number: int
    credits: int
    level: int
    grades: tuple[str, ...] = (UNIT_GRADES[0],)


@dataclass(frozen=True)
class CountedUnit:
    """A unit's part in the qualification grade: `credits` of its `unit_credits` counted."""

    number: int
    grade: str
    credits: int
    unit_credits: int
    points: int
    mandatory: bool = False

    @property
    def partial(self) -> bool:
        """Only part of the unit counts, filling the last of the best credits."""
        return self.credits < self.unit_credits


@dataclass(frozen=True)
class QualificationGrade:
    """The qualification grade a set of units gives, and why.

    `grade` is None when the rules of combination are not met (`evaluation` says what is
    missing); a qualification without grading rules gives :data:`UNGRADED` with no points.
    `counted` are the units behind the points, in unit order. `next_grade` is the grade above,
    if any; `held_back` the condition that keeps a grade the points reach from being given.
    `evaluation` judges all the units against the rules of combination (met, what is missing);
    where barred combinations or the cap leave a choice, the grade may count other units than
    that evaluation does, the ones worth the most points.
    """

    grade: str | None
    evaluation: Evaluation
    points: int | None = None
    counted: tuple[CountedUnit, ...] = ()
    graded: bool = False
    best_credits: int | None = None
    next_grade: GradeThreshold | None = None
    held_back: GradeCondition | None = None

    @property
    def met(self) -> bool:
        """Whether the rules of combination are met: then there is a grade."""
        return self.grade is not None

    @property
    def points_to_next(self) -> int | None:
        """How many more points the next grade needs (0 when only a condition holds it back)."""
        if self.next_grade is None or self.next_grade.points is None or self.points is None:
            return None
        return max(self.next_grade.points - self.points, 0)

    @property
    def sentence(self) -> str:
        """The grade in a sentence, e.g. "Merit: 124 points from the best 16 credits"."""
        from .wording import grade_sentence

        return grade_sentence(self)


@dataclass(frozen=True)
class Raise:
    """One way to a higher grade: `count` more units of `credits` credits (at `level`, when the
    points depend on it) at `unit_grade` give `grade` overall."""

    grade: str
    unit_grade: str
    count: int
    credits: int
    level: int | None = None

    @property
    def sentence(self) -> str:
        """E.g. "a Merit in one more 4-credit unit gives Merit overall"."""
        from .wording import raise_sentence

        return raise_sentence(self)


@dataclass(frozen=True)
class OnCourse:
    """The grade achieved and claimed units give, and the fewest more units that raise it."""

    grade: QualificationGrade
    raises: tuple[Raise, ...] = ()

    @property
    def sentences(self) -> list[str]:
        """What the candidate is on course for, then each way to raise it."""
        from .wording import on_course_sentence

        return [on_course_sentence(self.grade), *(r.sentence for r in self.raises)]
