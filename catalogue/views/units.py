"""A qualification's units: the table, adding, changing and retiring a unit."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.permissions import operations_page
from common.forms import form_page, run_action

from .. import actions, selectors
from ..forms import ConfirmForm, UnitForm, add_action_problems
from ._common import acting_user


def _every_problem(form: UnitForm, user: Any, code: str, unit_id: int | None) -> None:
    """When some fields cannot be read, the action's checks of the number and reference too."""
    if form.is_bound and not form.is_valid():
        number = form.cleaned_data.get("number")
        problems = actions.unit_problems(
            acting_user=user,
            code=code,
            unit_id=unit_id,
            number=number,
            reference=form.data.get("reference", ""),
        )
        add_action_problems(form, problems)


@operations_page
def units(request: HttpRequest, code: str) -> HttpResponse:
    """The units table, with the form to add one below it."""
    user = acting_user(request)
    qualification = selectors.operations_qualification(user=user, code=code)
    form = UnitForm(request.POST or None, initial={"grading": "pass"})
    _every_problem(form, user, code, None)

    def done(unit: Any) -> HttpResponse:
        messages.success(request, f"Unit {unit.number} added")
        return redirect("catalogue:units", code=code)

    return form_page(
        request,
        form,
        lambda data: actions.add_unit(acting_user=user, code=code, **data),
        template="catalogue/units.html",
        context=lambda: {"qualification": qualification, "section": "units"},
        done=done,
    )


@operations_page
def unit_edit(request: HttpRequest, code: str, unit_id: int) -> HttpResponse:
    user = acting_user(request)
    unit = selectors.operations_unit(user=user, code=code, unit_id=unit_id)
    initial = {
        name: getattr(unit, name)
        for name in ("number", "title", "level", "credits", "grading", "reference")
    }
    form = UnitForm(request.POST or None, initial=initial)
    _every_problem(form, user, code, unit_id)

    def done(saved: Any) -> HttpResponse:
        messages.success(request, f"Unit {saved.number} saved")
        return redirect("catalogue:units", code=code)

    return form_page(
        request,
        form,
        lambda data: actions.change_unit(acting_user=user, code=code, unit_id=unit_id, **data),
        template="catalogue/unit_edit.html",
        context=lambda: {
            "qualification": unit.qualification,
            "unit": unit,
            "section": "units",
            "heading": f"Change unit {unit.number}",
        },
        done=done,
    )


@operations_page
@require_POST
def unit_retire(request: HttpRequest, code: str, unit_id: int) -> HttpResponse:
    user = acting_user(request)
    unit = selectors.operations_unit(user=user, code=code, unit_id=unit_id)
    refusal = ConfirmForm.refusal()
    done = run_action(
        lambda: actions.retire_unit(acting_user=user, code=code, unit_id=unit_id), form=refusal
    )
    if done:
        messages.success(request, f"Unit {done.value} retired")
        return redirect("catalogue:units", code=code)
    qualification = selectors.operations_qualification(user=user, code=code)
    return render(
        request,
        "catalogue/units.html",
        {
            "qualification": qualification,
            "section": "units",
            "form": UnitForm(initial={"grading": "pass"}),
            "refusal": refusal,
            "refused_unit": unit.number,
        },
        status=done.status,
    )
