"""Decorators that admit a request to a centre page only for the roles that page allows."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from common.errors import PermissionRefused

from .models import Membership, Role
from .selectors import can_claim

View = Callable[..., HttpResponse]


def centre_page(*, claims: bool = True, admin: bool = False) -> Callable[[View], View]:
    """Admit users with a role at their current centre.

    claims: the page needs the 'Centre Administrator' or 'Tutor/Teacher' role; other centre
    users are told which roles give access. admin: only a Centre Administrator.
    People with no role at any centre get "not found", as for anything else not theirs.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = request.membership  # type: ignore[attr-defined]
            if membership is None:
                if request.roles.memberships:  # type: ignore[attr-defined]
                    return redirect("accounts:choose-centre")
                raise Http404
            if claims and not can_claim(membership):
                return render(
                    request,
                    "accounts/claims_role_needed.html",
                    {"membership": membership},
                    status=403,
                )
            if admin and membership.role != Role.CENTRE_ADMINISTRATOR:
                return render(
                    request,
                    "403.html",
                    {"reason": "Only a Centre Administrator can do this."},
                    status=403,
                )
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def require_claims_role(membership: Membership | None) -> Membership:
    """For actions: the acting membership must have a certification claims role."""
    if membership is None or not can_claim(membership):
        raise PermissionRefused(
            "You need either the 'Centre Administrator' or 'Tutor/Teacher' role"
        )
    return membership


def require_administrator(membership: Membership | None) -> Membership:
    """For actions: only a Centre Administrator may do this."""
    if membership is None or membership.role != Role.CENTRE_ADMINISTRATOR:
        raise PermissionRefused("Only a Centre Administrator can do this")
    return membership
