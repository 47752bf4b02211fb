"""What is wrong with a qualification file: each problem with where it is, and the refusal of a
file with problems (`DomainErrors`, every problem an error with its line as the row and its
place in the file as the field)."""

from __future__ import annotations

from dataclasses import dataclass

from common.errors import DomainErrors, FieldError
from common.wording import count


def describe(line: int | None, where: str, message: str) -> str:
    """A problem as the command prints it: "line 6, units[2].title: must not be empty"."""
    place = f"line {line}" if line else ""
    if where:
        place = f"{place}, {where}" if place else where
    return f"{place}: {message}" if place else message


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, and where."""

    line: int | None
    where: str
    message: str

    def __str__(self) -> str:
        return describe(self.line, self.where, self.message)


def refusal(problems: list[Problem]) -> DomainErrors:
    """The file has problems; nothing may be loaded from it."""
    return DomainErrors(
        [
            FieldError(p.message, field=p.where or None, code="invalid_structure", row=p.line)
            for p in problems
        ],
        message=f"{count(len(problems), 'problem')} found",
        code="invalid_structure",
    )


def described(errors: DomainErrors) -> list[str]:
    """Every problem of a refused file, as the command prints them."""
    return [describe(e.row, e.field or "", e.message) for e in errors.errors]
