"""Qualification grades from unit grades (pure Python, no database).

Worked examples come from Pearson's published material where it exists:

- "Calculating your overall BTEC grade (QCF)" (edexcel.com): points a credit at Level 3 are
  Pass 7, Merit 8, Distinction 9, so "a Merit for Unit 1 [10 credits] scored 80 points"; the
  mandatory units count, then the best optional units, and "if the amount of credit needed is
  within a higher graded unit, [Pearson] will utilise the proportion of the unit".
- The 30-credit BTEC Level 3 Certificate (QCF) thresholds: Pass 210, Merit 230, Distinction 250,
  Distinction* 260 points (Pearson's calculation table, as colleges' trackers carry it).
- Pearson BTEC International Level 3 Information Technology, specification issue 3 (2022),
  points a unit by size (60 GLH: P 6, M 10, D 16; 90 GLH: 9, 15, 24; 120 GLH: 12, 20, 32),
  the Certificate's thresholds (P 18, M 26, D 42, D* 48) and the Diploma's (PP 72, MP 88,
  MM 104, DM 124, DD 144, D*D 162, D*D* 180), and its Example 1: a 120 GLH unit at Pass (12)
  and a 60 GLH unit at Pass (6) give 18 points, a Pass. Unit sizes stand in for GLH here.
"""

from __future__ import annotations

import pytest

from catalogue.rules import (
    UNGRADED,
    UNIT_GRADES,
    GradeCondition,
    GradedUnit,
    GradePoints,
    GradeThreshold,
    GradingRules,
    PointsPer,
    Raise,
    Rule,
    RuleKind,
    UnitGrades,
    describe_grading,
    grader_for,
    on_course_for,
    qualification_grade,
)

K = RuleKind
P, M, D = UNIT_GRADES


def unit(number: int, grade: str = P, credits: int = 10, level: int = 3, **kw: bool) -> GradedUnit:
    return GradedUnit(number=number, credits=credits, level=level, grade=grade, **kw)


def thresholds(*pairs: tuple[str, int | None]) -> tuple[GradeThreshold, ...]:
    return tuple(GradeThreshold(grade, points) for grade, points in pairs)


LEVEL_3_POINTS = (GradePoints(P, 7), GradePoints(M, 8), GradePoints(D, 9))

# BTEC Level 3 Certificate (QCF): 30 credits, unit 1 mandatory, the best 30 credits count.
CERTIFICATE_RULES = (Rule(K.MANDATORY, units=(1,)), Rule(K.MIN_CREDITS, value=30))
CERTIFICATE = GradingRules(
    thresholds=thresholds(("Pass", None), ("Merit", 230), ("Distinction", 250), ("D*", 260)),
    points=LEVEL_3_POINTS,
    best_credits=30,
)

# BTEC International Level 3: points a unit by size, every unit of the combination counting.
INTERNATIONAL_POINTS = tuple(
    GradePoints(grade, points, size=size)
    for size, row in ((60, (6, 10, 16)), (90, (9, 15, 24)), (120, (12, 20, 32)))
    for grade, points in zip(UNIT_GRADES, row, strict=True)
)
INTERNATIONAL_CERTIFICATE = GradingRules(
    thresholds=thresholds(("P", None), ("M", 26), ("D", 42), ("D*", 48)),
    points=INTERNATIONAL_POINTS,
    points_per=PointsPer.UNIT,
)
INTERNATIONAL_DIPLOMA = GradingRules(
    thresholds=thresholds(
        ("PP", None),
        ("MP", 88),
        ("MM", 104),
        ("DM", 124),
        ("DD", 144),
        ("D*D", 162),
        ("D*D*", 180),
    ),
    points=INTERNATIONAL_POINTS,
    points_per=PointsPer.UNIT,
)

# The demo's 05203: 8 units of 4 credits at Level 2, units 1 and 2 mandatory, 16 credits.
CS_RULES = (Rule(K.MANDATORY, units=(1, 2)), Rule(K.MIN_CREDITS, value=16))
CS_GRADING = GradingRules(
    thresholds=thresholds(
        ("Pass", None), ("Merit", 120), ("Distinction", 132), ("Distinction*", 140)
    ),
    points=LEVEL_3_POINTS,
    best_credits=16,
    conditions=(GradeCondition("Distinction", M),),
)
CS_UNITS = [UnitGrades(n, 4, 2, UNIT_GRADES) for n in range(1, 9)]


def cs(*grades: str) -> list[GradedUnit]:
    """05203 units 1, 2, 3 … at these grades."""
    return [unit(n, grade, credits=4, level=2) for n, grade in enumerate(grades, start=1)]


# Pearson's worked examples.


def test_a_merit_in_a_10_credit_level_3_unit_scores_80_points() -> None:
    result = qualification_grade(
        CERTIFICATE_RULES, CERTIFICATE, [unit(1, M), unit(2, P), unit(3, P)]
    )
    assert [c.points for c in result.counted] == [80, 70, 70]


@pytest.mark.parametrize(
    ("grades", "points", "grade"),
    [
        ((P, P, P), 210, "Pass"),
        ((M, P, D), 240, "Merit"),
        ((D, D, M), 260, "D*"),
        ((D, M, M), 250, "Distinction"),
        ((D, D, D), 270, "D*"),
    ],
)
def test_level_3_certificate_thresholds(grades: tuple[str, ...], points: int, grade: str) -> None:
    units = [unit(n, g) for n, g in enumerate(grades, start=1)]
    result = qualification_grade(CERTIFICATE_RULES, CERTIFICATE, units)
    assert (result.points, result.grade) == (points, grade)


def test_mandatory_units_first_then_the_best_then_part_of_a_higher_graded_unit() -> None:
    units = [unit(1, P), unit(2, M, credits=15), unit(3, D), unit(4, P)]
    result = qualification_grade(CERTIFICATE_RULES, CERTIFICATE, units)
    counted = {c.number: (c.credits, c.points, c.partial) for c in result.counted}
    # Unit 1 is mandatory (70); unit 3's Distinction (90); then 10 of unit 2's 15 credits at
    # Merit (80); unit 4's Pass is surplus.
    assert counted == {1: (10, 70, False), 2: (10, 80, True), 3: (10, 90, False)}
    assert (result.points, result.grade) == (240, "Merit")
    assert result.counted[0].mandatory and not result.counted[1].mandatory


def test_a_mandatory_pass_counts_before_a_better_optional_unit() -> None:
    units = [unit(1, P), unit(2, D), unit(3, D), unit(4, D)]
    result = qualification_grade(CERTIFICATE_RULES, CERTIFICATE, units)
    assert [c.number for c in result.counted] == [1, 2, 3]
    assert (result.points, result.grade) == (250, "Distinction")


def test_international_certificate_example_1_two_passes_give_a_pass() -> None:
    units = [unit(1, P, credits=120), unit(5, P, credits=60)]
    rules = (Rule(K.MIN_CREDITS, value=180),)
    result = qualification_grade(rules, INTERNATIONAL_CERTIFICATE, units)
    assert [c.points for c in result.counted] == [12, 6]
    assert (result.points, result.grade) == (18, "P")


@pytest.mark.parametrize(
    ("grades", "grade"),
    [((M, M), "M"), ((D, P), "M"), ((D, M), "D"), ((D, D), "D*")],
)
def test_international_certificate_by_unit_size(grades: tuple[str, str], grade: str) -> None:
    units = [unit(1, grades[0], credits=120), unit(2, grades[1], credits=60)]
    rules = (Rule(K.MIN_CREDITS, value=180),)
    assert qualification_grade(rules, INTERNATIONAL_CERTIFICATE, units).grade == grade


@pytest.mark.parametrize(
    ("grades", "points", "grade"),
    [
        ((P,) * 6, 72, "PP"),
        ((M,) * 6, 120, "MM"),
        ((D, D, D, M, M, M), 156, "DD"),
        ((D,) * 5 + (M,), 180, "D*D*"),
    ],
)
def test_international_diploma_double_grades(
    grades: tuple[str, ...], points: int, grade: str
) -> None:
    units = [unit(n, g, credits=120) for n, g in enumerate(grades, start=1)]
    rules = (Rule(K.MIN_CREDITS, value=720),)
    result = qualification_grade(rules, INTERNATIONAL_DIPLOMA, units)
    assert (result.points, result.grade) == (points, grade)


# The demo's 05203.


@pytest.mark.parametrize(
    ("grades", "points", "grade"),
    [
        ((P, P, P, P), 112, "Pass"),
        ((P, P, P, M), 116, "Pass"),
        ((P, P, M, M), 120, "Merit"),
        ((M, D, D, M), 136, "Distinction"),
        ((D, D, D, M), 140, "Distinction*"),
    ],
)
def test_05203_grades(grades: tuple[str, ...], points: int, grade: str) -> None:
    result = qualification_grade(CS_RULES, CS_GRADING, cs(*grades))
    assert (result.points, result.grade) == (points, grade)


def test_05203_a_condition_holds_a_grade_back() -> None:
    result = qualification_grade(CS_RULES, CS_GRADING, cs(P, D, D, D))
    assert result.points == 136
    assert result.grade == "Merit"
    assert result.held_back == GradeCondition("Distinction", M)
    assert result.sentence == (
        "Merit: 136 points from the best 16 credits; "
        "Distinction needs every mandatory unit at Merit or above"
    )


def test_05203_only_the_best_16_credits_count() -> None:
    result = qualification_grade(CS_RULES, CS_GRADING, cs(P, P, M, P, D))
    assert [c.number for c in result.counted] == [1, 2, 3, 5]
    assert (result.points, result.grade) == (124, "Merit")
    assert result.points_to_next == 8
    assert result.sentence == "Merit: 124 points from the best 16 credits; Distinction needs 132"


def test_05203_on_course_and_what_would_raise_it() -> None:
    course = on_course_for(
        CS_RULES, CS_GRADING, achieved=cs(P, P), claimed=cs(P, P, M, P)[2:], available=CS_UNITS
    )
    assert course.grade.grade == "Pass"
    assert course.raises == (Raise("Merit", M, 1, 4),)
    assert course.sentences == [
        "On course for Pass (116 points from the best 16 credits)",
        "a Merit in one more 4-credit unit gives Merit overall",
    ]


def test_raises_name_the_fewest_units_at_the_lowest_grade_for_each_higher_grade() -> None:
    course = on_course_for(CS_RULES, CS_GRADING, achieved=cs(M, D, M, P), available=CS_UNITS)
    # 128 points now: a Merit in place of the Pass gives 132; Distinctions in place of both
    # optional units give 140.
    assert course.grade.points == 128
    assert [r.sentence for r in course.raises] == [
        "a Merit in one more 4-credit unit gives Distinction overall",
        "Distinctions in two more 4-credit units give Distinction* overall",
    ]


def test_no_raise_past_the_top_grade_or_without_room_to_grow() -> None:
    top = on_course_for(CS_RULES, CS_GRADING, achieved=cs(D, D, D, D), available=CS_UNITS)
    assert top.grade.grade == "Distinction*" and top.raises == ()
    # Mandatory units at Pass cap the points at 128: Distinction is out of reach.
    capped = on_course_for(CS_RULES, CS_GRADING, achieved=cs(P, P, D, D), available=CS_UNITS)
    assert capped.grade.grade == "Merit" and capped.raises == ()


def test_raises_say_the_level_when_the_points_depend_on_it() -> None:
    # Pearson's QCF tables give Level 2 units fewer points a credit than Level 3 units.
    grading = GradingRules(
        thresholds=thresholds(("Pass", None), ("Merit", 65)),
        points=(
            GradePoints(P, 5, level=2),
            GradePoints(M, 6, level=2),
            GradePoints(D, 7, level=2),
            *LEVEL_3_POINTS,
        ),
    )
    rules = (Rule(K.MIN_CREDITS, value=8),)
    course = on_course_for(
        rules,
        grading,
        achieved=[unit(1, P, credits=4, level=2), unit(3, P, credits=4, level=2)],
        available=[UnitGrades(n, 4, level, UNIT_GRADES) for n, level in enumerate((2, 3, 2, 2), 1)],
    )
    # 40 points: a Pass in Level 2 unit 4 adds 20, in Level 3 unit 2 it adds 28.
    assert course.grade.points == 40
    assert [r.sentence for r in course.raises] == [
        "a Pass in one more 4-credit unit at Level 3 gives Merit overall"
    ]


# Which units count when the rules leave a choice.


def test_of_a_barred_pair_the_better_graded_unit_counts() -> None:
    rules = (Rule(K.MIN_CREDITS, value=20), Rule(K.BARRED, units=(2, 3)))
    grading = GradingRules(
        thresholds=thresholds(("Pass", None), ("Merit", 150), ("Distinction", 170)),
        points=LEVEL_3_POINTS,
    )
    result = qualification_grade(rules, grading, [unit(1, D), unit(2, P), unit(3, D)])
    # The rules engine alone would count unit 2 (the lower number of two equal units).
    assert [c.number for c in result.counted] == [1, 3]
    assert (result.points, result.grade) == (180, "Distinction")
    assert result.evaluation.counted == (1, 2)


def test_within_the_cap_on_other_awarding_bodies_the_better_graded_unit_counts() -> None:
    rules = (Rule(K.MIN_CREDITS, value=20), Rule(K.MAX_OTHER_AB_CREDITS, value=10))
    grading = GradingRules(
        thresholds=thresholds(("Pass", None), ("Merit", 170)), points=LEVEL_3_POINTS
    )
    units = [unit(1, M), unit(2, P, other_ab=True), unit(3, D, other_ab=True)]
    result = qualification_grade(rules, grading, units)
    assert [c.number for c in result.counted] == [1, 3]
    assert result.grade == "Merit"


def test_a_repeated_unit_counts_once_at_its_best_grade() -> None:
    units = [unit(1, P), unit(2, P), unit(2, D), unit(3, P)]
    result = qualification_grade(CERTIFICATE_RULES, CERTIFICATE, units)
    assert [(c.number, c.grade) for c in result.counted] == [(1, P), (2, D), (3, P)]


# No grade, and qualifications graded Pass only.


def test_a_candidate_who_does_not_meet_the_rules_has_no_grade() -> None:
    result = qualification_grade(CS_RULES, CS_GRADING, cs(D, D, D))
    assert result.grade is None and not result.met
    assert result.evaluation.sentences == ["needs 4 more credits"]
    assert result.sentence == "No grade: the rules of combination are not met"
    assert on_course_for(CS_RULES, CS_GRADING, achieved=cs(D), available=CS_UNITS).raises == ()


def test_a_qualification_without_grading_rules_gives_pass_and_no_points() -> None:
    result = qualification_grade(CS_RULES, None, cs(D, D, D, D))
    assert result.grade == UNGRADED == "Pass"
    assert result.points is None and not result.graded
    assert [c.number for c in result.counted] == [1, 2, 3, 4]
    assert result.sentence == "Pass: this qualification is not graded beyond Pass"
    course = on_course_for(CS_RULES, None, achieved=cs(P, P, P, P), available=CS_UNITS)
    assert course.raises == ()
    assert course.sentences == ["On course for the full award (Pass)"]


def test_grader_for_reuses_one_grader_per_qualification() -> None:
    assert grader_for(CS_RULES, CS_GRADING) is grader_for(list(CS_RULES), CS_GRADING)


def test_the_grading_rules_in_words() -> None:
    assert describe_grading(CS_GRADING) == [
        "Pass 7, Merit 8 and Distinction 9 points a credit",
        "the best 16 credits count: mandatory units first, then the units with the most points "
        "a credit, part of a unit filling the last credits",
        "Pass when the rules of combination are met",
        "Merit from 120 points",
        "Distinction from 132 points",
        "Distinction* from 140 points",
        "Distinction and above only with every mandatory unit at Merit or above",
    ]
    assert describe_grading(INTERNATIONAL_CERTIFICATE)[:3] == [
        "Pass 6, Merit 10 and Distinction 16 points for a 60-credit unit",
        "Pass 9, Merit 15 and Distinction 24 points for a 90-credit unit",
        "Pass 12, Merit 20 and Distinction 32 points for a 120-credit unit",
    ]


def test_grading_rules_without_thresholds_grade_pass_only() -> None:
    empty = GradingRules(thresholds=(), points=LEVEL_3_POINTS)
    result = qualification_grade(CS_RULES, empty, cs(D, D, D, D))
    assert (result.grade, result.points) == (UNGRADED, None)
    assert on_course_for(CS_RULES, empty, achieved=cs(P, P, P, P), available=CS_UNITS).raises == ()


def test_past_the_grading_limit_the_rules_engines_choice_is_graded() -> None:
    # Twelve barred pairs give 4,096 ways of counting the units: too many to compare.
    rules = (
        Rule(K.MIN_CREDITS, value=4),
        *(Rule(K.BARRED, units=(n, n + 12)) for n in range(1, 13)),
    )
    grading = GradingRules(
        thresholds=thresholds(("Pass", None), ("Merit", 500)), points=LEVEL_3_POINTS
    )
    units = [unit(n, P, credits=4) for n in range(1, 13)]
    units += [unit(n, D, credits=4) for n in range(13, 25)]
    result = qualification_grade(rules, grading, units)
    assert [c.number for c in result.counted] == list(range(1, 13))
    assert result.points == 12 * 4 * 7


# The demo world's 05203: the same rules without Distinction*, as the progress section grades.
DEMO_GRADING = GradingRules(
    thresholds=CS_GRADING.thresholds[:3],
    points=LEVEL_3_POINTS,
    best_credits=16,
    conditions=(GradeCondition("Distinction", M),),
)


@pytest.mark.parametrize(
    ("achieved", "claimed", "sentences"),
    [
        # 32 + 36 + 32 + 28 = 128: a Merit in unit 5 counts in place of unit 4's Pass (132).
        (
            (M, D),
            (M, P),
            [
                "On course for Merit (128 points from the best 16 credits)",
                "a Merit in one more 4-credit unit gives Distinction overall",
            ],
        ),
        # Four Passes, 112: a Distinction in place of a Pass (+8) reaches 120; units 1 and 2
        # at Pass hold Distinction back whatever else is claimed.
        (
            (P, P),
            (P, P),
            [
                "On course for Pass (112 points from the best 16 credits)",
                "a Distinction in one more 4-credit unit gives Merit overall",
            ],
        ),
        # Four Merits, 128: one Distinction more gives 132.
        (
            (M, M),
            (M, M),
            [
                "On course for Merit (128 points from the best 16 credits)",
                "a Distinction in one more 4-credit unit gives Distinction overall",
            ],
        ),
        # 140 is Distinction, the top grade here: nothing raises it.
        ((D, D), (D, M), ["On course for Distinction (140 points from the best 16 credits)"]),
        # Unit 1 at Pass: 136 points, but Distinction needs both mandatory units at Merit.
        ((P, D), (D, D), ["On course for Merit (136 points from the best 16 credits)"]),
        # Two units: the rules of combination are not met, so no grade and no advice.
        ((D, D), (), ["Not on course for the full award yet"]),
    ],
)
def test_the_demo_05203_on_course_and_what_would_raise_it(
    achieved: tuple[str, ...], claimed: tuple[str, ...], sentences: list[str]
) -> None:
    units = cs(*achieved, *claimed)
    course = grader_for(CS_RULES, DEMO_GRADING).on_course(
        units[: len(achieved)], units[len(achieved) :], CS_UNITS
    )
    assert course.sentences == sentences
    # What would raise it does: the grade those units give is the one promised.
    for way in course.raises:
        free = [u for u in CS_UNITS if u.number > len(units)][: way.count]
        more = [unit(u.number, way.unit_grade, credits=4, level=2) for u in free]
        assert qualification_grade(CS_RULES, DEMO_GRADING, [*units, *more]).grade == way.grade
