"""Fixtures shared by every app's tests: the demo world, one named fixture per role, and a real
SMTP server on loopback."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from demo import world as demo_world
from notifications.tests.mail_server import HOST, MailServer

#: The demo world's password and people (DEMO.md), for tests of every app.
PASSWORD = demo_world.PASSWORD
USERS = demo_world.USERS
EARLIER_CLAIM_NUMBER = demo_world.EARLIER_CLAIM_NUMBER


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


@pytest.fixture
def mail_server(settings: Any) -> Iterator[MailServer]:
    """Email delivered over SMTP to a loopback server, down until the test starts it."""
    server = MailServer()
    settings.EMAIL_BACKEND = "notifications.backends.SMTPEmailBackend"
    settings.EMAIL_HOST = HOST
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()
