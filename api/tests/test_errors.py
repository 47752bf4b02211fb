"""The API's error body for domain errors: every error of a `DomainErrors` listed, whoever
raised it, and a single `DomainError` as one."""

from rest_framework import status

from api.errors import exception_handler
from common.errors import Conflict, DomainError, DomainErrors, FieldError, NotFound


def body(exc: Exception) -> tuple[int, object]:
    response = exception_handler(exc, {})
    assert response is not None
    return response.status_code, response.data


def test_every_error_of_a_domain_errors_is_listed() -> None:
    refused = DomainErrors(
        [
            FieldError("Enter the grade", field="units.0.grade", code="grade"),
            FieldError("Unit 4 is listed more than once", field="units.2.unit", code="duplicate"),
            FieldError("The file has no rows", row=3),
        ]
    )
    assert body(refused) == (
        status.HTTP_400_BAD_REQUEST,
        {
            "errors": [
                {"field": "units.0.grade", "message": "Enter the grade", "code": "grade"},
                {
                    "field": "units.2.unit",
                    "message": "Unit 4 is listed more than once",
                    "code": "duplicate",
                },
                {"field": None, "message": "The file has no rows", "code": "invalid"},
            ]
        },
    )


def test_a_domain_errors_keeps_its_status_and_names_its_kind() -> None:
    refused = DomainErrors([FieldError("Submitted already", field="claim")], status=409)
    assert body(refused) == (
        status.HTTP_409_CONFLICT,
        {"errors": [{"field": "claim", "message": "Submitted already", "code": "conflict"}]},
    )


def test_a_single_domain_error_is_one_error() -> None:
    assert body(DomainError("Enter a name", field="name")) == (
        400,
        {"errors": [{"field": "name", "message": "Enter a name", "code": "invalid"}]},
    )
    assert body(Conflict("The claim was submitted")) == (
        409,
        {"errors": [{"field": None, "message": "The claim was submitted", "code": "conflict"}]},
    )
    assert body(NotFound()) == (
        404,
        {"errors": [{"field": None, "message": "Not found", "code": "not_found"}]},
    )
