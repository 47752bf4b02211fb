"""Four systems pressing "Create" for the same qualification at the same moment, on PostgreSQL
with real threads: one claim is started, exactly one answer says so (201), and the others get
the same claim with 200."""

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from api.tests.conftest import api_client, token_for
from audit.models import AuditEvent
from claims.models import Claim, ClaimStatus
from tests.threads import at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_simultaneous_creates_make_one_claim_and_say_so_once(
    tutor: User, centre_admin: User
) -> None:
    tutor_api = api_client(token_for(tutor))
    response = tutor_api.post(
        "/api/v1/qualifications/03991/assessors/",
        {"name": "Test Assessor", "initials": "TA"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    clients = [api_client(token_for(user)) for user in (tutor, centre_admin, tutor, centre_admin)]

    def create(client: APIClient) -> Callable[[], Any]:
        return lambda: client.post("/api/v1/claims/", {"qualification": "03991"}, format="json")

    responses = at_once(*(create(client) for client in clients))
    assert sorted(r.status_code for r in responses) == [200, 200, 200, 201], responses
    claims = {r.json()["id"] for r in responses}
    assert len(claims) == 1
    assert Claim.objects.filter(status=ClaimStatus.DRAFT, qualification__code="03991").count() == 1
    assert (
        AuditEvent.objects.filter(action="claim.created", object_id=str(claims.pop())).count() == 1
    )
