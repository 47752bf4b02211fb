"""What the catalogue's operations pages share."""

from django.http import HttpRequest

from accounts.models import User


def acting_user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]
