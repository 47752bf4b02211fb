"""The engine's words: shortfalls and rules as the plain sentences centre staff read."""

from __future__ import annotations

from collections.abc import Sequence

from .types import Rule, RuleKind, Shortfall, _distinct


def _plural(count: int, word: str) -> str:
    return word if count == 1 else f"{word}s"


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _units_phrase(numbers: Sequence[int]) -> str:
    """Unit numbers as prose: unit 3; units 3 and 4; units 3, 4 and 5."""
    return f"{_plural(len(numbers), 'unit')} {_join([str(n) for n in numbers])}"


def _group_label(rule: Rule) -> str:
    return rule.name or _units_phrase(sorted(_distinct(rule.units)))


def _other_ab_phrase(value: int) -> str:
    if value <= 0:
        return "no credits from other awarding bodies"
    return f"only {value} {_plural(value, 'credit')} from other awarding bodies"


def shortfall_sentence(shortfall: Shortfall) -> str:
    """A shortfall as a plain English sentence, as shown to centre staff."""
    kind = RuleKind(shortfall.kind)
    rule = shortfall.rule
    missing = shortfall.missing_credits
    if kind is RuleKind.MIN_CREDITS:
        return f"needs {missing} more {_plural(missing, 'credit')}"
    if kind is RuleKind.MIN_CREDITS_AT_LEVEL:
        return (
            f"needs {missing} more {_plural(missing, 'credit')} at Level {rule.level or 0} or above"
        )
    if kind is RuleKind.MANDATORY:
        units = shortfall.missing_units or _distinct(rule.units)
        if len(units) == 1:
            return f"Unit {units[0]} is mandatory"
        return f"{_units_phrase(units).capitalize()} are mandatory"
    if kind is RuleKind.GROUP:
        if rule.per == "units":
            amount = f"{shortfall.missing_count} more {_plural(shortfall.missing_count, 'unit')}"
        else:
            amount = f"{missing} more {_plural(missing, 'credit')}"
        return f"needs {amount} from {_group_label(rule)}"
    if kind is RuleKind.BARRED:
        units = shortfall.barred_units or _distinct(sorted(rule.units))
        return f"{_units_phrase(units)} are a barred combination: only one counts"
    return f"{_other_ab_phrase(rule.value or 0)} can count"


def describe_rules(rules: Sequence[Rule]) -> list[str]:
    """The rules themselves as plain sentences, in rule order (one per mandatory unit)."""
    sentences: list[str] = []
    for rule in rules:
        kind = RuleKind(rule.kind)
        value = rule.value or 0
        if kind is RuleKind.MIN_CREDITS:
            sentences.append(f"at least {value} {_plural(value, 'credit')}")
        elif kind is RuleKind.MIN_CREDITS_AT_LEVEL:
            credits = _plural(value, "credit")
            sentences.append(f"at least {value} {credits} at Level {rule.level or 0} or above")
        elif kind is RuleKind.MANDATORY:
            sentences.extend(f"Unit {n} is mandatory" for n in _distinct(rule.units))
        elif kind is RuleKind.GROUP:
            word = "unit" if rule.per == "units" else "credit"
            label = _group_label(rule)
            sentences.append(f"at least {value} {_plural(value, word)} from {label}")
        elif kind is RuleKind.BARRED:
            units = sorted(_distinct(rule.units))
            sentences.append(f"{_units_phrase(units)}: only one can count")
        elif value <= 0:
            sentences.append(_other_ab_phrase(value))
        else:
            sentences.append(
                f"at most {value} {_plural(value, 'credit')} from other awarding bodies"
            )
    return sentences
