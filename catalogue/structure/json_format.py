"""Reading a qualification file in JSON: one object, every object knowing its line."""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from typing import Any

from .grading_records import GradingRead, read_condition, read_points, read_settings, read_threshold
from .problems import Problem, refusal
from .records import _check_whole, _qualification, _rule, _unit, _unknown_fields
from .specs import (
    GRADE_CONDITION_FIELDS,
    GRADE_LISTS,
    GRADE_POINTS_FIELDS,
    GRADE_THRESHOLD_FIELDS,
    GRADING_FIELDS,
    QUALIFICATION_FIELDS,
    RULE_FIELDS,
    UNIT_FIELDS,
    QualificationStructure,
)


class _LinedDict(dict[str, Any]):
    """A JSON object that remembers the line it starts on."""

    line: int = 0


def _lined_json(text: str) -> Any:
    """json.loads, except every object knows its line (the standard decoder keeps no positions)."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    decoder = json.JSONDecoder()

    def parse_object(state: tuple[str, int], *args: Any, **kwargs: Any) -> tuple[Any, int]:
        value, end = json.decoder.JSONObject(state, *args, **kwargs)  # type: ignore[attr-defined]
        lined = _LinedDict(value)
        lined.line = bisect.bisect_right(starts, state[1] - 1)
        return lined, end

    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    # The C scanner ignores parse_object; the pure Python one calls it for every object.
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    return decoder.decode(text)


def _line(value: Any) -> int | None:
    return value.line if isinstance(value, _LinedDict) else None


def parse_json(text: str) -> QualificationStructure:
    try:
        data = _lined_json(text)
    except json.JSONDecodeError as error:
        raise refusal(
            [Problem(error.lineno, f"column {error.colno}", f"not valid JSON: {error.msg}")]
        ) from None
    if not isinstance(data, dict):
        raise refusal([Problem(1, "", "the file must hold one JSON object")])
    top_level = (*QUALIFICATION_FIELDS, *GRADING_FIELDS, "units", "rules", *GRADE_LISTS)
    problems = _unknown_fields(data, top_level, _line(data), "(top level)")
    details = _qualification(data, _line(data), "", problems)
    grading = GradingRead()
    read_settings(grading, data, _line(data), "", problems)

    def records(name: str) -> list[tuple[Any, int | None, str]]:
        items = data.get(name, [])
        if not isinstance(items, list):
            problems.append(Problem(_line(data), name, "must be a list"))
            return []
        found = []
        for index, item in enumerate(items):
            where = f"{name}[{index}]"
            if not isinstance(item, dict):
                problems.append(Problem(_line(data), where, "must be an object"))
                continue
            found.append((item, _line(item), where))
        return found

    unit_fields: tuple[str, ...] = UNIT_FIELDS
    units = []
    for item, line, where in records("units"):
        problems.extend(_unknown_fields(item, unit_fields, line, where))
        units.append(_unit(item, line, where, problems))
    rules = []
    for item, line, where in records("rules"):
        problems.extend(_unknown_fields(item, RULE_FIELDS, line, where))
        rules.append((_rule(item, line, where, problems), line, where))
    for item, line, where in records("grade_points"):
        problems.extend(_unknown_fields(item, GRADE_POINTS_FIELDS, line, where))
        grading.points.append((read_points(item, line, where, problems), line, where))
    for item, line, where in records("grade_thresholds"):
        problems.extend(_unknown_fields(item, GRADE_THRESHOLD_FIELDS, line, where))
        grading.thresholds.append((read_threshold(item, line, where, problems), line, where))
    for item, line, where in records("grade_conditions"):
        problems.extend(_unknown_fields(item, GRADE_CONDITION_FIELDS, line, where))
        grading.conditions.append((read_condition(item, line, where, problems), line, where))
    if not units:
        problems.append(Problem(_line(data), "units", "the qualification has no units"))
    return _check_whole(details, units, rules, problems, grading)
