"""Reading the catalogue, and what of it a centre may use."""

from django.db.models import OuterRef, Prefetch, Q, QuerySet

from accounts.models import Approval, Centre, User
from accounts.permissions import is_operations
from common.db import subquery_count
from common.errors import NotFound

from . import rules as rules_engine
from .grading import GRADING_PREFETCH, grading_rules
from .models import Qualification, Rule, Unit


def approved_qualifications(centre: Centre) -> QuerySet[Qualification]:
    return Qualification.objects.filter(approvals__centre=centre).order_by("code")


def approval_for(centre: Centre, qualification: Qualification) -> Approval | None:
    return Approval.objects.filter(centre=centre, qualification=qualification).first()


def get_approved_qualification(centre: Centre, code: str) -> Qualification:
    """A qualification the centre is approved for; anything else is not found."""
    qualification = approved_qualifications(centre).filter(code=code).first()
    if qualification is None:
        raise NotFound("Qualification not found", field="qualification")
    return qualification


def units_of(qualification: Qualification) -> QuerySet[Unit]:
    return Unit.objects.filter(qualification=qualification).order_by("number")


def qualifications_with_structure() -> QuerySet[Qualification]:
    return Qualification.objects.prefetch_related(
        Prefetch("units", queryset=Unit.objects.order_by("number")),
        Prefetch("rules", queryset=Rule.objects.order_by("id")),
    )


def engine_rule(rule: Rule) -> rules_engine.Rule:
    return rules_engine.Rule(
        kind=rules_engine.RuleKind(rule.kind),
        value=rule.value,
        level=rule.level,
        units=tuple(int(n) for n in rule.units),
        per=rule.per,
        name=rule.name,
    )


def engine_rules(qualification: Qualification) -> list[rules_engine.Rule]:
    """The qualification's stored rules in the form the rules engine takes."""
    return [engine_rule(rule) for rule in qualification.rules.all()]


def _capitalised(sentences: list[str]) -> list[str]:
    return [s[:1].upper() + s[1:] for s in sentences]


# Operations' catalogue pages: every qualification, for the awarding body's operations team.


def _operations(user: User) -> None:
    if not is_operations(user):
        raise NotFound("Qualification not found", field="qualification")


def operations_qualifications(*, user: User, query: str = "") -> QuerySet[Qualification]:
    """Every qualification, with its units and approved centres counted in the same query;
    `query` finds a code or words of the title."""
    _operations(user)
    found = Qualification.objects.annotate(
        units_count=subquery_count(
            Unit.objects.filter(qualification=OuterRef("pk")), "qualification"
        ),
        centres_count=subquery_count(
            Approval.objects.filter(qualification=OuterRef("pk")), "qualification"
        ),
    ).order_by("code")
    query = query.strip()
    if query:
        found = found.filter(Q(code__startswith=query) | Q(title__icontains=query))
    return found


def operations_qualification(*, user: User, code: str) -> Qualification:
    """One qualification, with its units, rules and grading rules read once for the page."""
    _operations(user)
    qualification = (
        qualifications_with_structure()
        .prefetch_related(*GRADING_PREFETCH)
        .filter(code=code)
        .first()
    )
    if qualification is None:
        raise NotFound("Qualification not found", field="qualification")
    return qualification


def operations_unit(*, user: User, code: str, unit_id: int) -> Unit:
    _operations(user)
    unit = (
        Unit.objects.select_related("qualification")
        .filter(qualification__code=code, pk=unit_id)
        .first()
    )
    if unit is None:
        raise NotFound("Unit not found", field="unit")
    return unit


def operations_rule(*, qualification: Qualification, rule_id: int) -> tuple[int, Rule]:
    """A rule of a qualification read by `operations_qualification`, and its position."""
    for position, rule in enumerate(qualification.rules.all(), start=1):
        if rule.pk == rule_id:
            return position, rule
    raise NotFound("Rule not found", field="rule")


def rules_in_words(qualification: Qualification) -> list[str]:
    """The rules as centres read them, each sentence starting with a capital."""
    return _capitalised(rules_engine.describe_rules(engine_rules(qualification)))


def grading_in_words(qualification: Qualification) -> list[str]:
    grading = grading_rules(qualification)
    if grading is None:
        return []
    return _capitalised(rules_engine.describe_grading(grading))


def rules_in_words_of(rules: list[Rule]) -> list[str]:
    """Some rules in words, as centres read them."""
    return _capitalised(rules_engine.describe_rules([engine_rule(r) for r in rules]))
