"""Candidate and entry pages of a centre. Thin: parse, call a selector or action, render."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.permissions import centre_page
from catalogue.selectors import approved_qualifications, units_of
from common.errors import DomainError
from common.forms import add_domain_error

from . import actions, selectors
from .forms import (
    BuyUnnamedForm,
    CandidateForm,
    ChooseQualificationForm,
    NamedEntryForm,
    SearchForm,
)
from .models import Candidate


def _candidate(request: HttpRequest, number: str) -> Candidate:
    # NotFound becomes the 404 page (common.middleware): another centre's candidate is not found.
    return selectors.get_candidate(membership=request.membership, number=number)  # type: ignore[attr-defined]


@centre_page()
def candidate_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    candidates = selectors.search_candidates(membership=request.membership, query=query)  # type: ignore[attr-defined]
    page = Paginator(candidates, 50).get_page(request.GET.get("page"))
    return render(request, "candidates/list.html", {"form": form, "page": page, "query": query})


@centre_page(admin=True)
@require_http_methods(["GET", "POST"])
def candidate_add(request: HttpRequest) -> HttpResponse:
    form = CandidateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            candidate = actions.create_candidate(
                acting=request.membership,  # type: ignore[attr-defined]
                acting_user=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Added {candidate.name} ({candidate.number})")
            return redirect("candidates:detail", number=candidate.number)
    return render(request, "candidates/form.html", {"form": form, "editing": False})


@centre_page()
def candidate_detail(request: HttpRequest, number: str) -> HttpResponse:
    candidate = _candidate(request, number)
    entries = selectors.named_entries(membership=request.membership, candidate=candidate)  # type: ignore[attr-defined]
    return render(request, "candidates/detail.html", {"candidate": candidate, "entries": entries})


@centre_page(admin=True)
@require_http_methods(["GET", "POST"])
def candidate_edit(request: HttpRequest, number: str) -> HttpResponse:
    candidate = _candidate(request, number)
    initial = {
        "first_name": candidate.first_name,
        "last_name": candidate.last_name,
        "date_of_birth": candidate.date_of_birth,
        "uln": candidate.uln,
    }
    form = CandidateForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_candidate(
                acting=request.membership,  # type: ignore[attr-defined]
                candidate=candidate,
                acting_user=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Saved {candidate.name}")
            return redirect("candidates:detail", number=candidate.number)
    return render(
        request, "candidates/form.html", {"form": form, "editing": True, "candidate": candidate}
    )


@centre_page(admin=True)
@require_http_methods(["GET", "POST"])
def entry_add(request: HttpRequest, number: str) -> HttpResponse:
    """Two steps that work without JavaScript: choose the qualification, then the entry."""
    candidate = _candidate(request, number)
    qualifications = approved_qualifications(request.membership.centre)  # type: ignore[attr-defined]
    choose = ChooseQualificationForm(
        request.GET if "qualification" in request.GET else None, qualifications=qualifications
    )
    if not choose.is_bound or not choose.is_valid():
        return render(
            request, "candidates/entry_choose.html", {"candidate": candidate, "form": choose}
        )
    qualification = choose.cleaned_data["qualification"]
    form = NamedEntryForm(request.POST or None, units=units_of(qualification))
    if request.method == "POST" and form.is_valid():
        try:
            actions.make_named_entry(
                acting=request.membership,  # type: ignore[attr-defined]
                candidate=candidate,
                qualification=qualification,
                entry_type=form.cleaned_data["entry_type"],
                units=form.cleaned_data["units"],
                acting_user=request.user,  # type: ignore[arg-type]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Entered {candidate.name} for {qualification.code}")
            return redirect("candidates:detail", number=candidate.number)
    return render(
        request,
        "candidates/entry_form.html",
        {"candidate": candidate, "qualification": qualification, "form": form},
    )


@centre_page()
def entries(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    named = selectors.named_entries(membership=membership)
    page = Paginator(named, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "candidates/entries.html",
        {
            "page": page,
            "balances": selectors.unnamed_balances(membership=membership),
            "movements": selectors.unnamed_movements(membership=membership)[:20],
        },
    )


@centre_page(admin=True)
@require_http_methods(["GET", "POST"])
def buy_unnamed(request: HttpRequest) -> HttpResponse:
    qualifications = approved_qualifications(request.membership.centre)  # type: ignore[attr-defined]
    form = BuyUnnamedForm(request.POST or None, qualifications=qualifications)
    if request.method == "POST" and form.is_valid():
        try:
            actions.buy_unnamed_entries(
                acting=request.membership,  # type: ignore[attr-defined]
                acting_user=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"Bought {form.cleaned_data['quantity']} unnamed unit entries for "
                f"{form.cleaned_data['qualification'].code}",
            )
            return redirect("candidates:entries")
    return render(request, "candidates/buy_unnamed.html", {"form": form})
