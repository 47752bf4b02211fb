"""Checking rules before they are stored: every problem as a message naming the rule or row.

:func:`validate_rules` checks the rules of combination, :func:`validate_grading` the grading
rules against them and the qualification's units. Messages start with the rule or row and its
position ("Rule 2 (barred): ...", "Grade threshold 3 (Distinction): ...") or with "Grading:"
for the grading rules as a whole, so a file reader can put each on its line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .engine import evaluate
from .grades import UNIT_GRADES, GradePoints, GradingRules, PointsPer, UnitGrades
from .types import Rule, RuleKind, UnitFact, _distinct
from .wording import _join, _plural, _units_phrase

_VALUE_NOUN = {
    RuleKind.MIN_CREDITS: "a minimum number of credits",
    RuleKind.MIN_CREDITS_AT_LEVEL: "a minimum number of credits",
    RuleKind.GROUP: "a minimum",
    RuleKind.MAX_OTHER_AB_CREDITS: "a maximum number of credits",
}
_TAKES_UNITS = frozenset({RuleKind.MANDATORY, RuleKind.GROUP, RuleKind.BARRED})


#: What a rule set is told when none of its rules asks for anything.
NOTHING_ASKED = (
    "Rules: no rule asks for any units, so a full award would need none; keep a minimum "
    "number of credits, a mandatory unit, a group minimum or a minimum at a level above 0"
)


def validate_rules(
    rules: Sequence[Rule], unit_numbers: set[int], units: Iterable[UnitFact] | None = None
) -> list[str]:
    """Problems with a rule set, as messages naming the rule by position; empty if it is sound.

    `unit_numbers` are the qualification's units; rules may refer only to those. With `units`
    (their credits and levels), the rules must also be such that all the units together meet
    them: no minimum above what its units can give. A rule set that is not empty must ask for
    something, so that no empty set of units meets it.
    """
    errors = _validate_each(rules, unit_numbers)
    if errors:
        return errors
    if rules and not any(_asks_for_something(rule) for rule in rules):
        return [NOTHING_ASKED]
    if units is not None:
        errors.extend(_check_reachable(rules, list(units)))
    return errors


def _asks_for_something(rule: Rule) -> bool:
    if rule.kind == RuleKind.MANDATORY:
        return bool(rule.units)
    if rule.kind in (RuleKind.MIN_CREDITS, RuleKind.GROUP, RuleKind.MIN_CREDITS_AT_LEVEL):
        return (rule.value or 0) > 0
    return False


def _label(position: int, rule: Rule) -> str:
    return f"Rule {position} ({rule.kind}{f' {rule.name!r}' if rule.name else ''})"


def _at_most(credits: int) -> str:
    return f"{credits} {_plural(credits, 'credit')} at most"


def _check_reachable(rules: Sequence[Rule], units: list[UnitFact]) -> list[str]:
    """Rules no set of the units could meet: first each minimum against what its units give,
    then the whole set against every unit achieved."""
    errors: list[str] = []
    credits = {u.number: u.credits for u in units}
    total = sum(credits.values())
    for position, rule in enumerate(rules, start=1):
        value = rule.value or 0
        label = _label(position, rule)
        if rule.kind == RuleKind.GROUP and rule.per == "credits":
            listed = sorted(_distinct(rule.units))
            most = sum(credits.get(n, 0) for n in listed)
            if value > most:
                verb = "gives" if len(listed) == 1 else "give"
                errors.append(
                    f"{label}: {_units_phrase(listed)} {verb} {_at_most(most)}: "
                    f"the group cannot ask for {value}"
                )
        elif rule.kind == RuleKind.MIN_CREDITS and value > total:
            errors.append(
                f"{label}: the qualification's units give {_at_most(total)}: "
                f"the rule cannot ask for {value}"
            )
        elif rule.kind == RuleKind.MIN_CREDITS_AT_LEVEL and rule.level is not None:
            most = sum(u.credits for u in units if u.level >= rule.level)
            if value > most:
                errors.append(
                    f"{label}: the units at Level {rule.level} or above give {_at_most(most)}: "
                    f"the rule cannot ask for {value}"
                )
    if errors or not units:
        return errors
    result = evaluate(list(rules), units)
    if not result.met:
        missing = [s.sentence for s in result.shortfalls if s.blocking]
        errors.append(
            "Rules: all the units together do not meet the rules, so no one could have the "
            f"full award: {'; '.join(missing)}"
        )
    return errors


def _validate_each(rules: Sequence[Rule], unit_numbers: set[int]) -> list[str]:
    errors: list[str] = []
    mandatory: set[int] = set()
    barred: list[tuple[str, tuple[int, ...]]] = []
    for position, rule in enumerate(rules, start=1):
        try:
            kind = RuleKind(rule.kind)
        except ValueError:
            errors.append(f"Rule {position}: unknown rule kind {rule.kind!r}")
            continue
        label = f"Rule {position} ({kind.value}{f' {rule.name!r}' if rule.name else ''})"
        if kind in _VALUE_NOUN:
            if rule.value is None:
                errors.append(f"{label}: needs {_VALUE_NOUN[kind]}")
            elif rule.value < 0:
                errors.append(f"{label}: the value must not be negative (got {rule.value})")
        if kind is RuleKind.MIN_CREDITS_AT_LEVEL:
            if rule.level is None:
                errors.append(f"{label}: needs a level")
            elif rule.level < 0:
                errors.append(f"{label}: the level must not be negative (got {rule.level})")
        if kind not in _TAKES_UNITS:
            continue
        units = _distinct(rule.units)
        if not units:
            errors.append(f"{label}: lists no units")
            continue
        repeated = sorted({n for n in units if list(rule.units).count(n) > 1})
        if repeated:
            errors.append(f"{label}: lists {_units_phrase(repeated)} more than once")
        unknown = sorted(n for n in units if n not in unit_numbers)
        if unknown:
            verb = "is" if len(unknown) == 1 else "are"
            errors.append(f"{label}: {_units_phrase(unknown)} {verb} not in this qualification")
        if kind is RuleKind.MANDATORY:
            mandatory.update(units)
        elif kind is RuleKind.BARRED:
            if len(units) < 2:
                errors.append(f"{label}: a barred combination needs at least 2 units")
            barred.append((label, tuple(sorted(units))))
        else:
            if rule.per not in ("credits", "units"):
                errors.append(f"{label}: per must be 'credits' or 'units' (got {rule.per!r})")
            elif rule.per == "units" and rule.value is not None and rule.value > len(units):
                errors.append(
                    f"{label}: asks for {rule.value} unit{'' if rule.value == 1 else 's'} but "
                    f"the group has only {len(units)}"
                )
    for label, units in barred:
        clash = [n for n in units if n in mandatory]
        if len(clash) >= 2:
            errors.append(
                f"{label}: {_units_phrase(clash)} are all mandatory but only one can count"
                if len(clash) > 2
                else f"{label}: {_units_phrase(clash)} are both mandatory but only one can count"
            )
    return errors


def _points_label(position: int, row: GradePoints) -> str:
    detail = [row.unit_grade]
    if row.level is not None:
        detail.append(f"Level {row.level}")
    if row.size is not None:
        detail.append(f"{row.size} {_plural(row.size, 'credit')}")
    return f"Grade points {position} ({', '.join(detail)})"


def validate_grading(
    grading: GradingRules, rules: Sequence[Rule], units: Iterable[UnitGrades]
) -> list[str]:
    """Problems with a qualification's grading rules; empty if they are sound.

    `rules` are its rules of combination (for the mandatory units and the minimum credits) and
    `units` its units with the grades each can be given. Every unit grade a unit can be given
    must be worth points, never fewer than a lower grade; thresholds rise; conditions name
    grades and units that exist.
    """
    units = sorted(units, key=lambda u: u.number)
    if not grading.thresholds:
        if grading.points or grading.conditions or grading.best_credits is not None:
            return [
                "Grading: there are no grade thresholds, so there can be no grade points, "
                "best credits or grade conditions (a qualification graded Pass only has none)"
            ]
        return []
    errors = _check_points(grading, units)
    errors.extend(_check_best_credits(grading, rules, units))
    errors.extend(_check_thresholds(grading, units))
    errors.extend(_check_conditions(grading, rules, units))
    return errors


def _check_points(grading: GradingRules, units: list[UnitGrades]) -> list[str]:
    errors: list[str] = []
    per_unit = grading.points_per == PointsPer.UNIT
    levels = {u.level for u in units}
    sizes = {u.credits for u in units}
    rates: dict[tuple[str, int | None], int] = {}
    first: dict[tuple[str, int | None], int] = {}
    for position, row in enumerate(grading.points, start=1):
        label = _points_label(position, row)
        key = (row.unit_grade, row.size if per_unit else row.level)
        if row.unit_grade not in UNIT_GRADES:
            known = ", ".join(UNIT_GRADES)
            errors.append(f"{label}: the unit grade must be one of {known}")
            continue
        if row.points < 0:
            errors.append(f"{label}: the points must not be negative (got {row.points})")
        if per_unit:
            if row.level is not None:
                errors.append(f"{label}: a level is for points a credit; give the size alone")
            if row.size is None:
                errors.append(f"{label}: needs a size, the credits of the units it is for")
            elif row.size not in sizes:
                errors.append(f"{label}: no unit of this qualification has {row.size} credits")
        else:
            if row.size is not None:
                errors.append(
                    f"{label}: a size is for points a unit; with points a credit leave it out"
                )
            if row.level is not None and row.level not in levels:
                errors.append(f"{label}: no unit of this qualification is at Level {row.level}")
        if key in first:
            errors.append(f"{label}: repeats grade points {first[key]}")
            continue
        first[key] = position
        rates[key] = row.points
    if not grading.points:
        return [*errors, "Grading: needs grade points, what each unit grade is worth"]
    missing: dict[str, list[int]] = {}
    lower: dict[tuple[str, str], list[int]] = {}
    for unit in units:
        worth: list[tuple[str, int]] = []
        for grade in UNIT_GRADES:
            if grade not in unit.grades:
                continue
            points = rates.get((grade, unit.credits if per_unit else unit.level))
            if points is None and not per_unit:
                points = rates.get((grade, None))
            if points is None:
                missing.setdefault(grade, []).append(unit.number)
                continue
            if worth and points < worth[-1][1]:
                lower.setdefault((grade, worth[-1][0]), []).append(unit.number)
            worth.append((grade, points))
    for grade, numbers in missing.items():
        errors.append(f"Grading: no points for a {grade} in {_units_phrase(numbers)}")
    for (grade, below), numbers in lower.items():
        errors.append(
            f"Grading: a {grade} is worth fewer points than a {below} in {_units_phrase(numbers)}"
        )
    return errors


def _check_best_credits(
    grading: GradingRules, rules: Sequence[Rule], units: list[UnitGrades]
) -> list[str]:
    best = grading.best_credits
    if best is None:
        return []
    if grading.points_per == PointsPer.UNIT:
        return [
            "Grading: best credits are for points a credit; with points a unit every counted "
            "unit counts whole"
        ]
    if best < 1:
        return [f"Grading: best credits must be at least 1 (got {best})"]
    errors: list[str] = []
    credits = {u.number: u.credits for u in units}
    mandatory = {n for rule in rules if rule.kind == RuleKind.MANDATORY for n in rule.units}
    mandatory_credits = sum(credits.get(n, 0) for n in mandatory)
    if mandatory_credits > best:
        errors.append(
            f"Grading: the best {best} credits count, but the mandatory units alone have "
            f"{mandatory_credits} credits"
        )
    least = max(
        (rule.value or 0 for rule in rules if rule.kind == RuleKind.MIN_CREDITS), default=None
    )
    if least is None or least < best:
        asked = "no minimum of credits" if least is None else f"only {least} credits"
        errors.append(
            f"Grading: the best {best} credits count, but the rules of combination ask for "
            f"{asked}, so a candidate could have fewer"
        )
    return errors


def _check_thresholds(grading: GradingRules, units: list[UnitGrades]) -> list[str]:
    errors: list[str] = []
    if len(grading.thresholds) < 2:
        errors.append(
            "Grading: needs at least two grade thresholds, the lowest grade and one above it "
            "(a qualification graded Pass only has none)"
        )
    ceiling = None
    if (
        grading.best_credits is not None
        and grading.points_per == PointsPer.CREDIT
        and grading.points
    ):
        best_rate = max((row.points for row in grading.points), default=0)
        ceiling = grading.best_credits * best_rate
    seen: dict[str, int] = {}
    previous: tuple[str, int] | None = None
    for position, threshold in enumerate(grading.thresholds, start=1):
        label = f"Grade threshold {position} ({threshold.grade})"
        if threshold.grade in seen:
            errors.append(
                f"{label}: the grade is repeated (first in grade threshold {seen[threshold.grade]})"
            )
        seen.setdefault(threshold.grade, position)
        if position == 1:
            if threshold.points is not None:
                errors.append(
                    f"{label}: the lowest grade is given whenever the rules of combination are "
                    "met; leave its points out"
                )
            continue
        if threshold.points is None:
            errors.append(f"{label}: needs the points the grade starts at")
            continue
        if previous is not None and threshold.points <= previous[1]:
            errors.append(f"{label}: needs more points than {previous[0]} ({previous[1]})")
        if ceiling is not None and threshold.points > ceiling:
            errors.append(
                f"{label}: can never be reached: the best {grading.best_credits} credits score at "
                f"most {ceiling} points"
            )
        previous = (threshold.grade, threshold.points)
    return errors


def _check_conditions(
    grading: GradingRules, rules: Sequence[Rule], units: list[UnitGrades]
) -> list[str]:
    errors: list[str] = []
    grades = grading.grades
    by_number = {u.number: u for u in units}
    mandatory = sorted({n for rule in rules if rule.kind == RuleKind.MANDATORY for n in rule.units})
    for position, condition in enumerate(grading.conditions, start=1):
        label = f"Grade condition {position} ({condition.grade})"
        if condition.grade not in grades:
            errors.append(
                f"{label}: the grade must be one of the grade thresholds ({_join(list(grades))})"
            )
        elif grades.index(condition.grade) == 0:
            errors.append(
                f"{label}: the lowest grade is given whenever the rules of combination are met, "
                "so it takes no condition"
            )
        if condition.unit_grade not in UNIT_GRADES:
            errors.append(f"{label}: the unit grade must be one of {', '.join(UNIT_GRADES)}")
            continue
        listed = _distinct(condition.units)
        repeated = sorted({n for n in listed if list(condition.units).count(n) > 1})
        if repeated:
            errors.append(f"{label}: lists {_units_phrase(repeated)} more than once")
        unknown = sorted(n for n in listed if n not in by_number)
        if unknown:
            verb = "is" if len(unknown) == 1 else "are"
            errors.append(f"{label}: {_units_phrase(unknown)} {verb} not in this qualification")
        if not listed and not mandatory:
            errors.append(
                f"{label}: names no units, and the rules of combination have no mandatory units"
            )
        never = sorted(
            n
            for n in (listed or mandatory)
            if n in by_number and condition.unit_grade not in by_number[n].grades
        )
        if never:
            verb = "is" if len(never) == 1 else "are"
            errors.append(
                f"{label}: {_units_phrase(never)} {verb} never graded {condition.unit_grade}"
            )
    return errors
