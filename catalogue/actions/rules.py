"""A qualification's rules of combination on operations' pages: one rule at a time, each save
judged by the rules engine on the whole rule set it would leave, so none unsound is stored."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from accounts.models import User
from accounts.permissions import require_operations
from audit.actions import record
from common.errors import DomainErrors, FieldError, NotFound

from .. import rules as rules_engine
from ..models import Qualification, Rule, RuleKind
from ..selectors import engine_rule
from ..structure import MAX_RULE_NAME
from .checking import (
    Verdict,
    field_values,
    judge,
    locked_qualification,
    operations_qualification,
    stored_rules,
    stored_units,
)

RULE_FIELDS = ("kind", "value", "level", "units", "per", "name")
_TAKES_VALUE = {
    RuleKind.MIN_CREDITS,
    RuleKind.GROUP,
    RuleKind.MIN_CREDITS_AT_LEVEL,
    RuleKind.MAX_OTHER_AB_CREDITS,
}
_TAKES_UNITS = {RuleKind.MANDATORY, RuleKind.GROUP, RuleKind.BARRED}


@dataclass(frozen=True)
class RuleInput:
    """A rule as a page gives it; only the fields its kind uses are kept."""

    kind: str
    value: int | None = None
    level: int | None = None
    units: tuple[int, ...] = ()
    per: str = "credits"
    name: str = ""

    def stored(self) -> dict[str, Any]:
        kind = RuleKind(self.kind)
        return {
            "kind": kind.value,
            "value": self.value if kind in _TAKES_VALUE else None,
            "level": self.level if kind == RuleKind.MIN_CREDITS_AT_LEVEL else None,
            "units": sorted(set(self.units)) if kind in _TAKES_UNITS else [],
            "per": self.per if kind == RuleKind.GROUP else "credits",
            "name": self.name.strip() if kind == RuleKind.GROUP else "",
        }


def _input_errors(rule: RuleInput) -> list[FieldError]:
    if rule.kind not in RuleKind.values:
        return [FieldError("Select the kind of rule", field="kind")]
    if len(rule.name.strip()) > MAX_RULE_NAME:
        return [
            FieldError(f"The group name must be {MAX_RULE_NAME} characters or fewer", field="name")
        ]
    return []


def _as_engine(values: dict[str, Any]) -> rules_engine.Rule:
    return engine_rule(Rule(**values))


def _verdict(
    qualification: Qualification, rule: RuleInput, rule_id: int | None
) -> tuple[Verdict, list[Rule], int]:
    """The engine's verdict on the rule set with `rule` in place of rule `rule_id` (None: added)."""
    errors = _input_errors(rule)
    if errors:
        return Verdict(errors), [], 0
    current = stored_rules(qualification)
    ids = [r.pk for r in current]
    if rule_id is not None and rule_id not in ids:
        raise NotFound("Rule not found", field="rule")
    position = ids.index(rule_id) + 1 if rule_id is not None else len(current) + 1
    after = [engine_rule(r) for r in current]
    edited = _as_engine(rule.stored())
    if rule_id is None:
        after.append(edited)
    else:
        after[position - 1] = edited
    verdict = judge(qualification, stored_units(qualification), after, editing=position)
    return verdict, current, position


def check_rule(
    *, acting_user: User, code: str, rule: RuleInput, rule_id: int | None = None
) -> Verdict:
    """What the engine would say of the rules with this rule saved; saves nothing."""
    require_operations(acting_user)
    with transaction.atomic():
        qualification = locked_qualification(code)
        verdict, _, _ = _verdict(qualification, rule, rule_id)
    return verdict


def add_rule(*, acting_user: User, code: str, rule: RuleInput) -> Rule:
    with transaction.atomic():
        qualification = operations_qualification(acting_user, code)
        verdict, _, position = _verdict(qualification, rule, None)
        verdict.refuse()
        values = rule.stored()
        saved = Rule.objects.create(qualification=qualification, **values)
        record(
            actor=acting_user,
            action="rule.added",
            obj=saved,
            summary=f"Added rule {position} ({saved.get_kind_display().lower()}) to {code}",
            changes={"qualification": code, **values},
        )
    return saved


def change_rule(*, acting_user: User, code: str, rule_id: int, rule: RuleInput) -> Rule:
    with transaction.atomic():
        qualification = operations_qualification(acting_user, code)
        verdict, current, position = _verdict(qualification, rule, rule_id)
        verdict.refuse()
        saved = next(r for r in current if r.pk == rule_id)
        values = rule.stored()
        before = field_values(saved, RULE_FIELDS)
        changed = [n for n in RULE_FIELDS if before[n] != values[n]]
        if not changed:
            return saved
        for name in changed:
            setattr(saved, name, values[name])
        saved.save(update_fields=changed)
        record(
            actor=acting_user,
            action="rule.changed",
            obj=saved,
            summary=f"Changed rule {position} of {code}: {', '.join(changed)}",
            changes={"qualification": code, **{n: [before[n], values[n]] for n in changed}},
        )
    return saved


def remove_rule(*, acting_user: User, code: str, rule_id: int) -> int:
    """Remove a rule, when the rules left are sound; answers the removed rule's position."""
    with transaction.atomic():
        qualification = operations_qualification(acting_user, code)
        current = stored_rules(qualification)
        found = [r for r in current if r.pk == rule_id]
        if not found:
            raise NotFound("Rule not found", field="rule")
        removed = found[0]
        position = current.index(removed) + 1
        left = [engine_rule(r) for r in current if r.pk != rule_id]
        if not left:
            raise DomainErrors(
                [
                    FieldError(
                        "This is the only rule: without it a full award would need no units. "
                        "Add the rule that replaces it first",
                        code="last_rule",
                    )
                ],
                code="invalid_rules",
            )
        judge(qualification, stored_units(qualification), left).refuse()
        values = field_values(removed, RULE_FIELDS)
        record(
            actor=acting_user,
            action="rule.removed",
            obj=removed,
            summary=f"Removed rule {position} ({removed.get_kind_display().lower()}) of {code}",
            changes={"qualification": code, **values},
        )
        removed.delete()
    return position
