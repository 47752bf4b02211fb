"""A qualification's grading rules between its rows and the rules engine's types.

Pages and processing read a qualification's grading rules with :func:`grading_rules` and hand
them, with the rules of combination (`catalogue.selectors.engine_rules`), to the engine's
`qualification_grade` / `on_course_for` / `grader_for`. Prefetch :data:`GRADING_PREFETCH` when
reading many qualifications. :func:`replace_grading` is how the catalogue's actions write them.

For one candidate, with achieved units (unit, grade, other awarding body) and the units a
claim adds (unit, "assessed as" grade)::

    grader = rules.grader_for(engine_rules(qualification), grading_rules(qualification))
    course = grader.on_course(
        [graded_unit(a.unit, a.grade, other_ab=bool(a.other_awarding_body)) for a in achieved],
        [graded_unit(c.unit, c.grade) for c in claimed],
        unit_grades(qualification.units.all()),
    )
    course.sentences  # ["On course for Merit (124 points …)", "a Merit in one more …"]
    grader.grade(achieved_units).grade  # the award's grade, from results alone
"""

from collections.abc import Iterable
from typing import Any

from . import rules as rules_engine
from .models import GradeCondition, GradePoints, GradeThreshold, Qualification, Unit
from .structure_cache import structure_changed

#: The relations that hold a qualification's grading rules, for prefetch_related.
GRADING_PREFETCH = ("grade_points", "grade_thresholds", "grade_conditions")


def grading_rules(qualification: Qualification) -> rules_engine.GradingRules | None:
    """The qualification's grading rules, or None for a qualification graded Pass only."""
    thresholds = tuple(
        rules_engine.GradeThreshold(grade=t.grade, points=t.points)
        for t in qualification.grade_thresholds.all()
    )
    points = tuple(
        rules_engine.GradePoints(p.unit_grade, p.points, level=p.level, size=p.size)
        for p in qualification.grade_points.all()
    )
    conditions = tuple(
        rules_engine.GradeCondition(
            grade=c.grade, unit_grade=c.unit_grade, units=tuple(int(n) for n in c.units)
        )
        for c in qualification.grade_conditions.all()
    )
    if not (thresholds or points or conditions):
        return None
    return rules_engine.GradingRules(
        thresholds=thresholds,
        points=points,
        points_per=rules_engine.PointsPer(qualification.points_per),
        best_credits=qualification.best_credits,
        conditions=conditions,
    )


def unit_grades(units: Iterable[Unit]) -> list[rules_engine.UnitGrades]:
    """The qualification's units with the grades each can be given, as the engine takes them."""
    return [
        rules_engine.UnitGrades(number=u.number, credits=u.credits, level=u.level, grades=u.grades)
        for u in units
    ]


def graded_unit(unit: Unit, grade: str = "", *, other_ab: bool = False) -> rules_engine.GradedUnit:
    """A unit a candidate holds at `grade` (blank for an ungraded unit: a Pass)."""
    return rules_engine.GradedUnit(
        number=unit.number,
        credits=unit.credits,
        level=unit.level,
        grade=grade or rules_engine.UNIT_GRADES[0],
        other_ab=other_ab,
    )


def grading_record(grading: rules_engine.GradingRules | None) -> dict[str, Any] | None:
    """Grading rules as plain data, for the audit trail."""
    if grading is None:
        return None
    return {
        "points_per": grading.points_per.value,
        "best_credits": grading.best_credits,
        "points": [
            {"unit_grade": p.unit_grade, "points": p.points, "level": p.level, "size": p.size}
            for p in grading.points
        ],
        "thresholds": [{"grade": t.grade, "points": t.points} for t in grading.thresholds],
        "conditions": [
            {"grade": c.grade, "unit_grade": c.unit_grade, "units": list(c.units)}
            for c in grading.conditions
        ],
    }


def replace_grading(
    qualification: Qualification, grading: rules_engine.GradingRules | None
) -> None:
    """Replace the qualification's grading rules as a whole (None: graded Pass only).

    Called inside the calling action's transaction, with the qualification's row locked. The
    rules are judged together, so they are never changed one row at a time.
    """
    GradePoints.objects.filter(qualification=qualification).delete()
    GradeThreshold.objects.filter(qualification=qualification).delete()
    GradeCondition.objects.filter(qualification=qualification).delete()
    points_per = grading.points_per.value if grading else rules_engine.PointsPer.CREDIT.value
    best_credits = grading.best_credits if grading else None
    if (qualification.points_per, qualification.best_credits) != (points_per, best_credits):
        qualification.points_per, qualification.best_credits = points_per, best_credits
        qualification.save(update_fields=["points_per", "best_credits"])
    # The rows written in bulk below raise no signal.
    structure_changed(qualification.pk)
    if grading is None:
        return
    GradePoints.objects.bulk_create(
        GradePoints(
            qualification=qualification,
            unit_grade=p.unit_grade,
            points=p.points,
            level=p.level,
            size=p.size,
        )
        for p in grading.points
    )
    GradeThreshold.objects.bulk_create(
        GradeThreshold(qualification=qualification, grade=t.grade, points=t.points)
        for t in grading.thresholds
    )
    GradeCondition.objects.bulk_create(
        GradeCondition(
            qualification=qualification,
            grade=c.grade,
            unit_grade=c.unit_grade,
            units=list(c.units),
        )
        for c in grading.conditions
    )
