"""Fixtures shared by every app's tests: the demo world and one named fixture per role."""

import pytest
from django.test import Client

from accounts.models import User
from common import demo as demo_world


@pytest.fixture
def demo(db: None) -> None:
    demo_world.load()


def _user(email: str) -> User:
    return User.objects.get(email=email)


@pytest.fixture
def centre_admin(demo: None) -> User:
    return _user("admin@northfield.test")


@pytest.fixture
def tutor(demo: None) -> User:
    return _user("tutor@northfield.test")


@pytest.fixture
def staff(demo: None) -> User:
    return _user("staff@northfield.test")


@pytest.fixture
def southbank_admin(demo: None) -> User:
    return _user("admin@southbank.test")


@pytest.fixture
def moderator(demo: None) -> User:
    return _user("moderator@awarding.test")


@pytest.fixture
def verifier(demo: None) -> User:
    return _user("verifier@awarding.test")


@pytest.fixture
def ops(demo: None) -> User:
    return _user("ops@awarding.test")


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def centre_admin_client(centre_admin: User) -> Client:
    return client_for(centre_admin)


@pytest.fixture
def tutor_client(tutor: User) -> Client:
    return client_for(tutor)


@pytest.fixture
def southbank_client(southbank_admin: User) -> Client:
    return client_for(southbank_admin)
