"""Loading a qualification's structure from a checked file, and what it would change first."""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from accounts.models import User
from accounts.permissions import require_operations
from audit.actions import record
from common.errors import DomainError

from .. import rules as rules_engine
from ..grading import grading_record, grading_rules, replace_grading
from ..models import Qualification, Rule, Unit
from ..structure import QualificationStructure
from ..structure_cache import structure_changed
from .usage import units_in_use

QUALIFICATION_FIELDS = (
    "title",
    "level",
    "quality_assurance",
    "evidence_methods",
    "allows_other_awarding_body_units",
)
UNIT_FIELDS = ("title", "level", "credits", "grading", "reference")
RULE_FIELDS = ("kind", "value", "level", "units", "per", "name")


@dataclass
class LoadOutcome:
    """What loading a qualification's structure changes; nothing when the file matches.

    Before the load (see :func:`plan_load`) `qualification` is None for a new qualification,
    `before`/`after` hold the changed details' values, `rules_before`/`rules_after` and
    `grading_before`/`grading_after` the rule sets when they are replaced.
    """

    qualification: Qualification | None
    created: bool = False
    fields_changed: list[str] = field(default_factory=list)
    units_added: list[int] = field(default_factory=list)
    units_changed: list[int] = field(default_factory=list)
    units_removed: list[int] = field(default_factory=list)
    rules_replaced: bool = False
    grading_replaced: bool = False
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    rules_before: list[dict[str, Any]] = field(default_factory=list)
    rules_after: list[dict[str, Any]] = field(default_factory=list)
    grading_before: rules_engine.GradingRules | None = None
    grading_after: rules_engine.GradingRules | None = None

    @property
    def changed(self) -> bool:
        return bool(
            self.created
            or self.fields_changed
            or self.units_added
            or self.units_changed
            or self.units_removed
            or self.rules_replaced
            or self.grading_replaced
        )

    def summary(self) -> str:
        if not self.changed:
            return "no changes"
        parts = ["created"] if self.created else []
        if self.fields_changed:
            parts.append(f"changed {', '.join(self.fields_changed)}")
        for label, numbers in (
            ("added", self.units_added),
            ("changed", self.units_changed),
            ("removed", self.units_removed),
        ):
            if numbers:
                parts.append(f"{len(numbers)} {'unit' if len(numbers) == 1 else 'units'} {label}")
        if self.rules_replaced:
            count = len(self.rules_after)
            parts.append(f"rules replaced ({count} {'rule' if count == 1 else 'rules'})")
        if self.grading_replaced:
            parts.append("grading replaced")
        return "; ".join(parts)


def _wanted_fields(structure: QualificationStructure) -> dict[str, Any]:
    return {
        "title": structure.title,
        "level": structure.level,
        "quality_assurance": structure.quality_assurance,
        "evidence_methods": list(structure.evidence_methods),
        "allows_other_awarding_body_units": structure.allows_other_awarding_body_units,
    }


def _wanted_rules(structure: QualificationStructure) -> list[dict[str, Any]]:
    return [
        {
            "kind": rule.kind,
            "value": rule.value,
            "level": rule.level,
            "units": list(rule.units),
            "per": rule.per,
            "name": rule.name,
        }
        for rule in structure.rules
    ]


def _plan(qualification: Qualification | None, structure: QualificationStructure) -> LoadOutcome:
    """What loading `structure` over `qualification` (None: a new one) would change. Reads only;
    refuses, as the load does, a file that leaves out units claims, results or entries use."""
    wanted_fields = _wanted_fields(structure)
    wanted_rules = _wanted_rules(structure)
    if qualification is None:
        return LoadOutcome(
            qualification=None,
            created=True,
            after=wanted_fields,
            units_added=sorted(u.number for u in structure.units),
            rules_replaced=bool(wanted_rules),
            rules_after=wanted_rules,
            grading_replaced=structure.grading is not None,
            grading_after=structure.grading,
        )
    outcome = LoadOutcome(qualification=qualification)
    current = {name: getattr(qualification, name) for name in QUALIFICATION_FIELDS}
    outcome.fields_changed = [n for n in QUALIFICATION_FIELDS if current[n] != wanted_fields[n]]
    outcome.before = {n: current[n] for n in outcome.fields_changed}
    outcome.after = {n: wanted_fields[n] for n in outcome.fields_changed}

    existing = {u.number: u for u in Unit.objects.filter(qualification=qualification)}
    wanted = {u.number: u for u in structure.units}
    removed = [existing[n] for n in sorted(existing) if n not in wanted]
    in_use = units_in_use(removed)
    if in_use:
        listed = ", ".join(str(n) for n in in_use)
        raise DomainError(
            f"{structure.code}: the file leaves out {'unit' if len(in_use) == 1 else 'units'} "
            f"{listed}, which claims, results or entries use; keep them in the file",
            field="units",
            code="units_in_use",
        )
    outcome.units_removed = [u.number for u in removed]
    for number, spec in sorted(wanted.items()):
        unit = existing.get(number)
        if unit is None:
            outcome.units_added.append(number)
        elif any(getattr(unit, name) != getattr(spec, name) for name in UNIT_FIELDS):
            outcome.units_changed.append(number)

    # Rules are replaced whole when they differ: they are a set, judged together.
    current_rules = list(qualification.rules.order_by("id").values(*RULE_FIELDS))
    if current_rules != wanted_rules:
        outcome.rules_replaced = True
        outcome.rules_before, outcome.rules_after = current_rules, wanted_rules
    # Grading rules, too, are judged together and replaced whole.
    current_grading = grading_rules(qualification)
    if current_grading != structure.grading:
        outcome.grading_replaced = True
        outcome.grading_before, outcome.grading_after = current_grading, structure.grading
    return outcome


def plan_load(*, structure: QualificationStructure, acting_user: User) -> LoadOutcome:
    """What loading the checked `structure` would change, for a preview; changes nothing."""
    require_operations(acting_user)
    qualification = Qualification.objects.filter(code=structure.code).first()
    return _plan(qualification, structure)


def load_qualification_structure(
    *, structure: QualificationStructure, acting_user: User | None, source: str = ""
) -> LoadOutcome:
    """Create or update a qualification, its units, rules and grading from a checked file, at once.

    Loading the same structure again changes nothing and records nothing. Units missing from the
    structure are removed, unless claims, results or entries use them: then nothing is loaded.
    `acting_user` is an operations user, or None when run by the awarding body's own tooling.
    """
    if acting_user is not None:
        require_operations(acting_user)
    wanted_fields = _wanted_fields(structure)
    with transaction.atomic():
        qualification = (
            Qualification.objects.select_for_update().filter(code=structure.code).first()
        )
        outcome = _plan(qualification, structure)
        if qualification is None:
            qualification = Qualification.objects.create(code=structure.code, **wanted_fields)
        elif outcome.fields_changed:
            for name in outcome.fields_changed:
                setattr(qualification, name, wanted_fields[name])
            qualification.save(update_fields=outcome.fields_changed)
        outcome.qualification = qualification

        existing = {u.number: u for u in Unit.objects.filter(qualification=qualification)}
        if outcome.units_removed:
            Unit.objects.filter(
                qualification=qualification, number__in=outcome.units_removed
            ).delete()
        specs = {u.number: u for u in structure.units}
        Unit.objects.bulk_create(
            Unit(
                qualification=qualification,
                number=number,
                **{name: getattr(specs[number], name) for name in UNIT_FIELDS},
            )
            for number in outcome.units_added
        )
        changed_units = []
        for number in outcome.units_changed:
            unit = existing[number]
            for name in UNIT_FIELDS:
                setattr(unit, name, getattr(specs[number], name))
            changed_units.append(unit)
        Unit.objects.bulk_update(changed_units, list(UNIT_FIELDS))

        if outcome.rules_replaced:
            qualification.rules.all().delete()
            Rule.objects.bulk_create(
                Rule(qualification=qualification, **r) for r in outcome.rules_after
            )
        if outcome.grading_replaced:
            replace_grading(qualification, structure.grading)
        if outcome.units_added or outcome.units_changed or outcome.rules_replaced:
            # Written in bulk, so no row's signal raised it (`replace_grading` raises its own).
            structure_changed(qualification.pk)

        if outcome.changed and not outcome.created:
            changes: dict[str, Any] = {
                name: [outcome.before[name], outcome.after[name]] for name in outcome.fields_changed
            }
        else:
            changes = {}
        if outcome.changed:
            changes.update(
                units_added=outcome.units_added,
                units_changed=outcome.units_changed,
                units_removed=outcome.units_removed,
                rules=[outcome.rules_before, outcome.rules_after]
                if outcome.rules_replaced
                else None,
                grading=[
                    grading_record(outcome.grading_before),
                    grading_record(outcome.grading_after),
                ]
                if outcome.grading_replaced
                else None,
                source=source,
            )
            record(
                actor=acting_user,
                action="qualification.loaded",
                obj=qualification,
                summary=f"Loaded {structure.code} from {source or 'a file'}: {outcome.summary()}",
                changes={k: v for k, v in changes.items() if v not in (None, [], "")},
            )
    return outcome
