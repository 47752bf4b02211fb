"""Checking each kind of record, then the whole file: unique units, rules as the engine reads."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .. import rules as rules_engine
from ..models import EvidenceMethod, GradingScheme, QualityAssurance
from .fields import _boolean, _integer, _Invalid, _items, _Record, _text
from .grading_records import GradingRead, check_grading
from .problems import Problem, refusal
from .specs import (
    CODE,
    MAX_CREDITS,
    MAX_RULE_NAME,
    REFERENCE,
    QualificationStructure,
    RuleSpec,
    UnitSpec,
)


def _qualification(
    values: Mapping[str, Any], line: int | None, where: str, problems: list[Problem]
) -> dict[str, Any] | None:
    record = _Record(values, line, where, problems)
    code = record.get("code", _text, required=True)
    if code is not None and not CODE.fullmatch(code):
        record.problem("code", f"must be the entry code as 5 digits (got {code!r})")
    title = record.text("title", required=True)
    level = record.level()
    qa = record.choice("quality_assurance", dict(QualityAssurance.choices))
    methods: list[str] = []
    for method in record.get("evidence_methods", _items) or []:
        if not isinstance(method, str) or method not in EvidenceMethod.values:
            known = ", ".join(EvidenceMethod.values)
            record.problem("evidence_methods", f"must each be one of {known} (got {method!r})")
        elif method not in methods:
            methods.append(method)
    other_ab = record.get("allows_other_awarding_body_units", _boolean)
    if not record.ok:
        return None
    return {
        "code": code,
        "title": title,
        "level": level,
        "quality_assurance": qa,
        "evidence_methods": tuple(methods),
        "allows_other_awarding_body_units": bool(other_ab),
    }


_UnitRead = tuple[UnitSpec | None, int | None, int | None, str]  # spec, number, line, where


def _unit(
    values: Mapping[str, Any], line: int | None, where: str, problems: list[Problem]
) -> _UnitRead:
    """The unit, or None if it has problems; its number whenever that much could be read."""
    record = _Record(values, line, where, problems)
    number = record.get("number", _integer, required=True)
    if number is not None and number < 1:
        record.problem("number", f"must be a whole number from 1 up (got {number})")
    title = record.text("title", required=True)
    level = record.level()
    credits = record.get("credits", _integer, required=True)
    if credits is not None and not 1 <= credits <= MAX_CREDITS:
        record.problem("credits", f"must be a whole number from 1 to {MAX_CREDITS} (got {credits})")
    grading = record.choice("grading", dict(GradingScheme.choices), GradingScheme.PASS.value)
    reference = record.get("reference", _text) or ""
    if reference and not REFERENCE.fullmatch(reference):
        record.problem("reference", f"must look like A/123/4567 (got {reference!r})")
    if not record.ok:
        return None, number, line, where
    spec = UnitSpec(int(number or 0), title, level or 0, credits or 0, grading, reference)
    return spec, number, line, where


def _rule(
    values: Mapping[str, Any], line: int | None, where: str, problems: list[Problem]
) -> RuleSpec | None:
    record = _Record(values, line, where, problems)
    kinds = {kind.value: kind.value for kind in rules_engine.RuleKind}
    kind = record.choice("kind", kinds)
    value = record.get("value", _integer)
    level = record.level(required=False)
    units: list[int] = []
    for item in record.get("units", _items) or []:
        try:
            units.append(_integer(item))
        except _Invalid:
            record.problem("units", f"must be unit numbers (got {item!r})")
    per = record.choice("per", {"credits": "credits", "units": "units"}, "credits")
    name = record.text("name", max_length=MAX_RULE_NAME)
    if not record.ok:
        return None
    return RuleSpec(kind, value, level, tuple(units), per, name)


def _unknown_fields(
    values: Mapping[str, Any], allowed: tuple[str, ...], line: int | None, where: str
) -> list[Problem]:
    return [
        Problem(line, where, f"unknown field {name!r}; expected any of {', '.join(allowed)}")
        for name in values
        if name not in allowed
    ]


def _check_whole(
    details: dict[str, Any] | None,
    units: list[_UnitRead],
    rules: list[tuple[RuleSpec | None, int | None, str]],
    problems: list[Problem],
    grading_read: GradingRead | None = None,
) -> QualificationStructure:
    """Checks across records: unit numbers unique, then the rule set and the grading rules as
    the engine sees them."""
    seen: dict[int, int | None] = {}
    for _, number, line, where in units:
        if number is None:
            continue
        if number in seen:
            first = seen[number]
            also = f" (first on line {first})" if first else ""
            problems.append(Problem(line, where, f"unit number {number} is repeated{also}"))
        else:
            seen[number] = line
    # The engine checks the rules that could be read; it numbers them among those, so each
    # message is put back on the rule's own line and number in the file.
    sound = [
        (position, rule, line, where)
        for position, (rule, line, where) in enumerate(rules, start=1)
        if rule is not None
    ]
    some_units_unread = any(number is None for _, number, _, _ in units)
    engine_rules = [rule.engine_rule() for _, rule, _, _ in sound]
    facts = None
    if all(u for u, _, _, _ in units) and len(sound) == len(rules):
        # Whether the rules can be met at all is judged only on a file read whole.
        facts = [rules_engine.UnitFact(u.number, u.credits, u.level) for u, _, _, _ in units if u]
    for message in rules_engine.validate_rules(engine_rules, set(seen), units=facts):
        if some_units_unread and "not in this qualification" in message:
            continue  # the unit may be one of those with a problem of its own
        line, where = None, "rules"
        message = message.removeprefix("Rules: ")
        match = re.match(r"Rule (\d+)", message)
        if match and 1 <= int(match.group(1)) <= len(sound):
            position, _, line, where = sound[int(match.group(1)) - 1]
            message = f"Rule {position}{message[match.end() :]}"
        problems.append(Problem(line, where, message))
    read_units = [u for u, _, _, _ in units if u]
    grading = check_grading(
        grading_read or GradingRead(),
        read_units,
        engine_rules,
        problems,
        partial=some_units_unread or len(sound) < len(rules),
    )
    if details is None or problems:
        # File-wide problems first, then by line; each line's in the order its fields come.
        raise refusal(sorted(problems, key=lambda p: p.line or 0))
    return QualificationStructure(
        **details,
        units=tuple(sorted(read_units, key=lambda u: u.number)),
        rules=tuple(rule for _, rule, _, _ in sound),
        grading=grading,
    )
