"""The operations team's Centres pages: find a centre, add one, approve it for a qualification
and withdraw an approval. Direct claim status is changed on its own page, linked from here."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from common.forms import form_page

from . import centre_selectors as selectors
from . import centres as actions
from .centre_forms import AddCentreForm, ApproveForm, FindCentreForm, WithdrawApprovalForm
from .models import User
from .permissions import operations_page


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@operations_page
def centres(request: HttpRequest) -> HttpResponse:
    form = FindCentreForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    found = selectors.centres(user=_user(request), query=query)
    page = selectors.page_of(found, request.GET.get("page"))
    return render(
        request,
        "accounts/operations/centres/centres.html",
        {"form": form, "query": query, "page": page, "section": "centres"},
    )


@operations_page
@require_http_methods(["GET", "POST"])
def add_centre(request: HttpRequest) -> HttpResponse:
    def done(centre: Any) -> HttpResponse:
        messages.success(request, f"Centre {centre.number} {centre.name} added")
        return redirect("accounts:operations-centre", centre_id=centre.pk)

    return form_page(
        request,
        AddCentreForm(request.POST or None),
        lambda data: actions.add_centre(
            number=data["number"],
            name=data["name"],
            contact_email=data["contact_email"],
            acting_user=_user(request),
        ),
        template="accounts/operations/centres/add_centre.html",
        context={},
        done=done,
    )


@operations_page
def centre(request: HttpRequest, centre_id: int) -> HttpResponse:
    user = _user(request)
    found = selectors.get_centre(user=user, centre_id=centre_id)
    return render(
        request,
        "accounts/operations/centres/centre.html",
        {"centre": found, "approvals": selectors.centre_approvals(user=user, centre=found)},
    )


@operations_page
@require_http_methods(["GET", "POST"])
def approve(request: HttpRequest, centre_id: int) -> HttpResponse:
    user = _user(request)
    found = selectors.get_centre(user=user, centre_id=centre_id)

    def done(approval: Any) -> HttpResponse:
        messages.success(
            request,
            f"Centre {found.number} approved for {approval.qualification.code} "
            f"{approval.qualification.title}",
        )
        return redirect("accounts:operations-centre", centre_id=found.pk)

    return form_page(
        request,
        ApproveForm(request.POST or None),
        lambda data: actions.approve(
            centre_id=found.pk, qualification_code=data["qualification"], acting_user=user
        ),
        template="accounts/operations/centres/approve.html",
        context={"centre": found},
        done=done,
    )


@operations_page
@require_http_methods(["GET", "POST"])
def withdraw_approval(request: HttpRequest, approval_id: int) -> HttpResponse:
    user = _user(request)
    approval = selectors.get_approval(user=user, approval_id=approval_id)
    back = reverse("accounts:operations-centre", args=[approval.centre_id])

    def done(_: Any) -> HttpResponse:
        messages.success(
            request,
            f"Approval of centre {approval.centre.number} for {approval.qualification.code} "
            "withdrawn",
        )
        return redirect(back)

    return form_page(
        request,
        WithdrawApprovalForm(request.POST or None),
        lambda data: actions.withdraw_approval(
            approval_id=approval.pk, reason=data["reason"], acting_user=user
        ),
        template="accounts/operations/centres/withdraw_approval.html",
        context={"approval": approval, "back": back},
        done=done,
    )
