"""Operations' Certificates: find one, see it, replace or withdraw it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from accounts.permissions import operations_page
from common.forms import form_page

from . import actions, selectors
from .forms import ReasonForm, SearchForm
from .models import Certificate


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@operations_page
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    found = selectors.find_certificates(user=_user(request), query=query)
    return render(
        request,
        "certificates/operations/search.html",
        {"form": form, "query": query, "found": found, "section": "certificates"},
    )


@operations_page
@require_GET
def certificate(request: HttpRequest, number: str) -> HttpResponse:
    found = selectors.certificate_for_operations(user=_user(request), number=number)
    return render(
        request,
        "certificates/operations/certificate.html",
        {
            "certificate": found,
            "replaces": selectors.replaced_one(found),
            "section": "certificates",
        },
    )


def _change(request: HttpRequest, number: str, *, replace: bool) -> HttpResponse:
    user = _user(request)
    found = selectors.certificate_for_operations(user=user, number=number)

    def change(data: dict[str, str]) -> Certificate:
        call = actions.replace_certificate if replace else actions.withdraw_certificate
        return call(certificate_id=found.pk, reason=data["reason"], acting_user=user)

    def done(changed: Certificate) -> HttpResponse:
        if replace:
            messages.success(
                request,
                f"Replacement certificate {changed.display_number} issued; "
                f"{found.display_number} now verifies as replaced. The centre has been emailed.",
            )
        else:
            messages.success(
                request,
                f"Certificate {changed.display_number} withdrawn. The centre has been emailed.",
            )
        return redirect("certificates:operations-certificate", number=changed.number)

    return form_page(
        request,
        ReasonForm(request.POST or None),
        change,
        template="certificates/operations/change.html",
        context={"certificate": found, "replace": replace, "section": "certificates"},
        done=done,
    )


@operations_page
@require_http_methods(["GET", "POST"])
def replace(request: HttpRequest, number: str) -> HttpResponse:
    return _change(request, number, replace=True)


@operations_page
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, number: str) -> HttpResponse:
    return _change(request, number, replace=False)
