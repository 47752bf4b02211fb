"""Working out a qualification grade from unit grades, as Pearson does for QCF BTECs.

Pearson's published method ("Calculating your overall BTEC grade (QCF)"): convert each unit
grade into points (its credits times the points a credit for its grade, e.g. Pass 7, Merit 8,
Distinction 9 at Level 3); add the points of the mandatory units and the best optional units the
rules of combination allow, using part of a higher-graded unit when the credits needed end
within it; compare the total with the grade thresholds. A candidate who meets the rules of
combination has at least the lowest grade; one who does not has no grade.

How the choice is made, so that every answer can be explained and never depends on unit order:

1. The rules of combination decide the award (:meth:`~.engine.Engine.evaluate`): not met, no
   grade.
2. Each maximal way the units may count together (barred combinations and the cap on other
   awarding bodies' credits respected) that meets the rules is scored; the way with the most
   points wins, then the most credits, the most units, and the lowest unit numbers. Past
   :data:`GRADING_LIMIT` ways, the units the rules engine counted are scored instead.
3. Within the way, with `best_credits`, mandatory units count in full, then the other units
   by points a credit (highest first, then lowest unit number), the last one in part.
4. The grade is the highest whose points are reached and whose conditions (and those of every
   grade below it) hold for the units the candidate holds.

Because the points only grow with more units or better grades, and conditions only ask for
better grades, more or better units never lower the grade (within :data:`GRADING_LIMIT`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from .engine import Engine, engine_for
from .grades import (
    UNGRADED,
    UNIT_GRADES,
    CountedUnit,
    GradeCondition,
    GradedUnit,
    GradingRules,
    OnCourse,
    PointsPer,
    QualificationGrade,
    Raise,
    UnitGrades,
    unit_grade_rank,
)
from .search import _conflicts
from .types import Evaluation, Rule, RuleKind, _distinct

#: "What would raise it" looks at most this many more units: beyond that it is not advice.
MOST_MORE_UNITS = 3

#: Past this many ways of counting the units together, the grade counts the units the rules
#: engine chose: pages grade many candidates, and each way is judged against the rules.
GRADING_LIMIT = 256

_Score = tuple[int, int, int]  # points, credits, number of units


class Grader:
    """One qualification's rules of combination and grading rules, compiled for many candidates.

    `grading` None (or without thresholds) is a qualification graded Pass only: its only grade
    is :data:`UNGRADED`.
    """

    __slots__ = ("_by_level", "_clashes", "_mandatory", "_rates", "engine", "grading")

    def __init__(self, rules: Sequence[Rule], grading: GradingRules | None) -> None:
        self.engine: Engine = engine_for(rules)
        self.grading = grading
        self._mandatory = frozenset(
            n for rule in rules if rule.kind == RuleKind.MANDATORY for n in _distinct(rule.units)
        )
        barred = [tuple(_distinct(rule.units)) for rule in rules if rule.kind == RuleKind.BARRED]
        self._clashes = {n: frozenset(c) for n, c in _conflicts(barred).items()}
        # (unit grade, level or size) -> points; key None is the row for any level.
        self._rates: dict[tuple[str, int | None], int] = {}
        if grading is not None:
            per_unit = grading.points_per == PointsPer.UNIT
            for row in grading.points:
                key = row.size if per_unit else row.level
                self._rates.setdefault((row.unit_grade or UNIT_GRADES[0], key), row.points)
        self._by_level = grading is not None and any(
            row.level is not None for row in grading.points
        )

    # Points.

    def unit_points(self, unit: GradedUnit) -> int:
        """What the whole unit scores: points a credit times credits, or points for its size."""
        grade = unit.grade or UNIT_GRADES[0]
        if self.grading is not None and self.grading.points_per == PointsPer.UNIT:
            return self._rates.get((grade, unit.credits), 0)
        return self._rate(unit) * unit.credits

    def _rate(self, unit: GradedUnit) -> int:
        """Points a credit for the unit's grade: the row for its level, else the one for any."""
        grade = unit.grade or UNIT_GRADES[0]
        rates = self._rates
        rate = rates.get((grade, unit.level))
        return rates.get((grade, None), 0) if rate is None else rate

    def _count(self, way: Sequence[GradedUnit]) -> tuple[int, tuple[CountedUnit, ...]]:
        grading = self.grading
        mandatory = self._mandatory
        best = grading.best_credits if grading is not None else None
        if best is None or grading is None or grading.points_per == PointsPer.UNIT:
            counted = [self._counted(u, u.credits, self.unit_points(u)) for u in way]
        else:
            counted = [
                self._counted(u, u.credits, self.unit_points(u))
                for u in way
                if u.number in mandatory
            ]
            room = best - sum(c.credits for c in counted)
            others = sorted(
                (u for u in way if u.number not in mandatory),
                key=lambda u: (-self._rate(u), u.number),
            )
            for unit in others:
                if room <= 0:
                    break
                take = min(unit.credits, room)
                counted.append(self._counted(unit, take, take * self._rate(unit)))
                room -= take
        counted.sort(key=lambda c: c.number)
        return sum(c.points for c in counted), tuple(counted)

    def _counted(self, unit: GradedUnit, credits: int, points: int) -> CountedUnit:
        return CountedUnit(
            number=unit.number,
            grade=unit.grade or UNIT_GRADES[0],
            credits=credits,
            unit_credits=unit.credits,
            points=points,
            mandatory=unit.number in self._mandatory,
        )

    # The grade.

    def grade(self, units: Iterable[GradedUnit]) -> QualificationGrade:
        """The qualification grade these units give (see the module's description)."""
        held = _dedupe(units)
        facts = [unit.fact for unit in held.values()]
        evaluation = self.engine.evaluate(facts)
        grading = self.grading
        if not evaluation.met:
            return QualificationGrade(None, evaluation, graded=grading is not None)
        if grading is None or not grading.thresholds:
            counted = tuple(self._counted(held[n], held[n].credits, 0) for n in evaluation.counted)
            return QualificationGrade(UNGRADED, evaluation, counted=counted)
        ways = self.engine.combinations(facts, limit=GRADING_LIMIT)
        if ways is None:
            ways = [tuple(held[n].fact for n in evaluation.counted)]
        best: tuple[_Score, tuple[int, ...], int, tuple[CountedUnit, ...]] | None = None
        for way in ways:
            # A way that leaves units out is judged on its own; all of them meet the rules.
            if len(way) < len(facts) and not self.engine.evaluate(way).met:
                continue
            numbers = tuple(sorted(fact.number for fact in way))
            points, counted = self._count([held[n] for n in numbers])
            score = (points, sum(held[n].credits for n in numbers), len(numbers))
            if best is None or score > best[0] or (score == best[0] and numbers < best[1]):
                best = (score, numbers, points, counted)
        if best is None:  # the rules engine's own choice always meets the rules
            numbers = evaluation.counted
            points, counted = self._count([held[n] for n in numbers])
        else:
            _, _, points, counted = best
        return self._judge(held, evaluation, points, counted)

    def _judge(
        self,
        held: dict[int, GradedUnit],
        evaluation: Evaluation,
        points: int,
        counted: tuple[CountedUnit, ...],
    ) -> QualificationGrade:
        grading = self.grading
        assert grading is not None
        thresholds = grading.thresholds
        reached = 0
        for index, threshold in enumerate(thresholds[1:], start=1):
            if threshold.points is not None and points >= threshold.points:
                reached = index
        held_back: GradeCondition | None = None
        grades = grading.grades
        for condition in grading.conditions:
            if condition.grade not in grades:
                continue
            index = grades.index(condition.grade)
            if 0 < index <= reached and not self._holds(condition, held):
                reached, held_back = index - 1, condition
        above = thresholds[reached + 1] if reached + 1 < len(thresholds) else None
        return QualificationGrade(
            grade=grades[reached],
            evaluation=evaluation,
            points=points,
            counted=counted,
            graded=True,
            best_credits=grading.best_credits,
            next_grade=above,
            held_back=held_back,
        )

    def _holds(self, condition: GradeCondition, held: dict[int, GradedUnit]) -> bool:
        needed = unit_grade_rank(condition.unit_grade)
        units = _distinct(condition.units) or tuple(sorted(self._mandatory))
        return all(n in held and unit_grade_rank(held[n].grade) >= needed for n in units)

    # On course, and what would raise it.

    def on_course(
        self,
        achieved: Iterable[GradedUnit],
        claimed: Iterable[GradedUnit],
        available: Iterable[UnitGrades],
    ) -> OnCourse:
        """The grade achieved and claimed units give, and the fewest more units that raise it.

        `available` are the qualification's units, with the grades each can be given.
        """
        units = [*achieved, *claimed]
        grade = self.grade(units)
        return OnCourse(grade, self.raises(units, available, current=grade))

    def raises(
        self,
        units: Iterable[GradedUnit],
        available: Iterable[UnitGrades],
        *,
        current: QualificationGrade | None = None,
        most: int = MOST_MORE_UNITS,
    ) -> tuple[Raise, ...]:
        """Ways to each higher grade: the fewest more units, at the lowest unit grade, of the
        smallest size; each way is listed with the highest grade it gives.

        Only units the candidate does not hold and that clash with none they hold are
        considered, as units of the candidate's own awarding body. Nothing when the rules of
        combination are not met or the qualification has no grading rules.
        """
        if self.grading is None or not self.grading.thresholds:
            return ()
        held = _dedupe(units)
        current = current or self.grade(held.values())
        if current.grade is None:
            return ()
        grades = self.grading.grades
        free = [
            unit
            for unit in sorted(available, key=lambda u: u.number)
            if unit.number not in held
            and not self._clashes.get(unit.number, frozenset()) & held.keys()
        ]
        found: list[Raise] = []
        reached = grades.index(current.grade)
        for target in range(reached + 1, len(grades)):
            if target <= reached:
                continue
            way = self._cheapest(list(held.values()), free, target, most)
            if way is None:
                break  # a higher grade needs at least as much
            found.append(way)
            reached = grades.index(way.grade)
        return tuple(found)

    def _cheapest(
        self, held: list[GradedUnit], free: list[UnitGrades], target: int, most: int
    ) -> Raise | None:
        assert self.grading is not None
        grades = self.grading.grades
        for count in range(1, most + 1):
            for unit_grade in UNIT_GRADES:
                for (credits, level), members in self._sizes(free, unit_grade):
                    chosen = self._compatible(members, count)
                    if chosen is None:
                        continue
                    trial = held + [
                        GradedUnit(u.number, u.credits, u.level, unit_grade) for u in chosen
                    ]
                    result = self.grade(trial)
                    if result.grade is not None and grades.index(result.grade) >= target:
                        return Raise(result.grade, unit_grade, count, credits, level)
        return None

    def _sizes(
        self, free: list[UnitGrades], unit_grade: str
    ) -> list[tuple[tuple[int, int | None], list[UnitGrades]]]:
        """Free units that can be given `unit_grade`, by credits (and level, when it counts)."""
        sizes: dict[tuple[int, int | None], list[UnitGrades]] = {}
        for unit in free:
            if unit_grade in unit.grades:
                key = (unit.credits, unit.level if self._by_level else None)
                sizes.setdefault(key, []).append(unit)
        return sorted(sizes.items(), key=lambda item: (item[0][0], item[0][1] or 0))

    def _compatible(self, members: list[UnitGrades], count: int) -> list[UnitGrades] | None:
        """The lowest-numbered `count` units that may all count together, if there are so many."""
        chosen: list[UnitGrades] = []
        taken: set[int] = set()
        for unit in members:
            if not self._clashes.get(unit.number, frozenset()) & taken:
                chosen.append(unit)
                taken.add(unit.number)
                if len(chosen) == count:
                    return chosen
        return None


def _dedupe(units: Iterable[GradedUnit]) -> dict[int, GradedUnit]:
    """One unit per number, sorted by number; of repeats, the one that helps the candidate most
    (own awarding body, then best grade, most credits, highest level)."""
    held: dict[int, GradedUnit] = {}
    for unit in units:
        seen = held.get(unit.number)
        if seen is None or _rank(unit) > _rank(seen):
            held[unit.number] = unit
    return dict(sorted(held.items()))


def _rank(unit: GradedUnit) -> tuple[bool, int, int, int]:
    return (not unit.other_ab, unit_grade_rank(unit.grade), unit.credits, unit.level)


@lru_cache(maxsize=256)
def _cached_grader(rules: tuple[Rule, ...], grading: GradingRules | None) -> Grader:
    return Grader(rules, grading)


def grader_for(rules: Sequence[Rule], grading: GradingRules | None) -> Grader:
    """The compiled :class:`Grader` for a qualification, reused across calls with equal rules."""
    key = tuple(rules)
    try:
        return _cached_grader(key, grading)
    except TypeError:
        # Rules built with unhashable fields (say a list of units) still grade, uncached.
        return Grader(key, grading)


def qualification_grade(
    rules: Sequence[Rule], grading: GradingRules | None, units: Iterable[GradedUnit]
) -> QualificationGrade:
    """The qualification grade a candidate's achieved units give."""
    return grader_for(rules, grading).grade(units)


def on_course_for(
    rules: Sequence[Rule],
    grading: GradingRules | None,
    *,
    achieved: Iterable[GradedUnit],
    claimed: Iterable[GradedUnit] = (),
    available: Iterable[UnitGrades] = (),
) -> OnCourse:
    """The grade achieved and claimed units give, and what would raise it."""
    return grader_for(rules, grading).on_course(achieved, claimed, available)
