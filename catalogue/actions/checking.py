"""The rules engine's checks of a qualification's structure, as errors a page puts beside fields.

Every change to units or rules is judged on the whole structure it would leave: the rules of
combination by `rules.validate_rules`, the grading rules by `rules.validate_grading`. A message
about the rule being edited goes beside the field it is about; any other (another rule it now
clashes with, the grading rules) at the top, naming the rule or row.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Model

from accounts.models import User
from accounts.permissions import require_operations
from common.errors import DomainErrors, FieldError, NotFound

from .. import rules as rules_engine
from ..grading import grading_rules, unit_grades
from ..models import Qualification, Rule, Unit

_RULE_LABEL = re.compile(r"Rule (\d+)(?: \([^)]*\))?: ")


def locked_qualification(code: str) -> Qualification:
    """The qualification's row, locked for the calling action's transaction."""
    qualification = Qualification.objects.select_for_update().filter(code=code).first()
    if qualification is None:
        raise NotFound("Qualification not found", field="qualification")
    return qualification


def operations_qualification(acting_user: User, code: str) -> Qualification:
    require_operations(acting_user)
    return locked_qualification(code)


def _rule_field(text: str) -> str:
    """Which input of a rule an engine message is about."""
    if text.startswith("needs a level") or text.startswith("the level"):
        return "level"
    if text.startswith(("needs ", "the value", "asks for")) or "cannot ask for" in text:
        return "value"
    if text.startswith("per must"):
        return "per"
    return "units"


def _on_field(text: str) -> str:
    """An engine message as the words beside an input: "needs a level" asks to enter it."""
    if text.startswith("needs a "):
        return f"Enter the {text.removeprefix('needs a ')}"
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Verdict:
    """What the engine says of a structure: its problems (none: sound), and the rules in the
    words centres read."""

    errors: list[FieldError]
    words: tuple[str, ...] = ()

    @property
    def sound(self) -> bool:
        return not self.errors

    def refuse(self) -> None:
        if self.errors:
            count = len(self.errors)
            raise DomainErrors(
                self.errors,
                message=f"The rules engine found {count} {'problem' if count == 1 else 'problems'}",
                code="invalid_rules",
            )


def judge(
    qualification: Qualification,
    units: Sequence[Unit],
    rules: Sequence[rules_engine.Rule],
    *,
    editing: int | None = None,
) -> Verdict:
    """The engine's verdict on `rules` over `units`, with the qualification's grading rules.

    `editing` is the position (from 1) of the rule a page is editing: its problems are put on
    its fields, without the "Rule 2 (group):" the other messages start with.
    """
    errors: list[FieldError] = []
    facts = [rules_engine.UnitFact(u.number, u.credits, u.level) for u in units]
    for message in rules_engine.validate_rules(list(rules), {u.number for u in units}, units=facts):
        match = _RULE_LABEL.match(message)
        if editing is not None and match and int(match.group(1)) == editing:
            text = message[match.end() :]
            errors.append(FieldError(_on_field(text), field=_rule_field(text)))
        else:
            errors.append(FieldError(message))
    grading = grading_rules(qualification)
    if grading is not None:
        errors.extend(
            FieldError(message)
            for message in rules_engine.validate_grading(grading, list(rules), unit_grades(units))
        )
    words = tuple(s[:1].upper() + s[1:] for s in rules_engine.describe_rules(list(rules)))
    return Verdict(errors, words)


def stored_rules(qualification: Qualification) -> list[Rule]:
    return list(Rule.objects.filter(qualification=qualification).order_by("id"))


def stored_units(qualification: Qualification) -> list[Unit]:
    return list(Unit.objects.filter(qualification=qualification).order_by("number"))


def field_values(obj: Model, names: Sequence[str]) -> dict[str, object]:
    return {name: getattr(obj, name) for name in names}
