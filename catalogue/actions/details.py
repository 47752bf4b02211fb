"""Creating a qualification and changing its details, on operations' pages."""

from dataclasses import replace
from typing import Any

from django.db import IntegrityError, transaction

from accounts.models import User
from accounts.permissions import require_operations
from audit.actions import record
from common.errors import DomainErrors, FieldError

from .. import rules as rules_engine
from ..grading import grading_rules, unit_grades
from ..models import EvidenceMethod, PointsPer, Qualification, QualityAssurance
from ..selectors import engine_rule
from ..structure import CODE, LEVELS, MAX_TITLE
from .checking import field_values, locked_qualification, stored_rules, stored_units

DETAIL_FIELDS = (
    "title",
    "level",
    "quality_assurance",
    "evidence_methods",
    "allows_other_awarding_body_units",
)
GRADING_FIELDS = ("points_per", "best_credits")


def _detail_errors(values: dict[str, Any]) -> list[FieldError]:
    errors = []
    title = values["title"].strip()
    if not title:
        errors.append(FieldError("Enter the title", field="title"))
    elif len(title) > MAX_TITLE:
        errors.append(
            FieldError(f"The title must be {MAX_TITLE} characters or fewer", field="title")
        )
    if values["level"] not in LEVELS:
        errors.append(FieldError("Enter a level from 1 to 8", field="level"))
    if values["quality_assurance"] not in QualityAssurance.values:
        errors.append(
            FieldError("Select how the qualification is quality assured", field="quality_assurance")
        )
    unknown = [m for m in values["evidence_methods"] if m not in EvidenceMethod.values]
    if unknown:
        errors.append(FieldError("Select evidence methods from the list", field="evidence_methods"))
    return errors


def _details(
    title: str,
    level: int,
    quality_assurance: str,
    evidence_methods: list[str],
    allows_other_awarding_body_units: bool,
) -> dict[str, Any]:
    order = list(EvidenceMethod.values)
    return {
        "title": title.strip(),
        "level": level,
        "quality_assurance": quality_assurance,
        # Stored in the catalogue's own order, so choosing the same methods changes nothing.
        "evidence_methods": sorted(
            dict.fromkeys(evidence_methods), key=lambda m: order.index(m) if m in order else 99
        ),
        "allows_other_awarding_body_units": bool(allows_other_awarding_body_units),
    }


def _refuse(errors: list[FieldError]) -> None:
    if errors:
        raise DomainErrors(errors)


def _code_errors(code: str) -> list[FieldError]:
    if not code:
        return [FieldError("Enter the entry code", field="code")]
    if not CODE.fullmatch(code):
        return [FieldError("Enter the entry code as 5 digits, like 05203", field="code")]
    if Qualification.objects.filter(code=code).exists():
        return [FieldError(f"Qualification {code} already exists", field="code")]
    return []


def new_qualification_problems(*, acting_user: User, code: str, title: str) -> list[FieldError]:
    """What `create_qualification` would say of the code and title, for a page whose other
    fields could not be read, so that one submit shows every problem. Changes nothing."""
    require_operations(acting_user)
    errors = _code_errors(code.strip())
    title = title.strip()
    if len(title) > MAX_TITLE:
        errors.append(
            FieldError(f"The title must be {MAX_TITLE} characters or fewer", field="title")
        )
    return errors


def create_qualification(
    *,
    acting_user: User,
    code: str,
    title: str,
    level: int,
    quality_assurance: str,
    evidence_methods: list[str],
    allows_other_awarding_body_units: bool,
) -> Qualification:
    """A new qualification, with no units or rules yet; graded Pass only."""
    require_operations(acting_user)
    code = code.strip()
    values = _details(
        title, level, quality_assurance, evidence_methods, allows_other_awarding_body_units
    )
    with transaction.atomic():
        _refuse(_code_errors(code) + _detail_errors(values))
        try:
            with transaction.atomic():
                qualification = Qualification.objects.create(code=code, **values)
        except IntegrityError:
            taken = FieldError(f"Qualification {code} already exists", field="code")
            raise DomainErrors([taken]) from None
        record(
            actor=acting_user,
            action="qualification.created",
            obj=qualification,
            summary=f"Created qualification {code} {values['title']}",
            changes={"code": code, **values},
        )
    return qualification


def _grading_errors(
    qualification: Qualification, points_per: str, best_credits: int | None
) -> list[FieldError]:
    if points_per not in PointsPer.values:
        return [FieldError("Select how grade points are counted", field="points_per")]
    if best_credits is not None and best_credits < 1:
        return [
            FieldError(
                "Enter the credits counted as a whole number from 1 up", field="best_credits"
            )
        ]
    grading = grading_rules(qualification)
    if grading is None:
        if best_credits is not None:
            return [
                FieldError(
                    "This qualification is graded Pass only, so no credits are counted for a "
                    "grade; leave it blank",
                    field="best_credits",
                )
            ]
        return []
    changed = replace(
        grading, points_per=rules_engine.PointsPer(points_per), best_credits=best_credits
    )
    units = stored_units(qualification)
    messages = rules_engine.validate_grading(
        changed, [engine_rule(r) for r in stored_rules(qualification)], unit_grades(units)
    )
    return [FieldError(m, field="best_credits" if "best" in m else "points_per") for m in messages]


def update_qualification(
    *,
    acting_user: User,
    code: str,
    title: str,
    level: int,
    quality_assurance: str,
    evidence_methods: list[str],
    allows_other_awarding_body_units: bool,
    points_per: str,
    best_credits: int | None,
) -> Qualification:
    """Change a qualification's details and how its grade points are counted; the grading
    rules are checked by the engine with the new settings."""
    require_operations(acting_user)
    values = _details(
        title, level, quality_assurance, evidence_methods, allows_other_awarding_body_units
    )
    values.update(points_per=points_per, best_credits=best_credits)
    with transaction.atomic():
        qualification = locked_qualification(code)
        _refuse(_detail_errors(values) + _grading_errors(qualification, points_per, best_credits))
        names = (*DETAIL_FIELDS, *GRADING_FIELDS)
        before = field_values(qualification, names)
        changed = [n for n in names if before[n] != values[n]]
        if not changed:
            return qualification
        for name in changed:
            setattr(qualification, name, values[name])
        qualification.save(update_fields=changed)
        record(
            actor=acting_user,
            action="qualification.changed",
            obj=qualification,
            summary=f"Changed {code}: {', '.join(changed)}",
            changes={n: [before[n], values[n]] for n in changed},
        )
    return qualification
