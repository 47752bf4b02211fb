"""Qualification files for tests: the examples, writing a changed copy, and loading one with
`manage.py load_qualification`."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run(path: Path, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_qualification", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failing(path: Path, *args: str) -> tuple[str, list[str]]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("load_qualification", str(path), *args, stdout=out, stderr=err)
    return str(raised.value), err.getvalue().splitlines()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def customer_service_without_unit_8(tmp_path: Path) -> Path:
    """05203 as the demo world has it, with unit 8 left out and unit 7's title changed."""
    lines = (EXAMPLES / "05203.csv").read_text().splitlines()
    kept = [
        line.replace("Support customer service", "Support customer service (changed)")
        for line in lines
        if "Develop customer relationships" not in line
    ]
    return write(tmp_path, "05203.csv", "\n".join(kept))


#: What a file says of a qualification's grading: the qualification's fields and the records.
GRADING_FIELDS = ("points_per", "best_credits")
GRADING_LISTS = ("grade_points", "grade_thresholds", "grade_conditions")
GRADING_RECORDS = ("grade_points", "grade_threshold", "grade_condition")


def without_grading(tmp_path: Path, example: str) -> Path:
    """An example file with its grading left out: the qualification graded Pass only."""
    text = (EXAMPLES / example).read_text()
    if example.endswith(".json"):
        data = json.loads(text)
        for key in (*GRADING_FIELDS, *GRADING_LISTS):
            data.pop(key, None)
        return write(tmp_path, example, json.dumps(data, indent=2))
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    emptied = [header.index(name) for name in GRADING_FIELDS]
    kept = [header]
    for cells in rows[1:]:
        if cells[0] in GRADING_RECORDS:
            continue
        kept.append(["" if i in emptied else cell for i, cell in enumerate(cells)])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(kept)
    return write(tmp_path, example, out.getvalue())
