from collections.abc import Iterator
from typing import Any

import pytest

from .mail_server import HOST, MailServer


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
