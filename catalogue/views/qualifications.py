"""The qualifications list, creating a qualification, and a qualification's details."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.permissions import operations_page
from common.forms import form_page

from .. import actions, selectors
from ..forms import NewQualificationForm, QualificationForm, SearchForm, add_action_problems
from ._common import acting_user

PAGE_SIZE = 50


@operations_page
def qualification_list(request: HttpRequest) -> HttpResponse:
    search = SearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    found = selectors.operations_qualifications(user=acting_user(request), query=query)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "catalogue/qualifications.html",
        {"form": search, "page": page, "query": query},
    )


@operations_page
def qualification_new(request: HttpRequest) -> HttpResponse:
    form = NewQualificationForm(request.POST or None)
    if form.is_bound and not form.is_valid():
        problems = actions.new_qualification_problems(
            acting_user=acting_user(request),
            code=form.data.get("code", ""),
            title=form.data.get("title", ""),
        )
        add_action_problems(form, problems)

    def done(qualification: Any) -> HttpResponse:
        messages.success(request, f"Qualification {qualification.code} created")
        return redirect("catalogue:units", code=qualification.code)

    return form_page(
        request,
        form,
        lambda data: actions.create_qualification(acting_user=acting_user(request), **data),
        template="catalogue/qualification_new.html",
        context={},
        done=done,
    )


@operations_page
def qualification_details(request: HttpRequest, code: str) -> HttpResponse:
    user = acting_user(request)
    qualification = selectors.operations_qualification(user=user, code=code)
    initial = {
        name: getattr(qualification, name)
        for name in (
            "title",
            "level",
            "quality_assurance",
            "evidence_methods",
            "allows_other_awarding_body_units",
            "points_per",
            "best_credits",
        )
    }
    form = QualificationForm(request.POST or None, initial=initial)

    def done(_: Any) -> HttpResponse:
        messages.success(request, f"Details of {code} saved")
        return redirect("catalogue:qualification", code=code)

    return form_page(
        request,
        form,
        lambda data: actions.update_qualification(acting_user=user, code=code, **data),
        template="catalogue/qualification_details.html",
        context=lambda: {
            "qualification": qualification,
            "section": "details",
            "grading_words": selectors.grading_in_words(qualification),
        },
        done=done,
    )
