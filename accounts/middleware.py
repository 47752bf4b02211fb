"""Resolves the centre a signed-in user is acting for on this request."""

import time
from collections.abc import Callable
from typing import cast
from urllib.parse import urlencode

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
# Whether the user has a two-factor device, with the user's two-factor stamp it was read at.
TWO_FACTOR_DEVICE = "two_factor_device"


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


# Set-up's new recovery codes, kept in the session until the user says they have saved them.
NEW_RECOVERY_CODES = "new_recovery_codes"


class TwoFactorMiddleware:
    """Asks for the second factor before any other page when the user needs or has one.

    Awarding-body users and Django admin users must use it (when OTP_REQUIRED_FOR_AWARDING_BODY);
    centre users who have set it up must use it too. Until the session has given it, the only
    pages are the one that asks for it (the code page, or set-up for a user with no device yet)
    and signing out: exact paths, so no other page under /two-factor/ is a way round it.

    A session that has not given it is asked again on every request, so a device set up in
    another session, or a role that starts to need one, applies at once. Whether a role needs
    one is worked out from the request's roles, which the menu reads anyway; whether the user
    has a device is remembered in the session together with the user's two-factor stamp, which
    every change of devices moves on, so ordinary pages cost no query for either. New recovery
    codes are shown before anything else until the user confirms they have saved them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or request.path.startswith(settings.STATIC_URL):
            return self.get_response(request)
        sign_out = reverse("accounts:sign-out")
        if user.is_verified():  # type: ignore[attr-defined]
            codes_page = reverse("accounts:recovery-codes")
            if request.session.get(NEW_RECOVERY_CODES) and request.path not in (
                codes_page,
                sign_out,
            ):
                return redirect(codes_page)
            return self.get_response(request)
        step = self._step(request, cast(User, user))
        if step is None or request.path in (reverse(step), sign_out):
            return self.get_response(request)
        if step == "accounts:two-factor":
            return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        return redirect(step)

    @staticmethod
    def _step(request: HttpRequest, user: User) -> str | None:
        """The page that asks this password-only session for its second factor, if any."""
        from .security import second_factor_required

        if _has_device(request, user):
            return "accounts:two-factor"
        if second_factor_required(user, getattr(request, "roles", None)):
            return "accounts:two-factor-set-up"
        return None


def _has_device(request: HttpRequest, user: User) -> bool:
    """Whether the user has a confirmed device, read again only when their stamp has moved."""
    from .two_factor import has_device

    remembered = request.session.get(TWO_FACTOR_DEVICE)
    if isinstance(remembered, list) and remembered[:1] == [user.two_factor_stamp]:
        return bool(remembered[1])
    found = has_device(user)
    request.session[TWO_FACTOR_DEVICE] = [user.two_factor_stamp, found]
    return found
