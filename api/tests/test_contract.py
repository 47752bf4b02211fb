"""The whole journey of a claim through the API only, over real HTTP against a live server.

A centre's MIS, holding personal API tokens, adds a candidate and a named entry (a Centre
Administrator's token: as in the pages, a Tutor/Teacher may not add candidates or entries), then
with the tutor's token sets up a centre assessor, creates the claim, claims two units, submits
it and reads it back Submitted. The same tutor token finds nothing of Southbank's.
"""

import io
import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from accounts.models import User
from api.tests.conftest import token_for
from claims.models import Claim, ClaimStatus

pytestmark = pytest.mark.django_db(transaction=True)


class Api:
    """A minimal HTTP client: JSON in, JSON out, the token in the Authorization header."""

    def __init__(self, base: str, token: str) -> None:
        self.base = f"{base}/api/v1"
        self.token = token

    def __call__(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        request = urllib.request.Request(  # noqa: S310 - the live test server, http only
            self.base + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            raw = error.read()
            return error.code, json.loads(raw) if raw else None


@pytest.fixture
def world(live_server: Any) -> dict[str, Api]:
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    admin = User.objects.get(email="admin@northfield.test")
    tutor = User.objects.get(email="tutor@northfield.test")
    return {
        "admin": Api(live_server.url, token_for(admin)),
        "tutor": Api(live_server.url, token_for(tutor)),
    }


def test_a_whole_claim_through_the_api(world: dict[str, Api]) -> None:
    admin, tutor = world["admin"], world["tutor"]

    status, me = tutor("GET", "/me/")
    assert status == 200 and me["role"] == "Tutor/Teacher" and me["centre"]["number"] == "12345"

    candidate = {
        "number": "11900001",
        "first_name": "Nia",
        "last_name": "Patel",
        "date_of_birth": "2001-04-03",
    }
    status, body = tutor("POST", "/candidates/", candidate)
    assert status == 403, body  # the same rule as the pages: only a Centre Administrator
    status, body = admin("POST", "/candidates/", candidate)
    assert status == 201, body
    status, body = admin(
        "POST",
        "/entries/",
        {"candidate": "11900001", "qualification": "03991", "entry_type": "units", "units": [1, 4]},
    )
    assert status == 201, body

    status, found = tutor("GET", "/candidates/?q=Patel")
    assert status == 200 and [c["number"] for c in found["results"]] == ["11900001"]
    status, units = tutor("GET", "/qualifications/03991/units/?page_size=2")
    assert status == 200 and units["count"] == 81

    status, body = tutor(
        "POST", "/qualifications/03991/assessors/", {"name": "Test Assessor", "initials": "TA"}
    )
    assert status == 201, body
    status, claim = tutor("POST", "/claims/", {"qualification": "03991"})
    assert status == 201, claim
    claim_id = claim["id"]
    status, body = tutor(
        "PUT",
        f"/claims/{claim_id}/candidates/11900001/",
        {"units": [{"unit": 1, "assessor": "TA"}, {"unit": 4, "assessor": "TA"}]},
    )
    assert status == 200, body
    assert [u["unit"] for u in body["units"]] == [1, 4]

    status, body = tutor("POST", f"/claims/{claim_id}/submit/", {"declaration": False})
    assert status == 400 and body["errors"][0]["field"] == "declaration"
    status, submitted = tutor(
        "POST",
        f"/claims/{claim_id}/submit/",
        {"declaration": True, "submitter_email": "exams@northfield.test"},
    )
    assert status == 200, submitted
    assert submitted["status"] == "submitted" and submitted["claim_number"]

    status, claim = tutor("GET", f"/claims/{claim_id}/")
    assert status == 200
    assert (claim["status"], claim["status_label"]) == ("submitted", "Submitted")
    assert claim["submitter_email"] == "exams@northfield.test"
    assert [(c["candidate"], [u["unit"] for u in c["units"]]) for c in claim["candidates"]] == [
        ("11900001", [1, 4])
    ]
    status, history = tutor("GET", "/claims/?status=submitted")
    assert status == 200
    assert [(c["id"], c["candidates"], c["units"]) for c in history["results"]] == [
        (claim_id, 1, 2)
    ]

    # A submitted claim cannot change, and submitting again submits nothing more.
    status, body = tutor(
        "PUT",
        f"/claims/{claim_id}/candidates/11900001/",
        {"units": [{"unit": 1, "assessor": "TA"}]},
    )
    assert status == 409, body
    status, body = tutor("POST", f"/claims/{claim_id}/submit/", {"declaration": True})
    assert status == 409 and body["errors"][0]["code"] == "already_submitted"
    assert Claim.objects.get(pk=claim_id).status == ClaimStatus.SUBMITTED

    # Southbank's candidate is not found, exactly like one that does not exist.
    status, body = tutor("GET", "/candidates/20000001/")
    assert status == 404
    assert body == {
        "errors": [{"field": "candidate", "message": "Candidate not found", "code": "not_found"}]
    }
    assert tutor("GET", "/candidates/20000002/") == (404, body)
