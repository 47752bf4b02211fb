"""Requests that write at the same moment, from real threads, against a SQLite file database
with the project's own database settings (what `make run` uses).

Run by tests/test_sqlite_concurrency.py in a process of its own, because the test suite's
SQLite database lives in memory:

    DATABASE_URL=sqlite:////tmp/x.sqlite3 python -m tests.sqlite_writers '{"SCENARIO": "ARGUMENT"}'

It runs the scenarios one after the other (one process: starting Django is the slow part) and
prints, per scenario, the status code of every request (or the exception it raised) as JSON.
"""

import json
import os
import sys
import threading
from collections.abc import Callable
from typing import Any

SESSIONS = 8
PASSWORD = "claims-demo-2026"
# A host the settings allow, as a browser on `make run` sends.
HOST = "localhost"


def _at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    from django.db import connection

    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = call().status_code
        except Exception as error:  # reported to the test, which fails on it
            results[index] = f"{type(error).__name__}: {error}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _signed_in(email: str) -> Any:
    from django.test import Client
    from django.urls import reverse

    # A server error is answered as the server would, with its 500, not raised here.
    client = Client(raise_request_exception=False, SERVER_NAME=HOST)
    response = client.post(reverse("accounts:sign-in"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return client


def two_factor_codes(code: str) -> list[Any]:
    """Sessions of one account sending the code page a code at once."""
    from django.urls import reverse

    clients = [_signed_in("tutor@northfield.test") for _ in range(SESSIONS)]
    url = reverse("accounts:two-factor")
    return _at_once([lambda c=c: c.post(url, {"code": code}) for c in clients])  # type: ignore[misc]


def claim_candidate_puts(argument: str) -> list[Any]:
    """Systems saving one candidate's units on one claim at once, through the API."""
    from rest_framework.test import APIClient

    token, claim_id = argument.split(":")
    clients = []
    for _ in range(6):
        client = APIClient(raise_request_exception=False, SERVER_NAME=HOST)
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        clients.append(client)
    url = f"/api/v1/claims/{claim_id}/candidates/11721896/"
    body = {"units": [{"unit": 1, "assessor": "TA"}, {"unit": 4, "assessor": "TA"}]}
    return _at_once(
        [lambda c=c: c.put(url, body, format="json") for c in clients]  # type: ignore[misc]
    )


def invitation_accepts(token: str) -> list[Any]:
    """Sessions of the invited account accepting one invitation at once."""
    from django.urls import reverse

    clients = [_signed_in("admin@northfield.test") for _ in range(4)]
    url = reverse("accounts:invitation", args=[token])
    return _at_once(
        [lambda c=c: c.post(url, {"decision": "accept"}) for c in clients]  # type: ignore[misc]
    )


SCENARIOS = {
    "two_factor_codes": two_factor_codes,
    "claim_candidate_puts": claim_candidate_puts,
    "invitation_accepts": invitation_accepts,
}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    asked: dict[str, str] = json.loads(sys.argv[1])
    print(json.dumps({scenario: SCENARIOS[scenario](arg) for scenario, arg in asked.items()}))


if __name__ == "__main__":
    main()
