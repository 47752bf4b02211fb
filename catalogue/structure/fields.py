"""Reading one record's fields, typed from JSON or as text from CSV, noting every problem."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from .problems import Problem
from .specs import FALSE_WORDS, LEVELS, MAX_TITLE, TRUE_WORDS


class _Invalid(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise _Invalid("must be a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?[0-9]+\s*", value):
        return int(value)
    raise _Invalid(f"must be a whole number (got {value!r})")


def _text(value: Any) -> str:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise _Invalid(f"must be text (got {value!r})")


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
        return value.strip().lower() in TRUE_WORDS
    raise _Invalid(f"must be true or false (yes or no in CSV) (got {value!r})")


def _items(value: Any) -> list[Any]:
    """A list from JSON, or text separated by semicolons or spaces from CSV."""
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return [item for item in re.split(r"[;\s]+", value.strip()) if item]
    raise _Invalid(f"must be a list (got {value!r})")


class _Record:
    """One qualification, unit or rule record being checked; problems go to the shared list."""

    def __init__(
        self, values: Mapping[str, Any], line: int | None, where: str, problems: list[Problem]
    ) -> None:
        self.values = values
        self.line = line
        self.where = where
        self.problems = problems
        self.ok = True

    def problem(self, name: str | None, message: str) -> None:
        self.ok = False
        where = self.where if name is None else f"{self.where}.{name}" if self.where else name
        self.problems.append(Problem(self.line, where, message))

    def get(
        self, name: str, convert: Callable[[Any], Any], *, required: bool = False
    ) -> Any | None:
        value = self.values.get(name)
        if _blank(value):
            if required:
                self.problem(name, "is missing")
            return None
        try:
            return convert(value)
        except _Invalid as error:
            self.problem(name, error.message)
            return None

    def text(self, name: str, *, required: bool = False, max_length: int = MAX_TITLE) -> str:
        value = self.get(name, _text, required=required) or ""
        if len(value) > max_length:
            self.problem(name, f"must be {max_length} characters or fewer")
        return str(value)

    def level(self, name: str = "level", *, required: bool = True) -> int | None:
        value = self.get(name, _integer, required=required)
        if value is not None and value not in LEVELS:
            self.problem(name, f"must be a level from 1 to 8 (got {value})")
            return None
        return value

    def choice(self, name: str, choices: Mapping[str, str], default: str | None = None) -> str:
        value = self.get(name, _text, required=default is None)
        if value is None:
            return default or ""
        if value not in choices:
            known = ", ".join(choices)
            self.problem(name, f"must be one of {known} (got {value!r})")
        return str(value)
