"""Checking the records that say how the qualification grade comes from unit grades.

Each record is read like the others (every problem noted with its line); then the grading
rules as a whole are checked by the rules engine's own `validate_grading`, against the file's
units and rules, and each message is put back on the line of the record it names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import rules as rules_engine
from ..models import GRADE_MAX_LENGTH, GRADES_BY_SCHEME
from .fields import _integer, _Invalid, _items, _Record
from .problems import Problem
from .specs import MAX_CREDITS, MAX_POINTS, UnitSpec

_UNIT_GRADES = {grade: grade for grade in rules_engine.UNIT_GRADES}
_POINTS_PER = {per.value: per.value for per in rules_engine.PointsPer}

# The engine names a row by its position among the rows it was given: "Grade points 2 (...)".
_ROW = re.compile(r"(Grade points|Grade threshold|Grade condition) (\d+)")


@dataclass
class GradingRead:
    """The grading part of a file as read: settings and rows, each row with where it is."""

    line: int | None = None
    where: str = ""
    settings_ok: bool = True
    points_per: str | None = None
    best_credits: int | None = None
    points: list[tuple[rules_engine.GradePoints | None, int | None, str]] = field(
        default_factory=list
    )
    thresholds: list[tuple[rules_engine.GradeThreshold | None, int | None, str]] = field(
        default_factory=list
    )
    conditions: list[tuple[rules_engine.GradeCondition | None, int | None, str]] = field(
        default_factory=list
    )

    @property
    def given(self) -> bool:
        """Whether the file says anything about the qualification grade."""
        return bool(
            self.points_per is not None
            or self.best_credits is not None
            or self.points
            or self.thresholds
            or self.conditions
        )


def _count(low: int, high: int) -> Any:
    def convert(value: Any) -> int:
        number = _integer(value)
        if not low <= number <= high:
            raise _Invalid(f"must be a whole number from {low} to {high} (got {number})")
        return number

    return convert


def read_settings(
    read: GradingRead,
    values: Mapping[str, Any],
    line: int | None,
    where: str,
    problems: list[Problem],
) -> None:
    """The qualification's own grading fields: points_per and best_credits."""
    record = _Record(values, line, where, problems)
    read.line, read.where = line, where
    if values.get("points_per") not in (None, ""):
        points_per = record.choice("points_per", _POINTS_PER)
        read.points_per = points_per if points_per in _POINTS_PER else None
    read.best_credits = record.get("best_credits", _count(1, MAX_CREDITS))
    read.settings_ok = record.ok


def read_points(
    values: Mapping[str, Any], line: int | None, where: str, problems: list[Problem]
) -> rules_engine.GradePoints | None:
    record = _Record(values, line, where, problems)
    unit_grade = record.choice("unit_grade", _UNIT_GRADES)
    points = record.get("points", _count(0, MAX_POINTS), required=True)
    level = record.level(required=False)
    size = record.get("size", _count(1, MAX_CREDITS))
    if not record.ok:
        return None
    return rules_engine.GradePoints(unit_grade, int(points or 0), level, size)


def read_threshold(
    values: Mapping[str, Any], line: int | None, where: str, problems: list[Problem]
) -> rules_engine.GradeThreshold | None:
    record = _Record(values, line, where, problems)
    grade = record.text("grade", required=True, max_length=GRADE_MAX_LENGTH)
    points = record.get("points", _count(0, MAX_POINTS * MAX_CREDITS))
    if not record.ok:
        return None
    return rules_engine.GradeThreshold(grade, points)


def read_condition(
    values: Mapping[str, Any], line: int | None, where: str, problems: list[Problem]
) -> rules_engine.GradeCondition | None:
    record = _Record(values, line, where, problems)
    grade = record.text("grade", required=True, max_length=GRADE_MAX_LENGTH)
    unit_grade = record.choice("unit_grade", _UNIT_GRADES)
    units: list[int] = []
    for item in record.get("units", _items) or []:
        try:
            units.append(_integer(item))
        except _Invalid:
            record.problem("units", f"must be unit numbers (got {item!r})")
    if not record.ok:
        return None
    return rules_engine.GradeCondition(grade, unit_grade, tuple(units))


def check_grading(
    read: GradingRead,
    units: Sequence[UnitSpec],
    rules: Sequence[rules_engine.Rule],
    problems: list[Problem],
    *,
    partial: bool,
) -> rules_engine.GradingRules | None:
    """The grading rules the file describes (None: graded Pass only), checked by the engine.

    The engine judges the rows together (thresholds rise, every grade has points), so when any
    grading row or setting, or (`partial`) any unit or rule, could not be read, only those
    reading problems are reported: judging the rest would report problems that are not there.
    """
    if not read.given:
        return None
    points = [p for p, _, _ in read.points if p is not None]
    thresholds = [t for t, _, _ in read.thresholds if t is not None]
    conditions = [c for c, _, _ in read.conditions if c is not None]
    # Where each row is, to put the engine's message about it on its line.
    places = {
        "Grade points": [(line, where) for _, line, where in read.points],
        "Grade threshold": [(line, where) for _, line, where in read.thresholds],
        "Grade condition": [(line, where) for _, line, where in read.conditions],
    }
    unread = (len(points), len(thresholds), len(conditions)) != (
        len(read.points),
        len(read.thresholds),
        len(read.conditions),
    )
    grading = rules_engine.GradingRules(
        thresholds=tuple(thresholds),
        points=tuple(points),
        points_per=rules_engine.PointsPer(read.points_per or rules_engine.PointsPer.CREDIT),
        best_credits=read.best_credits,
        conditions=tuple(conditions),
    )
    outline = [
        rules_engine.UnitGrades(u.number, u.credits, u.level, GRADES_BY_SCHEME[u.grading])
        for u in units
    ]
    if unread or partial or not read.settings_ok:
        return grading
    for message in rules_engine.validate_grading(grading, rules, outline):
        line, where = read.line, read.where
        match = _ROW.match(message)
        if match and 1 <= int(match.group(2)) <= len(places[match.group(1)]):
            line, where = places[match.group(1)][int(match.group(2)) - 1]
        problems.append(Problem(line, where, message))
    return grading
