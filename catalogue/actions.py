"""Changing the catalogue."""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import ForeignObjectRel, ManyToManyRel, Model

from accounts.models import User
from accounts.permissions import require_operations
from audit.actions import record
from common.errors import DomainError

from .grading import grading_record, grading_rules, replace_grading
from .models import Qualification, Rule, Unit
from .structure import QualificationStructure

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
    """What loading a qualification's structure changed; nothing when the file matched."""

    qualification: Qualification
    created: bool = False
    fields_changed: list[str] = field(default_factory=list)
    units_added: list[int] = field(default_factory=list)
    units_changed: list[int] = field(default_factory=list)
    units_removed: list[int] = field(default_factory=list)
    rules_replaced: bool = False
    grading_replaced: bool = False

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
            count = self.qualification.rules.count()
            parts.append(f"rules replaced ({count} {'rule' if count == 1 else 'rules'})")
        if self.grading_replaced:
            parts.append("grading replaced")
        return "; ".join(parts)


def _units_in_use(units: list[Unit]) -> list[int]:
    """Units that any other record refers to (claims, results, named entries, …): removing them
    would lose history.

    Every relation pointing at Unit is asked, found through Django's model metadata, so the
    catalogue needs no knowledge of the apps that use its units.
    """
    ids = [u.pk for u in units]
    used: set[int] = set()
    for relation in Unit._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ForeignObjectRel):
            continue
        if isinstance(relation, ManyToManyRel):
            # Ask the join table (named entries' units), through its key to the unit.
            through = relation.through
            assert through is not None
            model: type[Model] = through
            name = relation.field.m2m_reverse_field_name()
        else:
            model, name = relation.related_model, relation.field.name
        used |= set(
            model._default_manager.filter(**{f"{name}__in": ids}).values_list(name, flat=True)
        )
    return sorted(u.number for u in units if u.pk in used)


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
    wanted_fields: dict[str, Any] = {
        "title": structure.title,
        "level": structure.level,
        "quality_assurance": structure.quality_assurance,
        "evidence_methods": list(structure.evidence_methods),
        "allows_other_awarding_body_units": structure.allows_other_awarding_body_units,
    }
    with transaction.atomic():
        qualification = (
            Qualification.objects.select_for_update().filter(code=structure.code).first()
        )
        outcome: LoadOutcome
        before: dict[str, Any] = {}
        if qualification is None:
            qualification = Qualification.objects.create(code=structure.code, **wanted_fields)
            outcome = LoadOutcome(qualification=qualification, created=True)
        else:
            outcome = LoadOutcome(qualification=qualification)
            before = {name: getattr(qualification, name) for name in QUALIFICATION_FIELDS}
            outcome.fields_changed = [
                name for name in QUALIFICATION_FIELDS if before[name] != wanted_fields[name]
            ]
            if outcome.fields_changed:
                for name in outcome.fields_changed:
                    setattr(qualification, name, wanted_fields[name])
                qualification.save(update_fields=outcome.fields_changed)

        existing = {u.number: u for u in Unit.objects.filter(qualification=qualification)}
        wanted = {u.number: u for u in structure.units}
        removed = [existing[n] for n in sorted(existing) if n not in wanted]
        in_use = _units_in_use(removed)
        if in_use:
            listed = ", ".join(str(n) for n in in_use)
            raise DomainError(
                f"{structure.code}: the file leaves out {'unit' if len(in_use) == 1 else 'units'} "
                f"{listed}, which claims, results or entries use; keep them in the file",
                field="units",
                code="units_in_use",
            )
        if removed:
            Unit.objects.filter(pk__in=[u.pk for u in removed]).delete()
            outcome.units_removed = [u.number for u in removed]
        new_units: list[Unit] = []
        changed_units: list[Unit] = []
        for number, spec in sorted(wanted.items()):
            values = {name: getattr(spec, name) for name in UNIT_FIELDS}
            unit = existing.get(number)
            if unit is None:
                new_units.append(Unit(qualification=qualification, number=number, **values))
            elif any(getattr(unit, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(unit, name, value)
                changed_units.append(unit)
        Unit.objects.bulk_create(new_units)
        Unit.objects.bulk_update(changed_units, list(UNIT_FIELDS))
        outcome.units_added = [u.number for u in new_units]
        outcome.units_changed = [u.number for u in changed_units]

        # Rules are replaced whole when they differ: they are a set, judged together.
        current_rules = list(qualification.rules.order_by("id").values(*RULE_FIELDS))
        wanted_rules = [
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
        if current_rules != wanted_rules:
            qualification.rules.all().delete()
            Rule.objects.bulk_create(Rule(qualification=qualification, **r) for r in wanted_rules)
            outcome.rules_replaced = True

        # Grading rules, too, are judged together and replaced whole.
        current_grading = grading_rules(qualification)
        if current_grading != structure.grading:
            replace_grading(qualification, structure.grading)
            outcome.grading_replaced = True

        if outcome.changed:
            changes: dict[str, Any] = {
                name: [before.get(name), wanted_fields[name]] for name in outcome.fields_changed
            }
            changes.update(
                units_added=outcome.units_added,
                units_changed=outcome.units_changed,
                units_removed=outcome.units_removed,
                rules=[current_rules, wanted_rules] if outcome.rules_replaced else None,
                grading=[grading_record(current_grading), grading_record(structure.grading)]
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
