"""A qualification's units on operations' pages: adding, changing and retiring one.

Retiring a unit removes it from the qualification, as loading a file that leaves it out does,
and only when nothing would lose its history: no claim, result or named entry uses it and no
rule names it. A unit in use stays for good; its title and reference may still be corrected.
"""

from typing import Any

from django.db import transaction

from accounts.models import User
from accounts.permissions import require_operations
from audit.actions import record
from common.errors import Conflict, DomainErrors, FieldError, NotFound

from ..models import GradingScheme, Qualification, Unit
from ..selectors import engine_rule
from ..structure import LEVELS, MAX_CREDITS, MAX_TITLE, REFERENCE
from .checking import (
    field_values,
    judge,
    operations_qualification,
    stored_rules,
    stored_units,
)
from .usage import units_in_use

UNIT_FIELDS = ("number", "title", "level", "credits", "grading", "reference")


def _unit_errors(values: dict[str, Any]) -> list[FieldError]:
    errors = []
    if values["number"] < 1:
        errors.append(
            FieldError("Enter the unit number as a whole number from 1 up", field="number")
        )
    if not values["title"]:
        errors.append(FieldError("Enter the unit's title", field="title"))
    elif len(values["title"]) > MAX_TITLE:
        errors.append(
            FieldError(f"The title must be {MAX_TITLE} characters or fewer", field="title")
        )
    if values["level"] not in LEVELS:
        errors.append(FieldError("Enter a level from 1 to 8", field="level"))
    if not 1 <= values["credits"] <= MAX_CREDITS:
        errors.append(
            FieldError(
                f"Enter the credits as a whole number from 1 to {MAX_CREDITS}", field="credits"
            )
        )
    if values["grading"] not in GradingScheme.values:
        errors.append(FieldError("Select how the unit is assessed", field="grading"))
    if values["reference"] and not REFERENCE.fullmatch(values["reference"]):
        errors.append(
            FieldError("Enter a unit reference number like A/123/4567", field="reference")
        )
    return errors


def _values(
    number: int, title: str, level: int, credits: int, grading: str, reference: str
) -> dict[str, Any]:
    return {
        "number": number,
        "title": title.strip(),
        "level": level,
        "credits": credits,
        "grading": grading,
        "reference": reference.strip().upper(),
    }


def _locked_unit(qualification: Qualification, unit_id: int) -> Unit:
    unit = Unit.objects.select_for_update().filter(qualification=qualification, pk=unit_id).first()
    if unit is None:
        raise NotFound("Unit not found", field="unit")
    return unit


def _save_unit(
    qualification: Qualification, unit: Unit | None, values: dict[str, Any]
) -> list[FieldError]:
    """Problems with the unit as it would be, beside the structure it would leave."""
    errors = _unit_errors(values)
    others = [u for u in Unit.objects.filter(qualification=qualification) if u != unit]
    if any(u.number == values["number"] for u in others):
        errors.append(
            FieldError(
                f"Unit {values['number']} already exists in this qualification", field="number"
            )
        )
    if errors:
        return errors
    if unit is not None and unit.number != values["number"] and units_in_use([unit]):
        return [
            FieldError(
                f"Unit {unit.number} is used by claims, results or named entries, so its number "
                "cannot change",
                field="number",
            )
        ]
    after = Unit(qualification=qualification, **values)
    units = sorted([*others, after], key=lambda u: u.number)
    verdict = judge(qualification, units, [engine_rule(r) for r in stored_rules(qualification)])
    return verdict.errors


def unit_problems(
    *, acting_user: User, code: str, unit_id: int | None, number: int | None, reference: str
) -> list[FieldError]:
    """What adding (or changing, with `unit_id`) a unit would say of its number and reference,
    for a page whose other fields could not be read, so that one submit shows every problem.
    Changes nothing."""
    require_operations(acting_user)
    errors = []
    taken = Unit.objects.filter(qualification__code=code, number=number or 0)
    if unit_id is not None:
        taken = taken.exclude(pk=unit_id)
    if number is not None and taken.exists():
        errors.append(
            FieldError(f"Unit {number} already exists in this qualification", field="number")
        )
    reference = reference.strip().upper()
    if reference and not REFERENCE.fullmatch(reference):
        errors.append(
            FieldError("Enter a unit reference number like A/123/4567", field="reference")
        )
    return errors


def add_unit(
    *,
    acting_user: User,
    code: str,
    number: int,
    title: str,
    level: int,
    credits: int,
    grading: str,
    reference: str,
) -> Unit:
    values = _values(number, title, level, credits, grading, reference)
    with transaction.atomic():
        qualification = operations_qualification(acting_user, code)
        errors = _save_unit(qualification, None, values)
        if errors:
            raise DomainErrors(errors)
        unit = Unit.objects.create(qualification=qualification, **values)
        record(
            actor=acting_user,
            action="unit.added",
            obj=unit,
            summary=f"Added unit {unit.number} to {code}: {unit.title}",
            changes={"qualification": code, **values},
        )
    return unit


def change_unit(
    *,
    acting_user: User,
    code: str,
    unit_id: int,
    number: int,
    title: str,
    level: int,
    credits: int,
    grading: str,
    reference: str,
) -> Unit:
    values = _values(number, title, level, credits, grading, reference)
    with transaction.atomic():
        qualification = operations_qualification(acting_user, code)
        unit = _locked_unit(qualification, unit_id)
        errors = _save_unit(qualification, unit, values)
        if errors:
            raise DomainErrors(errors)
        before = field_values(unit, UNIT_FIELDS)
        changed = [n for n in UNIT_FIELDS if before[n] != values[n]]
        if not changed:
            return unit
        for name in changed:
            setattr(unit, name, values[name])
        unit.save(update_fields=changed)
        record(
            actor=acting_user,
            action="unit.changed",
            obj=unit,
            summary=f"Changed unit {before['number']} of {code}: {', '.join(changed)}",
            changes={"qualification": code, **{n: [before[n], values[n]] for n in changed}},
        )
    return unit


def retire_unit(*, acting_user: User, code: str, unit_id: int) -> int:
    """Remove a unit nothing uses; refused, saying why, when claims, results or named entries
    use it or a rule names it. Answers the retired unit's number."""
    with transaction.atomic():
        qualification = operations_qualification(acting_user, code)
        unit = _locked_unit(qualification, unit_id)
        if units_in_use([unit]):
            raise Conflict(
                f"Unit {unit.number} cannot be retired: claims, results or named entries use it, "
                "and removing it would lose their history",
                code="unit_in_use",
            )
        naming = [
            f"rule {position} ({rule.get_kind_display().lower()})"
            for position, rule in enumerate(stored_rules(qualification), start=1)
            if unit.number in [int(n) for n in rule.units]
        ]
        if naming:
            raise DomainErrors(
                [
                    FieldError(
                        f"Unit {unit.number} cannot be retired: {', '.join(naming)} "
                        f"{'names' if len(naming) == 1 else 'name'} it; change the rules first",
                        code="unit_in_rules",
                    )
                ]
            )
        remaining = [u for u in stored_units(qualification) if u.pk != unit.pk]
        judge(
            qualification, remaining, [engine_rule(r) for r in stored_rules(qualification)]
        ).refuse()
        number, values = unit.number, field_values(unit, UNIT_FIELDS)
        record(
            actor=acting_user,
            action="unit.retired",
            obj=unit,
            summary=f"Retired unit {number} of {code}: {unit.title}",
            changes={"qualification": code, **values},
        )
        unit.delete()
    return number
