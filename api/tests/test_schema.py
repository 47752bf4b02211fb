"""The OpenAPI schema, the documentation page, and schemathesis driving the API from the schema.

Schemathesis generates requests for every operation from the schema (valid and not) and checks
that none gets a server error and that every response matches the schema. It is bounded and
derandomised so that the suite stays fast and repeatable.
"""

import json
import re
import runpy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient
from schemathesis import GenerationMode
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import User
from api.tests.conftest import token_for
from api.views.base import LIMIT_REQUEST_LINE

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 8


def test_schema_is_openapi_3_and_lists_every_endpoint(client: Client) -> None:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for path in (
        "/api/v1/candidates/",
        "/api/v1/candidates/{number}/",
        "/api/v1/entries/",
        "/api/v1/unnamed-entries/",
        "/api/v1/qualifications/",
        "/api/v1/qualifications/{code}/units/",
        "/api/v1/qualifications/{code}/assessors/",
        "/api/v1/claims/",
        "/api/v1/claims/{claim_id}/",
        "/api/v1/claims/{claim_id}/candidates/{number}/",
    ):
        assert path in paths
    assert schema["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"


def test_request_bodies_say_they_take_no_other_fields(client: Client) -> None:
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    bodies = {
        name: component
        for name, component in schema["components"]["schemas"].items()
        if name.endswith("Request")
    }
    assert {"CandidateUnitsRequest", "UnitClaimRequest", "ClaimCreateRequest"} <= set(bodies)
    assert {name: c.get("additionalProperties") for name, c in bodies.items()} == dict.fromkeys(
        bodies, False
    )


def test_every_operation_documents_the_statuses_any_request_can_get(client: Client) -> None:
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operations = [op for item in schema["paths"].values() for op in item.values()]
    assert len(operations) >= 20
    for operation in operations:
        statuses = set(operation["responses"])
        assert {"400", "401", "403", "406", "414", "429"} <= statuses, operation["operationId"]
        # The web server's 414 is its own short page: documented with no JSON body.
        assert "content" not in operation["responses"]["414"], operation["operationId"]
        if "requestBody" in operation:
            assert {"413", "415"} <= statuses, operation["operationId"]


def test_a_claim_in_progress_matches_the_schema_though_it_has_no_submitter_yet(
    client: Client, tutor: User
) -> None:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(tutor)}")
    api.post(
        "/api/v1/qualifications/03991/assessors/", {"name": "A B", "initials": "AB"}, format="json"
    )
    claim = api.post("/api/v1/claims/", {"qualification": "03991"}, format="json").json()
    assert claim["status"] == "draft" and claim["submitter_email"] == ""
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    field = schema["components"]["schemas"]["ClaimDetail"]["properties"]["submitter_email"]
    assert field["type"] == "string" and "format" not in field


def test_docs_page_loads_nothing_from_another_site(client: Client) -> None:
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources
    assert all(not re.match(r"(https?:)?//", s) for s in sources), sources
    assert any("swagger-ui" in s for s in sources)
    assert '<html lang="en-GB">' in page
    # No inline script or style (the Content Security Policy refuses both): files only.
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
    assert "<style" not in page and " style=" not in page
    assert 'data-schema-url="/api/schema/"' in page
    init = re.search(r'<script src="(/static/api/docs\.js)"', page)
    assert init is not None


def _schema() -> Any:
    """The schema as the API serves it, with requests sent to the WSGI app in this process.

    (Built directly rather than through schemathesis' pytest plugin, whose fixture loader does
    not work with the pytest this project uses.)
    """
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(document)))
    loaded.app = get_wsgi_application()
    return loaded


SCHEMA = _schema()
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@pytest.fixture
def keep_connection() -> Iterator[None]:
    """Calling the WSGI app directly would close the test's database connection at the end of
    each request (and with it the test's transaction); Django's test client avoids that the
    same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.label for op in OPERATIONS])
def test_api_never_fails_with_a_server_error(
    operation: Any, centre_admin: User, settings: Any, keep_connection: None
) -> None:
    """Valid requests get documented answers that match the schema; invalid ones no 5xx."""
    settings.API_THROTTLE_RATE = "100000/min"
    headers = {"Authorization": f"Bearer {token_for(centre_admin)}"}
    bounded = hypothesis_settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )

    @bounded
    @given(case=operation.as_strategy(GenerationMode.POSITIVE))
    def valid(case: Any) -> None:
        response = case.call(headers=headers)
        case.validate_response(
            response,
            checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
        )

    @bounded
    @given(case=operation.as_strategy(GenerationMode.NEGATIVE))
    def invalid(case: Any) -> None:
        response = case.call(headers=headers)
        case.validate_response(response, checks=[not_a_server_error])

    valid()
    invalid()


def test_the_documented_address_limit_is_the_web_servers() -> None:
    settings = runpy.run_path(str(Path(__file__).resolve().parents[2] / "config" / "gunicorn.py"))
    assert settings["limit_request_line"] == LIMIT_REQUEST_LINE
