"""Property tests for qualification grades over random rule sets and grading rules.

More units or better unit grades never lower the grade; the grade never depends on the order
the units come in; a candidate who does not meet the rules of combination has no grade; a
qualification without grading rules gives nothing but Pass.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from catalogue.rules import (
    UNGRADED,
    UNIT_GRADES,
    GradeCondition,
    GradedUnit,
    GradePoints,
    GradeThreshold,
    GradingRules,
    PointsPer,
    QualificationGrade,
    Rule,
    RuleKind,
    UnitFact,
    UnitGrades,
    evaluate,
    on_course_for,
    qualification_grade,
)

from .test_rules_properties import Scenario, scenarios

K = RuleKind
PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)


@st.composite
def gradings(draw: st.DrawFn) -> GradingRules:
    """Grading rules whose points never fall as the unit grade rises (as validation demands)."""
    per_unit = draw(st.booleans())
    points: list[GradePoints] = []
    keys: list[int | None] = [None, *range(0, 6)] if per_unit else [None, 1, 2, 3]
    for key in draw(st.lists(st.sampled_from(keys), min_size=1, max_size=3, unique=True)):
        worth = sorted(draw(st.lists(st.integers(0, 12), min_size=3, max_size=3)))
        for grade, value in zip(UNIT_GRADES, worth, strict=True):
            if per_unit:
                points.append(GradePoints(grade, value, size=key))
            else:
                points.append(GradePoints(grade, value, level=key))
    steps = draw(st.lists(st.integers(1, 40), min_size=1, max_size=4))
    marks = [sum(steps[: i + 1]) for i in range(len(steps))]
    names = ["G0", *(f"G{i + 1}" for i in range(len(marks)))]
    thresholds = (
        GradeThreshold(names[0]),
        *(GradeThreshold(name, mark) for name, mark in zip(names[1:], marks, strict=True)),
    )
    conditions = tuple(
        GradeCondition(
            draw(st.sampled_from(names[1:])),
            draw(st.sampled_from(UNIT_GRADES)),
            tuple(draw(st.lists(st.integers(1, 10), max_size=2, unique=True))),
        )
        for _ in range(draw(st.integers(0, 2)))
    )
    best = None if per_unit else draw(st.one_of(st.none(), st.integers(1, 20)))
    return GradingRules(
        thresholds=thresholds,
        points=tuple(points),
        points_per=PointsPer.UNIT if per_unit else PointsPer.CREDIT,
        best_credits=best,
        conditions=conditions,
    )


@st.composite
def choices(draw: st.DrawFn) -> Scenario:
    """Few units, easy rules and many barred combinations or a cap: where the choice of which
    units count decides the grade."""
    size = draw(st.integers(min_value=2, max_value=7))
    numbers = list(range(1, size + 1))
    pool = {
        # Units of one size leave the rules engine choosing by unit number alone, and so the
        # grade to decide between them.
        n: UnitFact(n, 4, draw(st.integers(1, 3)), draw(st.booleans()))
        for n in numbers
    }
    rules: list[Rule] = [Rule(K.MIN_CREDITS, value=draw(st.integers(0, 4)))]
    for _ in range(draw(st.integers(0, 3))):
        barred = draw(st.lists(st.sampled_from(numbers), min_size=2, max_size=3, unique=True))
        rules.append(Rule(K.BARRED, units=tuple(barred)))
    if draw(st.booleans()):
        rules.append(Rule(K.MAX_OTHER_AB_CREDITS, value=draw(st.integers(0, 8))))
    held = tuple(draw(st.lists(st.sampled_from(numbers), unique=True)))
    return Scenario(pool=pool, rules=tuple(rules), held=held)


@st.composite
def graded(draw: st.DrawFn) -> Case:
    scenario = draw(st.one_of(scenarios(satisfiable=True), choices()))
    grades = {n: draw(st.sampled_from(UNIT_GRADES)) for n in scenario.pool}
    return scenario, draw(gradings()), grades


Case = tuple[Scenario, GradingRules, dict[int, str]]


def held_units(
    scenario: Scenario, grades: dict[int, str], numbers: tuple[int, ...]
) -> list[GradedUnit]:
    return [
        GradedUnit(f.number, f.credits, f.level, grades[f.number], f.other_ab)
        for f in scenario.units(numbers)
    ]


def grade_of(
    scenario: Scenario,
    grading: GradingRules | None,
    grades: dict[int, str],
    numbers: tuple[int, ...] | None = None,
) -> QualificationGrade:
    held = scenario.held if numbers is None else numbers
    return qualification_grade(scenario.rules, grading, held_units(scenario, grades, held))


def rank(grading: GradingRules, result: QualificationGrade) -> int:
    return -1 if result.grade is None else grading.grades.index(result.grade)


@PROPERTY_SETTINGS
@given(graded(), st.data())
def test_more_units_never_lower_the_grade(case: Case, data: st.DataObject) -> None:
    scenario, grading, grades = case
    others = [n for n in scenario.pool if n not in scenario.held]
    extra = data.draw(st.lists(st.sampled_from(others), unique=True) if others else st.just([]))
    before = grade_of(scenario, grading, grades)
    after = grade_of(scenario, grading, grades, (*scenario.held, *extra))
    assert rank(grading, after) >= rank(grading, before)
    if before.points is not None and after.points is not None:
        assert after.points >= before.points


@PROPERTY_SETTINGS
@given(graded(), st.data())
def test_better_unit_grades_never_lower_the_grade(case: Case, data: st.DataObject) -> None:
    scenario, grading, grades = case
    if not scenario.held:
        return
    number = data.draw(st.sampled_from(scenario.held))
    better = data.draw(st.sampled_from(UNIT_GRADES[UNIT_GRADES.index(grades[number]) :]))
    before = grade_of(scenario, grading, grades)
    after = grade_of(scenario, grading, {**grades, number: better})
    assert rank(grading, after) >= rank(grading, before)


@PROPERTY_SETTINGS
@given(graded(), st.randoms(use_true_random=False))
def test_the_grade_never_depends_on_unit_order(case: Case, random: object) -> None:
    scenario, grading, grades = case
    units = held_units(scenario, grades, scenario.held)
    shuffled = list(units)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert qualification_grade(scenario.rules, grading, shuffled) == qualification_grade(
        scenario.rules, grading, units
    )


@PROPERTY_SETTINGS
@given(graded())
def test_no_grade_exactly_when_the_rules_of_combination_are_not_met(
    case: Case,
) -> None:
    scenario, grading, grades = case
    result = grade_of(scenario, grading, grades)
    met = evaluate(scenario.rules, scenario.units(scenario.held)).met
    assert (result.grade is not None) == met
    assert result.grade is None or result.grade in grading.grades


@PROPERTY_SETTINGS
@given(graded())
def test_a_qualification_without_grading_rules_gives_only_pass(
    case: Case,
) -> None:
    scenario, _, grades = case
    result = grade_of(scenario, None, grades)
    assert result.grade in (None, UNGRADED)
    assert result.points is None


@PROPERTY_SETTINGS
@given(graded())
def test_each_way_to_raise_the_grade_gives_what_it_says(
    case: Case,
) -> None:
    scenario, grading, grades = case
    rules: tuple[Rule, ...] = scenario.rules
    held = held_units(scenario, grades, scenario.held)
    available = [
        UnitGrades(f.number, f.credits, f.level, UNIT_GRADES) for f in scenario.pool.values()
    ]
    course = on_course_for(rules, grading, achieved=held, available=available)
    reached = rank(grading, course.grade)
    for way in course.raises:
        assert grading.grades.index(way.grade) > reached
        reached = grading.grades.index(way.grade)
    # Without grading rules there is nothing to raise.
    assert on_course_for(rules, None, achieved=held, available=available).raises == ()
