"""The API tokens pages: create a personal token (shown once), list and revoke them."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.models import Membership, User
from accounts.permissions import centre_page
from common.forms import form_page

from . import actions, selectors
from .forms import ApiTokenForm


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@centre_page()
def token_list(request: HttpRequest) -> HttpResponse:
    tokens = selectors.tokens_for(_user(request))
    return render(request, "api/tokens.html", {"tokens": tokens})


@never_cache
@centre_page()
@require_http_methods(["GET", "POST"])
def token_create(request: HttpRequest) -> HttpResponse:
    membership: Membership = request.membership  # type: ignore[attr-defined]

    def create(data: dict[str, Any]) -> actions.CreatedToken:
        return actions.create_api_token(
            membership=membership,
            name=data["name"],
            expires_on=data["expires_on"],
            acting_user=_user(request),
        )

    def created(made: actions.CreatedToken) -> HttpResponse:
        # Shown on this response only: the secret is not stored, so it cannot be shown again.
        return render(
            request, "api/token_created.html", {"token": made.token, "plaintext": made.plaintext}
        )

    return form_page(
        request,
        ApiTokenForm(request.POST or None),
        create,
        template="api/token_form.html",
        context={},
        done=created,
    )


@centre_page()
@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = selectors.get_token(user=_user(request), token_id=token_id)
    if request.method == "POST":
        actions.revoke_api_token(token_id=token.pk, acting_user=_user(request))
        messages.success(request, f"Token '{token.name}' revoked: it can no longer be used")
        return redirect("api-tokens:list")
    return render(request, "api/token_revoke.html", {"token": token})
