"""A qualification's rules of combination: shown as cards and in words, edited one rule at a
time, each save (and the "Check rules" button, which saves nothing) judged by the engine."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.permissions import operations_page
from common.errors import DomainErrors
from common.forms import add_domain_error, form_page, run_action

from .. import actions, selectors
from ..forms import ConfirmForm, RuleForm
from ..models import Qualification, Rule
from ._common import acting_user


@operations_page
def rules(request: HttpRequest, code: str) -> HttpResponse:
    qualification = selectors.operations_qualification(user=acting_user(request), code=code)
    titles = {u.number: u.title for u in qualification.units.all()}
    cards = [
        {"position": position, "rule": rule, "units": [(n, titles.get(n, "")) for n in rule.units]}
        for position, rule in enumerate(qualification.rules.all(), start=1)
    ]
    return render(
        request,
        "catalogue/rules.html",
        {
            "qualification": qualification,
            "section": "rules",
            "cards": cards,
            "words": selectors.rules_in_words(qualification),
        },
    )


def _rule_input(data: dict[str, Any]) -> actions.RuleInput:
    return actions.RuleInput(
        kind=data["kind"],
        value=data["value"],
        level=data["level"],
        units=tuple(data["units"]),
        per=data["per"] or "credits",
        name=data["name"],
    )


def _rule_page(
    request: HttpRequest, qualification: Qualification, rule: Rule | None, position: int
) -> HttpResponse:
    user, code = acting_user(request), qualification.code
    rule_id = rule.pk if rule is not None else None
    initial = (
        {name: getattr(rule, name) for name in ("kind", "value", "level", "units", "per", "name")}
        if rule is not None
        else {"per": "credits"}
    )
    form = RuleForm(request.POST or None, initial=initial, units=list(qualification.units.all()))
    context = {
        "qualification": qualification,
        "rule": rule,
        "position": position,
        "section": "rules",
        "heading": f"Change rule {position}" if rule is not None else "Add a rule",
        "words": selectors.rules_in_words(qualification),
    }
    if request.method == "POST" and "check" in request.POST:
        verdict = None
        if form.is_valid():
            checked = run_action(
                lambda: actions.check_rule(
                    acting_user=user,
                    code=code,
                    rule=_rule_input(form.cleaned_data),
                    rule_id=rule_id,
                ),
                form=form,
            )
            verdict = checked.value
            if verdict is not None and not verdict.sound:
                add_domain_error(form, DomainErrors(verdict.errors))
        status = 400 if form.errors else 200
        return render(
            request,
            "catalogue/rule_edit.html",
            {**context, "form": form, "verdict": verdict},
            status=status,
        )

    def save(data: dict[str, Any]) -> Rule:
        if rule_id is None:
            return actions.add_rule(acting_user=user, code=code, rule=_rule_input(data))
        return actions.change_rule(
            acting_user=user, code=code, rule_id=rule_id, rule=_rule_input(data)
        )

    def done(_: Rule) -> HttpResponse:
        messages.success(request, f"Rule {position} saved")
        return redirect("catalogue:rules", code=code)

    return form_page(
        request, form, save, template="catalogue/rule_edit.html", context=context, done=done
    )


@operations_page
def rule_add(request: HttpRequest, code: str) -> HttpResponse:
    qualification = selectors.operations_qualification(user=acting_user(request), code=code)
    return _rule_page(request, qualification, None, len(qualification.rules.all()) + 1)


@operations_page
def rule_edit(request: HttpRequest, code: str, rule_id: int) -> HttpResponse:
    qualification = selectors.operations_qualification(user=acting_user(request), code=code)
    position, rule = selectors.operations_rule(qualification=qualification, rule_id=rule_id)
    return _rule_page(request, qualification, rule, position)


@operations_page
def rule_remove(request: HttpRequest, code: str, rule_id: int) -> HttpResponse:
    """Asks first; removing is refused, saying why, when the rules left would be unsound."""
    user = acting_user(request)
    qualification = selectors.operations_qualification(user=user, code=code)
    position, rule = selectors.operations_rule(qualification=qualification, rule_id=rule_id)

    def done(_: int) -> HttpResponse:
        messages.success(request, f"Rule {position} removed")
        return redirect("catalogue:rules", code=code)

    return form_page(
        request,
        ConfirmForm(request.POST if request.method == "POST" else None),
        lambda _: actions.remove_rule(acting_user=user, code=code, rule_id=rule_id),
        template="catalogue/rule_remove.html",
        context=lambda: {
            "qualification": qualification,
            "rule": rule,
            "position": position,
            "rule_words": selectors.rules_in_words_of([rule]),
            "section": "rules",
            "heading": f"Remove rule {position}",
        },
        done=done,
    )
