"""The operations team's Users pages: find a person by email address and, for someone who has
lost their authenticator app and recovery codes, reset their two-factor authentication."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from common.forms import form_page

from . import selectors, two_factor
from .forms import FindUserForm, ResetTwoFactorForm
from .models import User
from .permissions import operations_page


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@operations_page
def users(request: HttpRequest) -> HttpResponse:
    form = FindUserForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    found = selectors.users_for_operations(user=_user(request), email=query)
    page = Paginator(found, 50).get_page(request.GET.get("page")) if query else None
    return render(
        request,
        "accounts/operations/users.html",
        {"form": form, "query": query, "page": page, "extra_query": ""},
    )


@operations_page
@require_http_methods(["GET", "POST"])
def reset_two_factor(request: HttpRequest, user_id: int) -> HttpResponse:
    person = selectors.get_user_for_operations(user=_user(request), user_id=user_id)

    def reset(data: dict[str, Any]) -> None:
        two_factor.reset_two_factor(
            user_id=person.pk, reason=data["reason"], acting_user=_user(request)
        )

    def done(_: None) -> HttpResponse:
        messages.success(
            request,
            f"Two-factor authentication has been reset for {person.email}. We have emailed "
            f"them to say so.",
        )
        return redirect(f"{reverse('accounts:operations-users')}?{urlencode({'q': person.email})}")

    return form_page(
        request,
        ResetTwoFactorForm(request.POST or None),
        reset,
        template="accounts/operations/reset_two_factor.html",
        context={"person": person},
        done=done,
    )
