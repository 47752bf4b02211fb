"""`Authorization: Bearer <token>`: the token's user, acting through their role at its centre."""

from typing import Any

from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from accounts.models import User
from accounts.selectors import membership_at

from . import actions, selectors
from .models import ApiToken

INVALID = "The token is not valid: it may have been mistyped, revoked or replaced"


class BearerTokenAuthentication(BaseAuthentication):
    """Personal API tokens. The membership is read on every request: no role, no access."""

    keyword = b"bearer"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("Send the token as 'Authorization: Bearer <token>'")
        try:
            plaintext = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(INVALID) from None
        token = selectors.token_from(plaintext)
        if token is None or token.revoked_at is not None or not token.user.is_active:
            raise AuthenticationFailed(INVALID)
        if token.is_expired:
            raise AuthenticationFailed("The token has expired: create a new one")
        membership = membership_at(token.user, token.centre_id)
        if membership is None:
            raise AuthenticationFailed(
                f"You no longer have a role at centre {token.centre.number}: the token cannot "
                "be used"
            )
        # Everything downstream (selectors, actions, permissions) reads the acting membership
        # here, exactly as the pages do after CurrentCentreMiddleware.
        request._request.membership = membership  # type: ignore[attr-defined]
        actions.note_use(token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


def acting_membership(request: Any) -> Any:
    """The membership the request acts through (token or session), or None."""
    return getattr(request._request, "membership", None)
