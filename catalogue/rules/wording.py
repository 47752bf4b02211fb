"""The engine's words: shortfalls, rules and grades as the plain sentences people read."""

from __future__ import annotations

from collections.abc import Sequence

from .grades import (
    UNIT_GRADES,
    GradeCondition,
    GradingRules,
    PointsPer,
    QualificationGrade,
    Raise,
)
from .types import Rule, RuleKind, Shortfall, _distinct


def _plural(count: int, word: str) -> str:
    return word if count == 1 else f"{word}s"


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _units_phrase(numbers: Sequence[int]) -> str:
    """Unit numbers as prose: unit 3; units 3 and 4; units 3, 4 and 5."""
    return f"{_plural(len(numbers), 'unit')} {_join([str(n) for n in numbers])}"


def _group_label(rule: Rule) -> str:
    return rule.name or _units_phrase(sorted(_distinct(rule.units)))


def _other_ab_phrase(value: int) -> str:
    if value <= 0:
        return "no credits from other awarding bodies"
    return f"only {value} {_plural(value, 'credit')} from other awarding bodies"


def shortfall_sentence(shortfall: Shortfall) -> str:
    """A shortfall as a plain English sentence, as shown to centre staff."""
    kind = RuleKind(shortfall.kind)
    rule = shortfall.rule
    missing = shortfall.missing_credits
    if kind is RuleKind.MIN_CREDITS:
        return f"needs {missing} more {_plural(missing, 'credit')}"
    if kind is RuleKind.MIN_CREDITS_AT_LEVEL:
        return (
            f"needs {missing} more {_plural(missing, 'credit')} at Level {rule.level or 0} or above"
        )
    if kind is RuleKind.MANDATORY:
        units = shortfall.missing_units or _distinct(rule.units)
        if len(units) == 1:
            return f"Unit {units[0]} is mandatory"
        return f"{_units_phrase(units).capitalize()} are mandatory"
    if kind is RuleKind.GROUP:
        if rule.per == "units":
            amount = f"{shortfall.missing_count} more {_plural(shortfall.missing_count, 'unit')}"
        else:
            amount = f"{missing} more {_plural(missing, 'credit')}"
        return f"needs {amount} from {_group_label(rule)}"
    if kind is RuleKind.BARRED:
        units = shortfall.barred_units or _distinct(sorted(rule.units))
        return f"{_units_phrase(units)} are a barred combination: only one counts"
    return f"{_other_ab_phrase(rule.value or 0)} can count"


def describe_rules(rules: Sequence[Rule]) -> list[str]:
    """The rules themselves as plain sentences, in rule order (one per mandatory unit)."""
    sentences: list[str] = []
    for rule in rules:
        kind = RuleKind(rule.kind)
        value = rule.value or 0
        if kind is RuleKind.MIN_CREDITS:
            sentences.append(f"at least {value} {_plural(value, 'credit')}")
        elif kind is RuleKind.MIN_CREDITS_AT_LEVEL:
            credits = _plural(value, "credit")
            sentences.append(f"at least {value} {credits} at Level {rule.level or 0} or above")
        elif kind is RuleKind.MANDATORY:
            sentences.extend(f"Unit {n} is mandatory" for n in _distinct(rule.units))
        elif kind is RuleKind.GROUP:
            word = "unit" if rule.per == "units" else "credit"
            label = _group_label(rule)
            sentences.append(f"at least {value} {_plural(value, word)} from {label}")
        elif kind is RuleKind.BARRED:
            units = sorted(_distinct(rule.units))
            sentences.append(f"{_units_phrase(units)}: only one can count")
        elif value <= 0:
            sentences.append(_other_ab_phrase(value))
        else:
            sentences.append(
                f"at most {value} {_plural(value, 'credit')} from other awarding bodies"
            )
    return sentences


# Qualification grades.

_COUNT_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _count_word(count: int) -> str:
    return _COUNT_WORDS[count] if 0 <= count < len(_COUNT_WORDS) else str(count)


def _grade_plural(grade: str) -> str:
    return f"{grade}es" if grade.endswith("s") else f"{grade}s"


def _points_phrase(result: QualificationGrade) -> str:
    points = result.points or 0
    phrase = f"{points} {_plural(points, 'point')}"
    if result.best_credits is not None:
        phrase += f" from the best {result.best_credits} {_plural(result.best_credits, 'credit')}"
    return phrase


def condition_phrase(condition: GradeCondition) -> str:
    """E.g. "every mandatory unit at Merit or above"; "units 3 and 4 at Distinction"."""
    units = _distinct(condition.units)
    who = _units_phrase(sorted(units)) if units else "every mandatory unit"
    if condition.unit_grade == UNIT_GRADES[-1]:
        return f"{who} at {condition.unit_grade}"
    return f"{who} at {condition.unit_grade} or above"


def grade_sentence(result: QualificationGrade) -> str:
    """E.g. "Merit: 124 points from the best 16 credits; Distinction needs 132"."""
    if result.grade is None:
        return "No grade: the rules of combination are not met"
    if not result.graded:
        return f"{result.grade}: this qualification is not graded beyond {result.grade}"
    sentence = f"{result.grade}: {_points_phrase(result)}"
    above = result.next_grade
    if result.held_back is not None:
        held = result.held_back
        sentence += f"; {held.grade} needs {condition_phrase(held)}"
    elif above is not None and above.points is not None:
        sentence += f"; {above.grade} needs {above.points}"
    return sentence


def on_course_sentence(result: QualificationGrade) -> str:
    """E.g. "On course for Merit (124 points from the best 16 credits)"."""
    if result.grade is None:
        return "Not on course for the full award yet"
    if not result.graded:
        return f"On course for the full award ({result.grade})"
    return f"On course for {result.grade} ({_points_phrase(result)})"


def raise_sentence(way: Raise) -> str:
    """E.g. "a Merit in one more 4-credit unit gives Merit overall"."""
    size = f"{way.credits}-credit {_plural(way.count, 'unit')}"
    if way.level is not None:
        size += f" at Level {way.level}"
    if way.count == 1:
        return f"a {way.unit_grade} in one more {size} gives {way.grade} overall"
    grades = _grade_plural(way.unit_grade)
    return f"{grades} in {_count_word(way.count)} more {size} give {way.grade} overall"


def _grade_list(rows: list[tuple[str, int]]) -> str:
    order = {grade: index for index, grade in enumerate(UNIT_GRADES)}
    rows = sorted(rows, key=lambda row: order.get(row[0], len(order)))
    return _join([f"{grade} {points}" for grade, points in rows])


def describe_grading(grading: GradingRules) -> list[str]:
    """The grading rules as plain sentences: points, counted credits, thresholds, conditions."""
    sentences: list[str] = []
    per_unit = grading.points_per == PointsPer.UNIT
    groups: dict[int | None, list[tuple[str, int]]] = {}
    for row in grading.points:
        groups.setdefault(row.size if per_unit else row.level, []).append(
            (row.unit_grade, row.points)
        )
    for key in sorted(groups, key=lambda k: -1 if k is None else k):
        listed = _grade_list(groups[key])
        if per_unit:
            sentences.append(f"{listed} points for a {key}-credit unit")
        elif key is None:
            sentences.append(f"{listed} points a credit")
        else:
            sentences.append(f"{listed} points a credit for units at Level {key}")
    if grading.best_credits is not None and not per_unit:
        best = grading.best_credits
        sentences.append(
            f"the best {best} {_plural(best, 'credit')} count: mandatory units first, then the "
            "units with the most points a credit, part of a unit filling the last credits"
        )
    for index, threshold in enumerate(grading.thresholds):
        if index == 0:
            sentences.append(f"{threshold.grade} when the rules of combination are met")
        else:
            sentences.append(f"{threshold.grade} from {threshold.points or 0} points")
    sentences.extend(
        f"{condition.grade} and above only with {condition_phrase(condition)}"
        for condition in grading.conditions
    )
    return sentences
