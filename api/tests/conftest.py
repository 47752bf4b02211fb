"""Fixtures for API tests: a token per role, and a client that sends it."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.models import Membership, User
from api.actions import create_api_token


def token_for(user: User, centre_number: str | None = None) -> str:
    memberships = Membership.objects.filter(user=user).select_related("centre")
    if centre_number is not None:
        memberships = memberships.filter(centre__number=centre_number)
    membership = memberships.get()
    return create_api_token(
        membership=membership, name="MIS", expires_on=None, acting_user=user
    ).plaintext


def api_client(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    # Throttle counts live in the cache; each test starts with none.
    cache.clear()


@pytest.fixture
def tutor_api(tutor: User) -> APIClient:
    return api_client(token_for(tutor))


@pytest.fixture
def admin_api(centre_admin: User) -> APIClient:
    return api_client(token_for(centre_admin))


@pytest.fixture
def southbank_api(southbank_admin: User) -> APIClient:
    return api_client(token_for(southbank_admin))


@pytest.fixture
def make_api_client() -> Callable[..., APIClient]:
    def make(user: User, **kwargs: Any) -> APIClient:
        return api_client(token_for(user, **kwargs))

    return make
