"""Resolves the centre a signed-in user is acting for on this request."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .selectors import membership_at, memberships_for

SESSION_KEY = "centre_id"


class CurrentCentreMiddleware:
    """Sets `request.membership`: the user's membership at their current centre, or None.

    The current centre is kept in the session; a user with one centre needs no choice.
    The membership is re-read on each request so a removed role takes effect at once.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = None  # type: ignore[attr-defined]
        user = request.user
        if user.is_authenticated:
            membership = membership_at(user, request.session.get(SESSION_KEY))
            if membership is None:
                only = list(memberships_for(user)[:2])
                if len(only) == 1:
                    membership = only[0]
                    request.session[SESSION_KEY] = membership.centre_id
            request.membership = membership  # type: ignore[attr-defined]
        return self.get_response(request)
