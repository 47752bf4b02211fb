"""Reading the catalogue, and what of it a centre may use."""

from django.db.models import Prefetch, QuerySet

from accounts.models import Approval, Centre
from common.errors import NotFound

from . import rules as rules_engine
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


def engine_rules(qualification: Qualification) -> list[rules_engine.Rule]:
    """The qualification's stored rules in the form the rules engine takes."""
    return [
        rules_engine.Rule(
            kind=rules_engine.RuleKind(rule.kind),
            value=rule.value,
            level=rule.level,
            units=tuple(int(n) for n in rule.units),
            per=rule.per,
            name=rule.name,
        )
        for rule in qualification.rules.all()
    ]
