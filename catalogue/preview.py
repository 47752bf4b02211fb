"""What loading a qualification file would change, in the words a preview page shows."""

from typing import Any

from . import rules as rules_engine
from .actions import LoadOutcome
from .models import EvidenceMethod, Qualification, QualityAssurance
from .structure import QualificationStructure


def _value(name: str, value: Any) -> str:
    if name == "quality_assurance":
        return str(dict(QualityAssurance.choices).get(value, value))
    if name == "evidence_methods":
        labels = dict(EvidenceMethod.choices)
        return ", ".join(str(labels.get(m, m)) for m in value) or "None"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def _label(name: str) -> str:
    field = Qualification._meta.get_field(name)
    return str(getattr(field, "verbose_name", name)).capitalize()


def _rules_words(rows: list[dict[str, Any]]) -> list[str]:
    rules = [
        rules_engine.Rule(
            kind=rules_engine.RuleKind(r["kind"]),
            value=r["value"],
            level=r["level"],
            units=tuple(int(n) for n in r["units"]),
            per=r["per"],
            name=r["name"],
        )
        for r in rows
    ]
    return [s[:1].upper() + s[1:] for s in rules_engine.describe_rules(rules)]


def _grading_words(grading: rules_engine.GradingRules | None) -> list[str]:
    if grading is None:
        return ["Graded Pass only"]
    return [s[:1].upper() + s[1:] for s in rules_engine.describe_grading(grading)]


def preview_words(outcome: LoadOutcome, structure: QualificationStructure) -> dict[str, Any]:
    """The preview's rows: details changed (label, before, after), units added, changed and
    removed (number and title), and the rules and grading before and after, in words."""
    titles = {u.number: u.title for u in structure.units}
    current: dict[int, str] = {}
    if outcome.qualification is not None:
        current = {u.number: u.title for u in outcome.qualification.units.all()}
    details = [
        (
            _label(name),
            _value(name, outcome.before.get(name)) if not outcome.created else "",
            _value(name, outcome.after[name]),
        )
        for name in (outcome.after if outcome.created else outcome.fields_changed)
    ]
    return {
        "details": details,
        "units_added": [(n, titles[n]) for n in outcome.units_added],
        "units_changed": [(n, titles[n]) for n in outcome.units_changed],
        "units_removed": [(n, current.get(n, "")) for n in outcome.units_removed],
        "rules_before": _rules_words(outcome.rules_before),
        "rules_after": _rules_words(outcome.rules_after),
        "grading_before": _grading_words(outcome.grading_before),
        "grading_after": _grading_words(outcome.grading_after),
    }
