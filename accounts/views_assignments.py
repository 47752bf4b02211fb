"""The operations team's pages of who moderates and who verifies each centre's qualifications:
the lists with their gaps, assigning, reassigning and removing an examiner-moderator, adding and
removing external verifiers."""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from common.forms import form_page

from . import assignments as actions
from . import centre_selectors as selectors
from .centre_forms import ConfirmForm, GapsFilterForm, PersonForm
from .models import User
from .permissions import operations_page


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _filters(request: HttpRequest, gaps_label: str) -> tuple[GapsFilterForm, str, bool, str]:
    form = GapsFilterForm(request.GET or None, gaps_label=gaps_label)
    query, gaps = "", False
    if form.is_valid():
        query, gaps = form.cleaned_data["q"].strip(), form.cleaned_data["gaps"]
    # What the pagination links carry besides the search (which it adds itself).
    extra = "gaps=on&" if gaps else ""
    return form, query, gaps, extra


@operations_page
def moderators(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form, query, gaps, extra = _filters(request, "Only those with no examiner-moderator")
    rows = selectors.moderator_approvals(user=user, query=query, gaps_only=gaps)
    return render(
        request,
        "accounts/operations/centres/moderators.html",
        {
            "form": form,
            "query": query,
            "extra_query": extra,
            "page": selectors.page_of(rows, request.GET.get("page")),
            "gaps": selectors.moderator_approvals(user=user, gaps_only=True).count(),
            "section": "moderators",
        },
    )


@operations_page
@require_http_methods(["GET", "POST"])
def moderator(request: HttpRequest, approval_id: int) -> HttpResponse:
    user = _user(request)
    approval = selectors.get_approval(user=user, approval_id=approval_id)

    def done(assignment: Any) -> HttpResponse:
        messages.success(
            request,
            f"{assignment.moderator.email} is now the examiner-moderator for "
            f"{approval.qualification.code} at centre {approval.centre.number}",
        )
        return redirect("accounts:operations-moderators")

    hint = f"An account of {settings.AWARDING_BODY_NAME}'s, not a centre user's"
    return form_page(
        request,
        PersonForm(request.POST or None, hint=hint),
        lambda data: actions.assign_moderator(
            approval_id=approval.pk, email=data["email"], acting_user=user
        ),
        template="accounts/operations/centres/moderator.html",
        context={"approval": approval},
        done=done,
    )


@operations_page
@require_http_methods(["GET", "POST"])
def remove_moderator(request: HttpRequest, approval_id: int) -> HttpResponse:
    user = _user(request)
    approval = selectors.get_approval(user=user, approval_id=approval_id)

    def done(_: Any) -> HttpResponse:
        messages.success(
            request,
            f"{approval.moderator_email} no longer moderates {approval.qualification.code} "  # type: ignore[attr-defined]
            f"at centre {approval.centre.number}",
        )
        return redirect("accounts:operations-moderators")

    return form_page(
        request,
        ConfirmForm(request.POST if request.method == "POST" else None),
        lambda _: actions.remove_moderator(approval_id=approval.pk, acting_user=user),
        template="accounts/operations/centres/remove_moderator.html",
        context={"approval": approval},
        done=done,
    )


@operations_page
def verifiers(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form, query, gaps, extra = _filters(request, "Only those with no external verifier")
    rows = selectors.verifier_approvals(user=user, query=query, gaps_only=gaps)
    return render(
        request,
        "accounts/operations/centres/verifiers.html",
        {
            "form": form,
            "query": query,
            "extra_query": extra,
            "page": selectors.page_of(rows, request.GET.get("page"), verifiers=True),
            "section": "verifiers",
        },
    )


@operations_page
@require_http_methods(["GET", "POST"])
def add_verifier(request: HttpRequest, approval_id: int) -> HttpResponse:
    user = _user(request)
    approval = selectors.get_approval(user=user, approval_id=approval_id)

    def done(assignment: Any) -> HttpResponse:
        messages.success(
            request,
            f"{assignment.verifier.email} added as external verifier for "
            f"{approval.qualification.code} at centre {approval.centre.number}",
        )
        return redirect(_verifiers_of(approval.centre.number))

    hint = f"An account of {settings.AWARDING_BODY_NAME}'s, not a centre user's"
    return form_page(
        request,
        PersonForm(request.POST or None, hint=hint),
        lambda data: actions.add_verifier(
            approval_id=approval.pk, email=data["email"], acting_user=user
        ),
        template="accounts/operations/centres/add_verifier.html",
        context={"approval": approval},
        done=done,
    )


def _verifiers_of(centre_number: str) -> str:
    return f"{reverse('accounts:operations-verifiers')}?{urlencode({'q': centre_number})}"


@operations_page
@require_http_methods(["GET", "POST"])
def remove_verifier(request: HttpRequest, assignment_id: int) -> HttpResponse:
    user = _user(request)
    assignment = selectors.get_verifier_assignment(user=user, assignment_id=assignment_id)
    back = _verifiers_of(assignment.centre.number)

    def done(_: Any) -> HttpResponse:
        messages.success(
            request,
            f"{assignment.verifier.email} is no longer an external verifier for "
            f"{assignment.qualification.code} at centre {assignment.centre.number}",
        )
        return redirect(back)

    return form_page(
        request,
        ConfirmForm(request.POST if request.method == "POST" else None),
        lambda _: actions.remove_verifier(assignment_id=assignment.pk, acting_user=user),
        template="accounts/operations/centres/remove_verifier.html",
        context={"assignment": assignment, "back": back},
        done=done,
    )
