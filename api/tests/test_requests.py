"""Requests the API cannot take get a 4xx with the usual error body, never a 500 or an HTML page:
OPTIONS on every endpoint, bodies nested too deep or that are not objects, bodies too large,
query strings with too many fields, and fields a body does not have (a misspelt field is
never dropped without a word)."""

import io
import json
from typing import Any, cast

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, reverse
from rest_framework.test import APIClient

from api import urls
from api.parsers import MAX_DEPTH, nesting_depth
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db

KHAN = "11721896"


def errors_of(response: Any) -> list[dict[str, Any]]:
    assert response["Content-Type"] == "application/json", response.content[:200]
    body = response.json()
    assert set(body) == {"errors"}, body
    assert body["errors"] and all(set(e) == {"field", "message", "code"} for e in body["errors"])
    return list(body["errors"])


@pytest.fixture
def claim_id(tutor_api: APIClient) -> int:
    tutor_api.post(
        "/api/v1/qualifications/03991/assessors/",
        {"name": "Test Assessor", "initials": "TA"},
        format="json",
    )
    response = tutor_api.post("/api/v1/claims/", {"qualification": "03991"}, format="json")
    assert response.status_code == 201, response.json()
    return int(response.json()["id"])


# OPTIONS


def endpoints(claim_id: int) -> list[tuple[str, Any]]:
    """Every endpoint of /api/v1/ as a URL, read from the URL configuration, with its view."""
    values = {"number": KHAN, "claim_id": claim_id, "code": "03991", "review_id": 1}
    found = []
    for pattern in urls.v1:
        assert isinstance(pattern, URLPattern)
        kwargs = {name: values[name] for name in pattern.pattern.converters}
        found.append((reverse(f"api:{pattern.name}", kwargs=kwargs), pattern.callback.view_class))  # type: ignore[attr-defined]
    return found


def test_options_on_every_endpoint_lists_its_methods(tutor_api: APIClient, claim_id: int) -> None:
    found = endpoints(claim_id)
    assert len(found) == len(urls.v1) >= 14
    for url, view in found:
        response = tutor_api.options(url)
        assert response.status_code == 200, (url, response.content[:300])
        methods = {m.upper() for m in ("get", "post", "put", "patch", "delete") if hasattr(view, m)}
        if "GET" in methods:
            methods.add("HEAD")
        assert set(response["Allow"].split(", ")) == {*methods, "OPTIONS"}, url
        body = response.json()
        assert set(body["methods"]) == methods, url
        assert body["parses"] == ["application/json"]
        assert body["schema"].endswith("/api/schema/")


def test_options_needs_a_token_like_everything_else(client: Client, demo: None) -> None:
    response = client.options(f"/api/v1/candidates/{KHAN}/")
    assert response.status_code == 401
    assert errors_of(response)[0]["code"] == "not_authenticated"


@pytest.mark.parametrize(
    "path", ["/api/v1/claims/null/", "/api/v1/candidates", "/api/v1/nothing/", "/api/v2/me/"]
)
def test_an_address_that_is_no_endpoint_is_a_json_404(
    tutor_api: APIClient, client: Client, path: str
) -> None:
    for response in (
        tutor_api.get(path),
        tutor_api.post(path, {}, format="json"),
        client.get(path),
    ):
        assert response.status_code == 404
        assert errors_of(response) == [
            {
                "field": None,
                "message": "There is no API endpoint at this address (every path ends with /): "
                "see /api/docs/",
                "code": "not_found",
            }
        ]


# Bodies that are not what a body can be


def test_nesting_is_measured_outside_strings() -> None:
    assert nesting_depth('{"units": [{"unit": 1}]}') == 3
    assert nesting_depth('{"name": "[[[[{{{{\\"]]]]"}') == 1
    assert nesting_depth("[" * 5000) == 5000


@pytest.mark.parametrize("depth", [1_000, 100_000])
@pytest.mark.parametrize(
    "path", ["/api/v1/claims/", f"/api/v1/claims/{{claim}}/candidates/{KHAN}/"], ids=["POST", "PUT"]
)
def test_a_body_nested_too_deep_is_refused(
    tutor_api: APIClient, claim_id: int, path: str, depth: int
) -> None:
    nested = "[" * depth + "]" * depth
    body = f'{{"units": {nested}, "qualification": {nested}}}'
    method = "POST" if path == "/api/v1/claims/" else "PUT"
    response = tutor_api.generic(
        method, path.format(claim=claim_id), body, content_type="application/json"
    )
    assert response.status_code == 400
    assert errors_of(response) == [
        {
            "field": None,
            "message": f"The request body nests more than {MAX_DEPTH} levels deep: no request "
            "needs that",
            "code": "parse_error",
        }
    ]


def test_nesting_within_the_limit_is_an_ordinary_field_error(tutor_api: APIClient) -> None:
    nested = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    response = tutor_api.generic(
        "POST", "/api/v1/claims/", f'{{"qualification": {nested}}}', content_type="application/json"
    )
    assert response.status_code == 400
    assert [e["field"] for e in errors_of(response)] == ["qualification"]


@pytest.mark.parametrize("body", ["[]", '["03991"]', '"03991"', "3991", "null", "true"])
def test_a_body_that_is_not_an_object_is_refused(tutor_api: APIClient, body: str) -> None:
    response = tutor_api.generic("POST", "/api/v1/claims/", body, content_type="application/json")
    assert response.status_code == 400
    assert errors_of(response)[0]["message"] == "The request body must be a JSON object ({...})"


@pytest.mark.parametrize(
    "body",
    [b"{", b'{"qualification": NaN}', b'{"qualification": "\xff"}'],
    ids=["unfinished", "not a number", "not UTF-8"],
)
def test_a_body_that_is_not_json_is_refused(tutor_api: APIClient, body: bytes) -> None:
    # The test client sends bytes as they are (its stubs say str).
    response = tutor_api.generic(
        "POST", "/api/v1/claims/", cast(str, body), content_type="application/json"
    )
    assert response.status_code == 400
    assert errors_of(response)[0]["code"] == "parse_error"


def test_a_12_mb_body_is_refused_as_too_large(tutor_api: APIClient, claim_id: int) -> None:
    before = AuditEvent.objects.count()
    units = [{"unit": 1, "assessor": "TA", "awarding_body": "x" * 100}] * 100_000
    body = json.dumps({"units": units})
    assert len(body) > 12 * 1024 * 1024
    response = tutor_api.put(
        f"/api/v1/claims/{claim_id}/candidates/{KHAN}/", body, content_type="application/json"
    )
    assert response.status_code == 413
    assert errors_of(response) == [
        {
            "field": None,
            "message": "The request body is larger than 2.5 MB: send less at once",
            "code": "too_large",
        }
    ]
    assert AuditEvent.objects.count() == before


class ChunkedBody(io.BytesIO):
    """What a WSGI server hands over for `Transfer-Encoding: chunked`: the body with its chunks
    undone, and no Content-Length. Counts what is read of it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.taken = 0

    def read(self, size: int | None = -1, /) -> bytes:
        chunk = super().read(size)
        self.taken += len(chunk)
        return chunk


def _chunked(client: APIClient, method: str, path: str, body: ChunkedBody) -> Any:
    extra: Any = {"wsgi.input": body}
    return client.generic(
        method,
        path,
        content_type="application/json",
        CONTENT_TYPE="application/json",
        HTTP_TRANSFER_ENCODING="chunked",
        **extra,
    )


def test_a_12_mb_chunked_body_without_a_length_is_refused_as_too_large(
    tutor_api: APIClient,
) -> None:
    before = AuditEvent.objects.count()
    body = ChunkedBody(json.dumps({"qualification": "03991", "x": "y" * 12_000_000}).encode())
    response = _chunked(tutor_api, "POST", "/api/v1/claims/", body)
    assert response.status_code == 413
    assert errors_of(response)[0]["code"] == "too_large"
    # Read no further than the limit and a byte.
    assert body.taken == settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
    assert AuditEvent.objects.count() == before


def test_a_chunked_body_within_the_limit_is_read(tutor_api: APIClient, claim_id: int) -> None:
    units = {"units": [{"unit": 1, "assessor": "TA"}]}
    body = ChunkedBody(json.dumps(units).encode())
    response = _chunked(tutor_api, "PUT", f"/api/v1/claims/{claim_id}/candidates/{KHAN}/", body)
    assert response.status_code == 200, response.json()
    assert [u["unit"] for u in response.json()["units"]] == [1]


def test_pages_keep_their_own_page_for_a_body_too_large(centre_admin_client: Client) -> None:
    response = centre_admin_client.post(
        reverse("candidates:add"),
        "first_name=" + "x" * (12 * 1024 * 1024),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_a_query_string_with_too_many_fields_is_refused(tutor_api: APIClient) -> None:
    response = tutor_api.get("/api/v1/candidates/?" + "&".join(["q=a"] * 2_000))
    assert response.status_code == 400
    assert errors_of(response)[0]["code"] == "bad_request"


# Fields a body does not have


def unknown(name: str, expected: str) -> str:
    return f"Unknown field '{name}': expected any of {expected}"


# (case, method, path, body, the unknown field's path, the fields expected there)
UNKNOWN_FIELDS: list[tuple[str, str, str, dict[str, Any], str, str]] = [
    (
        "candidate",
        "post",
        "/api/v1/candidates/",
        {
            "number": "11900001",
            "first_name": "Nia",
            "last_name": "Patel",
            "date_of_birth": "2001-04-03",
            "ULN": "9999999998",
        },
        "ULN",
        "first_name, last_name, date_of_birth, uln, number",
    ),
    (
        "candidate change",
        "patch",
        f"/api/v1/candidates/{KHAN}/",
        {"frist_name": "Amy"},
        "frist_name",
        "first_name, last_name, date_of_birth, uln",
    ),
    (
        "entry",
        "post",
        "/api/v1/entries/",
        {"candidate": KHAN, "qualification": "03991", "entry_type": "units", "unit": [1]},
        "unit",
        "candidate, qualification, entry_type, units",
    ),
    (
        "assessor",
        "post",
        "/api/v1/qualifications/03991/assessors/",
        {"name": "Ann Bell", "initials": "AB", "email": "ann@northfield.test"},
        "email",
        "name, initials",
    ),
    (
        "claim",
        "post",
        "/api/v1/claims/",
        {"qualification": "03991", "qualification_code": "03991"},
        "qualification_code",
        "qualification",
    ),
    (
        "units",
        "put",
        f"/api/v1/claims/{{claim}}/candidates/{KHAN}/",
        {"units": [{"unit": 1, "assessor": "TA"}], "verison": "1"},
        "verison",
        "units, version",
    ),
    (
        "a unit",
        "put",
        f"/api/v1/claims/{{claim}}/candidates/{KHAN}/",
        {"units": [{"unit": 1, "assessor": "TA"}, {"unit": 4, "assessor": "TA", "grdae": "M"}]},
        "units.1.grdae",
        "unit, assessor, grade, awarding_body",
    ),
    (
        "submit",
        "post",
        "/api/v1/claims/{claim}/submit/",
        {"declaration": True, "submiter_email": "exams@northfield.test"},
        "submiter_email",
        "submitter_email, declaration",
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "field", "expected"),
    [case[1:] for case in UNKNOWN_FIELDS],
    ids=[case[0] for case in UNKNOWN_FIELDS],
)
def test_an_unknown_field_is_refused_by_name_and_nothing_is_saved(
    admin_api: APIClient,
    claim_id: int,
    method: str,
    path: str,
    body: dict[str, Any],
    field: str,
    expected: str,
) -> None:
    before = AuditEvent.objects.count()
    response = getattr(admin_api, method)(path.format(claim=claim_id), body, format="json")
    assert response.status_code == 400
    name = field.rsplit(".", 1)[-1]
    assert errors_of(response) == [
        {"field": field, "message": unknown(name, expected), "code": "unknown_field"}
    ]
    assert AuditEvent.objects.count() == before


def test_unknown_fields_are_reported_with_the_other_errors(admin_api: APIClient) -> None:
    response = admin_api.post(
        "/api/v1/candidates/", {"first_name": "Nia", "colour": "red"}, format="json"
    )
    assert response.status_code == 400
    codes = {e["field"]: e["code"] for e in errors_of(response)}
    assert codes == {
        "colour": "unknown_field",
        "number": "required",
        "last_name": "required",
        "date_of_birth": "required",
    }
