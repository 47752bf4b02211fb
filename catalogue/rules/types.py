"""The rules of combination as data: rule kinds, rules, a candidate's unit facts, and answers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import NamedTuple


class RuleKind(StrEnum):
    """The kinds of rule of combination."""

    MIN_CREDITS = "min_credits"
    """`value`: the minimum total credits."""
    MANDATORY = "mandatory"
    """`units`: unit numbers that must all be achieved."""
    GROUP = "group"
    """`units`: the group's units; `value`: the minimum; `per`: "credits" or "units"."""
    MIN_CREDITS_AT_LEVEL = "min_credits_at_level"
    """`value`: minimum credits from units at `level` or above."""
    BARRED = "barred"
    """`units`: a barred combination; at most one of these units can count."""
    MAX_OTHER_AB_CREDITS = "max_other_ab_credits"
    """`value`: the most credits that may come from units achieved with another awarding body."""


#: Kinds whose shortfalls stop the full award; the others only explain why units did not count.
BLOCKING_KINDS: frozenset[RuleKind] = frozenset(
    {
        RuleKind.MIN_CREDITS,
        RuleKind.MANDATORY,
        RuleKind.GROUP,
        RuleKind.MIN_CREDITS_AT_LEVEL,
    }
)


@dataclass(frozen=True)
class Rule:
    """One rule of combination; which fields matter depends on `kind` (see :class:`RuleKind`)."""

    kind: RuleKind
    value: int | None = None
    level: int | None = None
    units: tuple[int, ...] = ()
    per: str = "credits"
    name: str = ""


class UnitFact(NamedTuple):
    """A unit the candidate has achieved, as far as the rules of combination care.

    A named tuple rather than a dataclass: pages build and hash tens of thousands of them (a
    candidate's units are the key their evaluation is shared under), and a tuple's are done in
    C.
    """

    number: int
    credits: int
    level: int
    other_ab: bool = False


@dataclass(frozen=True)
class Shortfall:
    """Something that stops the full award, or explains why some units do not count.

    - MIN_CREDITS, MIN_CREDITS_AT_LEVEL and GROUP per credits set `missing_credits`.
    - GROUP per units sets `missing_count`.
    - MANDATORY has one shortfall per missing unit, in `missing_units`.
    - BARRED (informational) lists the candidate's units of that barred set in `barred_units`.
    - MAX_OTHER_AB_CREDITS (informational) means some units were left out because of the cap;
      they are in :attr:`Evaluation.excluded`.
    """

    kind: RuleKind
    rule: Rule
    missing_credits: int = 0
    missing_units: tuple[int, ...] = ()
    missing_count: int = 0
    barred_units: tuple[int, ...] = ()

    @property
    def blocking(self) -> bool:
        """Whether this shortfall stops the full award (informational ones do not)."""
        return self.kind in BLOCKING_KINDS

    @cached_property
    def sentence(self) -> str:
        """The shortfall as a plain English sentence, as shown to centre staff (worded once:
        the engine gives candidates holding the same barred units the same shortfall)."""
        # The words live with the rest of the engine's wording, which needs these types.
        from .wording import shortfall_sentence

        return shortfall_sentence(self)


@dataclass(frozen=True)
class Evaluation:
    """The answer for one candidate against one rule set.

    `counted` and `excluded` are sorted unit numbers; together they are every unit the candidate
    holds. `total_credits` is the credits of the counted units. `shortfalls` follow rule order.
    """

    met: bool
    counted: tuple[int, ...]
    excluded: tuple[int, ...]
    total_credits: int
    shortfalls: tuple[Shortfall, ...]

    @cached_property
    def sentences(self) -> list[str]:
        """Every shortfall as a sentence, in rule order (informational ones included).

        Made once per evaluation: pages show the same evaluation for many candidates.
        """
        return [shortfall.sentence for shortfall in self.shortfalls]


def _distinct(numbers: Iterable[int]) -> tuple[int, ...]:
    """Numbers in first-seen order without repeats, so a repeated unit is not required twice."""
    return tuple(dict.fromkeys(numbers))
