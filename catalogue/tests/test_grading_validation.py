"""validate_grading: every problem with a qualification's grading rules, each named."""

from __future__ import annotations

from dataclasses import replace

from catalogue.rules import (
    UNIT_GRADES,
    GradeCondition,
    GradePoints,
    GradeThreshold,
    GradingRules,
    PointsPer,
    Rule,
    RuleKind,
    UnitGrades,
    validate_grading,
)

K = RuleKind
P, M, D = UNIT_GRADES
RULES = (Rule(K.MANDATORY, units=(1, 2)), Rule(K.MIN_CREDITS, value=16))
UNITS = [UnitGrades(n, 4, 2, UNIT_GRADES) for n in range(1, 8)] + [UnitGrades(8, 4, 2, (P,))]
SOUND = GradingRules(
    thresholds=(
        GradeThreshold("Pass"),
        GradeThreshold("Merit", 120),
        GradeThreshold("Distinction", 132),
    ),
    points=(GradePoints(P, 7), GradePoints(M, 8), GradePoints(D, 9)),
    best_credits=16,
    conditions=(GradeCondition("Distinction", M),),
)


def problems(grading: GradingRules, rules: tuple[Rule, ...] = RULES) -> list[str]:
    return validate_grading(grading, rules, UNITS)


def test_sound_grading_rules_have_no_problems() -> None:
    assert problems(SOUND) == []


def test_a_qualification_graded_pass_only_has_nothing_but_may_have_no_points_either() -> None:
    assert problems(GradingRules(thresholds=(), points=())) == []
    assert problems(GradingRules(thresholds=(), points=SOUND.points)) == [
        "Grading: there are no grade thresholds, so there can be no grade points, best credits "
        "or grade conditions (a qualification graded Pass only has none)"
    ]


def test_every_grade_a_unit_can_be_given_needs_points_never_fewer_than_a_lower_one() -> None:
    grading = replace(SOUND, points=(GradePoints(P, 7), GradePoints(D, 6)), best_credits=None)
    assert problems(grading) == [
        "Grading: no points for a Merit in units 1, 2, 3, 4, 5, 6 and 7",
        "Grading: a Distinction is worth fewer points than a Pass in units 1, 2, 3, 4, 5, 6 and 7",
    ]
    assert problems(replace(SOUND, points=())) == [
        "Grading: needs grade points, what each unit grade is worth"
    ]


def test_points_rows_are_checked_one_by_one() -> None:
    grading = replace(
        SOUND,
        points=(
            *SOUND.points,
            GradePoints(M, 8),
            GradePoints(P, 5, level=3),
            GradePoints(D, 9, size=4),
            GradePoints("Star", 10),
        ),
    )
    assert problems(grading) == [
        "Grade points 4 (Merit): repeats grade points 2",
        "Grade points 5 (Pass, Level 3): no unit of this qualification is at Level 3",
        "Grade points 6 (Distinction, 4 credits): a size is for points a unit; with points a "
        "credit leave it out",
        "Grade points 6 (Distinction, 4 credits): repeats grade points 3",
        "Grade points 7 (Star): the unit grade must be one of Pass, Merit, Distinction",
    ]


def test_points_a_unit_need_a_size_that_some_unit_has() -> None:
    grading = replace(
        SOUND,
        points_per=PointsPer.UNIT,
        best_credits=None,
        points=(GradePoints(P, 28, size=4), GradePoints(M, 32, size=6), GradePoints(D, 36)),
    )
    assert problems(grading) == [
        "Grade points 2 (Merit, 6 credits): no unit of this qualification has 6 credits",
        "Grade points 3 (Distinction): needs a size, the credits of the units it is for",
        "Grading: no points for a Merit in units 1, 2, 3, 4, 5, 6 and 7",
        "Grading: no points for a Distinction in units 1, 2, 3, 4, 5, 6 and 7",
    ]


def test_best_credits_fit_the_rules_of_combination() -> None:
    assert problems(replace(SOUND, best_credits=4)) == [
        "Grading: the best 4 credits count, but the mandatory units alone have 8 credits",
        "Grade threshold 2 (Merit): can never be reached: the best 4 credits score at most 36 "
        "points",
        "Grade threshold 3 (Distinction): can never be reached: the best 4 credits score at "
        "most 36 points",
    ]
    assert problems(replace(SOUND, best_credits=20)) == [
        "Grading: the best 20 credits count, but the rules of combination ask for only 16 "
        "credits, so a candidate could have fewer"
    ]
    assert problems(SOUND, rules=(Rule(K.MANDATORY, units=(1, 2)),)) == [
        "Grading: the best 16 credits count, but the rules of combination ask for no minimum "
        "of credits, so a candidate could have fewer"
    ]
    per_unit = problems(replace(SOUND, points_per=PointsPer.UNIT))
    whole = (
        "Grading: best credits are for points a credit; with points a unit every counted unit "
        "counts whole"
    )
    assert whole in per_unit
    assert [p for p in per_unit if p != whole] == problems(
        replace(SOUND, points_per=PointsPer.UNIT, best_credits=None)
    )


def test_thresholds_rise_from_a_lowest_grade_without_points() -> None:
    grading = replace(
        SOUND,
        thresholds=(
            GradeThreshold("Pass", 112),
            GradeThreshold("Merit", 120),
            GradeThreshold("Merit", 130),
            GradeThreshold("Distinction", 125),
            GradeThreshold("Distinction*"),
        ),
        conditions=(),
    )
    assert problems(grading) == [
        "Grade threshold 1 (Pass): the lowest grade is given whenever the rules of combination "
        "are met; leave its points out",
        "Grade threshold 3 (Merit): the grade is repeated (first in grade threshold 2)",
        "Grade threshold 4 (Distinction): needs more points than Merit (130)",
        "Grade threshold 5 (Distinction*): needs the points the grade starts at",
    ]
    assert problems(replace(SOUND, thresholds=SOUND.thresholds[:1], conditions=())) == [
        "Grading: needs at least two grade thresholds, the lowest grade and one above it "
        "(a qualification graded Pass only has none)"
    ]


def test_conditions_name_grades_and_units_that_exist() -> None:
    grading = replace(
        SOUND,
        conditions=(
            GradeCondition("Pass", M),
            GradeCondition("Star", M),
            GradeCondition("Merit", D, units=(3, 3, 9)),
            GradeCondition("Distinction", M, units=(8,)),
            GradeCondition("Merit", "Star"),
        ),
    )
    assert problems(grading) == [
        "Grade condition 1 (Pass): the lowest grade is given whenever the rules of combination "
        "are met, so it takes no condition",
        "Grade condition 2 (Star): the grade must be one of the grade thresholds (Pass, Merit "
        "and Distinction)",
        "Grade condition 3 (Merit): lists unit 3 more than once",
        "Grade condition 3 (Merit): unit 9 is not in this qualification",
        "Grade condition 4 (Distinction): unit 8 is never graded Merit",
        "Grade condition 5 (Merit): the unit grade must be one of Pass, Merit, Distinction",
    ]
    no_mandatory = (Rule(K.MIN_CREDITS, value=16),)
    assert problems(SOUND, rules=no_mandatory) == [
        "Grade condition 1 (Distinction): names no units, and the rules of combination have no "
        "mandatory units"
    ]
