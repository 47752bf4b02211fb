"""Candidate and entry pages of a centre. Thin: parse, call a selector or action, render."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.models import Membership, User
from accounts.permissions import centre_page
from catalogue.selectors import approved_qualifications, units_of
from common.forms import form_page, form_status

from . import actions, selectors
from .forms import (
    BuyUnnamedForm,
    CandidateForm,
    ChooseQualificationForm,
    NamedEntryForm,
    SearchForm,
)
from .models import Candidate, UnnamedEntryMovement


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _candidate(request: HttpRequest, number: str) -> Candidate:
    # NotFound becomes the 404 page (common.middleware): another centre's candidate is not found.
    return selectors.get_candidate(membership=_membership(request), number=number)


@centre_page()
def candidate_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    candidates = selectors.search_candidates(membership=_membership(request), query=query)
    page = Paginator(candidates, 50).get_page(request.GET.get("page"))
    return render(request, "candidates/list.html", {"form": form, "page": page, "query": query})


@centre_page(admin=True)
@require_http_methods(["GET", "POST"])
def candidate_add(request: HttpRequest) -> HttpResponse:
    def add(data: dict[str, Any]) -> Candidate:
        return actions.create_candidate(
            membership=_membership(request), acting_user=_user(request), **data
        )

    def added(candidate: Candidate) -> HttpResponse:
        messages.success(request, f"Added {candidate.name} ({candidate.number})")
        return redirect("candidates:detail", number=candidate.number)

    return form_page(
        request,
        CandidateForm(request.POST or None),
        add,
        template="candidates/form.html",
        context={"editing": False},
        done=added,
    )


@centre_page()
def candidate_detail(request: HttpRequest, number: str) -> HttpResponse:
    candidate = _candidate(request, number)
    entries = selectors.named_entries(membership=_membership(request), candidate=candidate)
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

    def save(data: dict[str, Any]) -> Candidate:
        return actions.update_candidate(
            membership=_membership(request),
            candidate_id=candidate.pk,
            acting_user=_user(request),
            **data,
        )

    def saved(changed: Candidate) -> HttpResponse:
        messages.success(request, f"Saved {changed.name}")
        return redirect("candidates:detail", number=changed.number)

    return form_page(
        request,
        CandidateForm(request.POST or None, initial=initial, editing=True),
        save,
        template="candidates/form.html",
        context={"editing": True, "candidate": candidate},
        done=saved,
    )


@centre_page(admin=True)
@require_http_methods(["GET", "POST"])
def entry_add(request: HttpRequest, number: str) -> HttpResponse:
    """Two steps that work without JavaScript: choose the qualification, then the entry."""
    candidate = _candidate(request, number)
    qualifications = approved_qualifications(_membership(request).centre)
    choose = ChooseQualificationForm(
        request.GET if "qualification" in request.GET else None, qualifications=qualifications
    )
    if not choose.is_bound or not choose.is_valid():
        return render(
            request,
            "candidates/entry_choose.html",
            {"candidate": candidate, "form": choose},
            status=form_status(choose),
        )
    qualification = choose.cleaned_data["qualification"]

    def enter(data: dict[str, Any]) -> None:
        actions.make_named_entry(
            membership=_membership(request),
            candidate_id=candidate.pk,
            qualification_id=qualification.pk,
            entry_type=data["entry_type"],
            unit_ids=[unit.pk for unit in data["units"]],
            acting_user=_user(request),
        )

    def entered(_: None) -> HttpResponse:
        messages.success(request, f"Entered {candidate.name} for {qualification.code}")
        return redirect("candidates:detail", number=candidate.number)

    return form_page(
        request,
        NamedEntryForm(request.POST or None, units=units_of(qualification)),
        enter,
        template="candidates/entry_form.html",
        context={"candidate": candidate, "qualification": qualification},
        done=entered,
    )


@centre_page()
def entries(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
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
    qualifications = approved_qualifications(_membership(request).centre)

    def buy(data: dict[str, Any]) -> UnnamedEntryMovement:
        return actions.buy_unnamed_entries(
            membership=_membership(request),
            qualification_id=data["qualification"].pk,
            quantity=data["quantity"],
            acting_user=_user(request),
        )

    def bought(movement: UnnamedEntryMovement) -> HttpResponse:
        messages.success(
            request,
            f"Bought {movement.quantity} unnamed unit entries for {movement.qualification.code}",
        )
        return redirect("candidates:entries")

    return form_page(
        request,
        BuyUnnamedForm(request.POST or None, qualifications=qualifications),
        buy,
        template="candidates/buy_unnamed.html",
        context={},
        done=bought,
    )
