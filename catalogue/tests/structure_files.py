"""Qualification files for tests: the examples, writing a changed copy, and loading one with
`manage.py load_qualification`."""

import io
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
