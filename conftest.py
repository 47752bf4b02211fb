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


@pytest.fixture(autouse=True)
def _postgres_only(request: pytest.FixtureRequest) -> None:
    """Tests marked `postgres` (real threads and processes against the database) skip on
    SQLite, which has no row locks; CI runs the suite on PostgreSQL too."""
    if request.node.get_closest_marker("postgres") is None:
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL for row locks between threads (set DATABASE_URL)")
