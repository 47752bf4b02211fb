"""Reading a qualification file in CSV: a header, then one row per record."""

from __future__ import annotations

import csv
import io
from typing import Any

from .grading_records import GradingRead, read_condition, read_points, read_settings, read_threshold
from .problems import Problem, refusal
from .records import _check_whole, _qualification, _rule, _unit, _UnitRead
from .specs import CSV_COLUMNS, RECORD_FIELDS, QualificationStructure, RuleSpec


def parse_csv(text: str) -> QualificationStructure:
    reader = csv.reader(io.StringIO(text))
    problems: list[Problem] = []
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise refusal([Problem(None, "", "the file is empty")]) from None
    except csv.Error as error:
        raise refusal([Problem(1, "", f"not valid CSV: {error}")]) from None
    for name in header:
        if name not in CSV_COLUMNS:
            problems.append(
                Problem(1, "", f"unknown column {name!r}; expected any of {', '.join(CSV_COLUMNS)}")
            )
    if "record" not in header:
        raise refusal([*problems, Problem(1, "", "the header has no 'record' column")])
    details: dict[str, Any] | None = None
    details_line: int | None = None
    units: list[_UnitRead] = []
    rules: list[tuple[RuleSpec | None, int | None, str]] = []
    grading = GradingRead()
    line = reader.line_num
    try:
        for row in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                problems.append(
                    Problem(start, "", f"has {len(row)} cells but the header has {len(header)}")
                )
                continue
            values = {
                name: cell for name, cell in zip(header, row, strict=False) if name in CSV_COLUMNS
            }
            kind = values.pop("record", "").strip().lower()
            if kind not in RECORD_FIELDS:
                problems.append(
                    Problem(
                        start,
                        "record",
                        "must be qualification, unit, rule, grade_points, grade_threshold or "
                        f"grade_condition (got {kind or 'nothing'!r})",
                    )
                )
                continue
            for name, cell in values.items():
                if cell.strip() and name not in RECORD_FIELDS[kind]:
                    problems.append(Problem(start, name, f"a {kind} row does not use this column"))
            values = {k: v for k, v in values.items() if k in RECORD_FIELDS[kind]}
            if kind == "qualification":
                if details_line is not None:
                    problems.append(
                        Problem(
                            start,
                            "",
                            f"a second qualification row (the first is on line {details_line})",
                        )
                    )
                    continue
                details_line = start
                details = _qualification(values, start, "", problems)
                read_settings(grading, values, start, "", problems)
            elif kind == "unit":
                units.append(_unit(values, start, "", problems))
            elif kind == "rule":
                rules.append((_rule(values, start, "", problems), start, ""))
            elif kind == "grade_points":
                grading.points.append((read_points(values, start, "", problems), start, ""))
            elif kind == "grade_threshold":
                grading.thresholds.append((read_threshold(values, start, "", problems), start, ""))
            else:
                grading.conditions.append((read_condition(values, start, "", problems), start, ""))
    except csv.Error as error:
        problems.append(Problem(line + 1, "", f"not valid CSV: {error}"))
    if details_line is None:
        problems.append(Problem(None, "", "the file has no qualification row"))
    if not units:
        problems.append(Problem(None, "", "the file has no unit rows"))
    return _check_whole(details, units, rules, problems, grading)
