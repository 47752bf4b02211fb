"""Checking a rule set before it is stored: every problem as a message naming the rule."""

from __future__ import annotations

from collections.abc import Sequence

from .types import Rule, RuleKind, _distinct
from .wording import _units_phrase

_VALUE_NOUN = {
    RuleKind.MIN_CREDITS: "a minimum number of credits",
    RuleKind.MIN_CREDITS_AT_LEVEL: "a minimum number of credits",
    RuleKind.GROUP: "a minimum",
    RuleKind.MAX_OTHER_AB_CREDITS: "a maximum number of credits",
}
_TAKES_UNITS = frozenset({RuleKind.MANDATORY, RuleKind.GROUP, RuleKind.BARRED})


def validate_rules(rules: Sequence[Rule], unit_numbers: set[int]) -> list[str]:
    """Problems with a rule set, as messages naming the rule by position; empty if it is sound.

    `unit_numbers` are the qualification's units; rules may refer only to those.
    """
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
                    f"{label}: asks for {rule.value} units but the group has only {len(units)}"
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
