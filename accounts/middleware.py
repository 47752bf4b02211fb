"""Resolves the centre a signed-in user is acting for on this request."""

import time
from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .models import User
from .selectors import Roles, current_membership, memberships_for

SESSION_KEY = "centre_id"
SIGNED_IN_AT = "signed_in_at"
RENEWED_AT = "renewed_at"
# How often an active session is saved again to push its expiry back: saving on every request
# would write to the database on every page.
RENEW_EVERY_SECONDS = 60
SECOND_FACTOR_CHECKED = "second_factor_checked"


class CurrentCentreMiddleware:
    """Sets `request.membership`: the user's membership at their current centre, or None.

    Also sets `request.roles`, which the menu and Home read. The current centre is kept in the
    session; a user with one centre needs no choice. The memberships are re-read on each request,
    in one query, so a removed role takes effect at once.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = None  # type: ignore[attr-defined]
        request.roles = Roles()  # type: ignore[attr-defined]
        # A User once signed in; an anonymous user is asked nothing else.
        user = cast(User, request.user)
        if user.is_authenticated:
            memberships = list(memberships_for(user))
            request.roles = Roles(user=user, memberships=memberships)  # type: ignore[attr-defined]
            chosen = request.session.get(SESSION_KEY)
            membership = current_membership(memberships, chosen)
            if membership is not None and membership.centre_id != chosen:
                request.session[SESSION_KEY] = membership.centre_id
            request.membership = membership  # type: ignore[attr-defined]
        return self.get_response(request)


class SessionLimitsMiddleware:
    """Ends a session this long after sign-in however active it is (the absolute timeout), and
    keeps an active session alive (the idle timeout).

    A session ends SESSION_COOKIE_AGE after it was last saved. Marking it changed at most once a
    minute saves it again, which moves both its expiry in the database and the cookie's forward;
    so an idle session ends SESSION_COOKIE_AGE after its last request, give or take a minute,
    without a write on every request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.setdefault(SIGNED_IN_AT, now)
            if now - float(started) > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, "Your session has ended. Sign in again to continue.")
                return redirect(f"{reverse('accounts:sign-in')}?next={request.path}")
            # At most once a minute; a clock set back renews at once rather than not for a while.
            if not 0 <= now - float(request.session.get(RENEWED_AT, 0)) < RENEW_EVERY_SECONDS:
                request.session[RENEWED_AT] = now
        return self.get_response(request)


# Pages a signed-in user may open before giving their second factor.
SECOND_FACTOR_PATHS = ("/two-factor/", "/sign-out/", "/static/")


class TwoFactorMiddleware:
    """Asks for the second factor before any other page when the user needs or has one.

    Awarding-body users must use it (when OTP_REQUIRED_FOR_AWARDING_BODY); centre users who
    have set it up must use it too. The answer is kept in the session until sign-out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django_otp import user_has_device

        from .security import second_factor_required

        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]
            and not request.path.startswith(SECOND_FACTOR_PATHS)
            and not request.session.get(SECOND_FACTOR_CHECKED)
        ):
            if user_has_device(user):
                return redirect(f"{reverse('accounts:two-factor')}?next={request.path}")
            if second_factor_required(user):
                return redirect("accounts:two-factor-set-up")
            request.session[SECOND_FACTOR_CHECKED] = True
        return self.get_response(request)
