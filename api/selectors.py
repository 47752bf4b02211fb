"""Reading API tokens: a user sees only their own."""

from django.db.models import QuerySet

from accounts.models import User
from common.errors import NotFound

from . import tokens
from .models import ApiToken


def tokens_for(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).select_related("centre")


def get_token(*, user: User, token_id: int) -> ApiToken:
    """One of the user's tokens; anyone else's token is not found."""
    token = tokens_for(user).filter(pk=token_id).first()
    if token is None:
        raise NotFound("API token not found", field="token")
    return token


def token_from(plaintext: str) -> ApiToken | None:
    """The token row that this presented token proves, or None when it proves nothing."""
    prefix = tokens.prefix_of(plaintext)
    if prefix is None:
        return None
    token = ApiToken.objects.select_related("user", "centre").filter(prefix=prefix).first()
    if token is None or not tokens.matches(plaintext, token.digest):
        return None
    return token
