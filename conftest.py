"""Fixtures shared by every app's tests: the demo world, one named fixture per role, and a real
SMTP server on loopback."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from catalogue import structure_cache
from demo import world as demo_world
from notifications.tests.mail_server import HOST, MailServer

#: The demo world's password and people (DEMO.md), for tests of every app.
PASSWORD = demo_world.PASSWORD
USERS = demo_world.USERS
EARLIER_CLAIM_NUMBER = demo_world.EARLIER_CLAIM_NUMBER


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The test database holds the demo world from the start, loaded once.

    Tests in a transaction (`db`) see it without loading it again, which most tests would
    otherwise spend most of their time on. pytest-django runs them before the tests that commit
    (`transactional_db`, the browser tests' live server), whose clean-up empties every table;
    after that the `demo` fixture loads the world again, as each of those tests needs it.
    """
    with django_db_blocker.unblock():
        demo_world.load()


@pytest.fixture
def demo(db: None) -> None:
    """The demo world (DEMO.md), there already unless a test that committed emptied it."""
    if not User.objects.filter(email=USERS[0][0]).exists():
        demo_world.load()


@pytest.fixture
def empty_database(db: None) -> None:
    """No demo world: every table but Django's own emptied, inside the test's transaction, for
    tests of what happens in an empty database. Foreign keys are checked at commit, which a
    test's transaction never reaches."""
    from django.db import connection

    keep = {"django_migrations", "django_content_type", "auth_permission"}
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True):
            if table not in keep:
                # The names are the tables of the installed models, quoted.
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608


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
def _fresh_structure_cache() -> Iterator[None]:
    """Each test starts with no qualification structure kept: tests reuse ids, and set up
    their catalogue rows however they like."""
    structure_cache.clear()
    yield
    structure_cache.clear()


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
