"""What is wrong with a qualification file: each problem with where it is, and all of them."""

from __future__ import annotations

from dataclasses import dataclass

from common.errors import DomainError


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, and where."""

    line: int | None
    where: str
    message: str

    def __str__(self) -> str:
        place = f"line {self.line}" if self.line else ""
        if self.where:
            place = f"{place}, {self.where}" if place else self.where
        return f"{place}: {self.message}" if place else self.message


class StructureErrors(DomainError):
    """The file has problems; nothing may be loaded from it."""

    def __init__(self, problems: list[Problem]) -> None:
        count = len(problems)
        super().__init__(
            f"{count} {'problem' if count == 1 else 'problems'} found", code="invalid_structure"
        )
        self.problems = problems
