"""Operations' "Try the rules" page: a qualification's rules against picked units or a
candidate of any centre, with the centre's own progress words. Thin: the form parses, the
try_rules module judges, the template shows the claim pages' progress section."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import User
from accounts.permissions import operations_page
from catalogue import selectors as catalogue_selectors
from catalogue.grading import grading_rules
from common.forms import form_status, run_action

from .try_rules import try_rules
from .try_rules_form import TryRulesForm


@operations_page
def try_the_rules(request: HttpRequest, code: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    qualification = catalogue_selectors.operations_qualification(user=user, code=code)
    units = list(qualification.units.all())
    asked = "try" in request.GET
    form = TryRulesForm(
        request.GET if asked else None,
        units=units,
        graded=grading_rules(qualification) is not None,
    )
    tried = None
    if asked and form.is_valid():
        data = form.cleaned_data
        tried = run_action(
            lambda: try_rules(
                acting_user=user,
                qualification=qualification,
                unit_numbers=data["units"],
                grades=form.grades(),
                candidate_number=data["candidate"],
            ),
            form=form,
        ).value
    return render(
        request,
        "claims/operations/try_rules.html",
        {
            "qualification": qualification,
            "section": "try",
            "heading": "Try the rules",
            "form": form,
            "tried": tried,
            "words": catalogue_selectors.rules_in_words(qualification),
        },
        status=form_status(form),
    )
