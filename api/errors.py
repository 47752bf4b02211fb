"""One shape for every API error: ``{"errors": [{"field": ..., "message": ..., "code": ...}]}``.

Domain errors keep their status (400 bad input, 403 role, 404 not found or not yours, 409 the
record's state forbids it); DRF's own errors (validation, authentication, throttling, …) are
reshaped to the same body, nested fields written as dotted paths (``units.0.grade``). A body
larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is a 413 (a chunked one too: `api.parsers` reads
it up to the limit and a byte, and no further), and the other requests Django refuses as
suspicious (too many fields, …) a 400, both with the same body instead of Django's HTML page.
"""

import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from rest_framework import status
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from common.errors import DomainError, DomainErrors


def error(message: str, *, field: str | None = None, code: str = "invalid") -> dict[str, Any]:
    return {"field": field, "message": message, "code": code}


def _flatten(detail: Any, path: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    if isinstance(detail, Mapping):
        found: list[dict[str, Any]] = []
        for key, value in detail.items():
            inner = path if key == "non_field_errors" else (*path, str(key))
            found += _flatten(value, inner)
        return found
    if isinstance(detail, list):
        found = []
        for index, item in enumerate(detail):
            if isinstance(item, Mapping | list):
                found += _flatten(item, (*path, str(index)))
            else:
                found += _flatten(item, path)
        return found
    code = detail.code if isinstance(detail, ErrorDetail) else "invalid"
    return [error(str(detail), field=".".join(path) or None, code=code or "invalid")]


# A domain error raised without a code of its own gets one that says what kind it is.
_CODE_BY_STATUS = {403: "permission_denied", 404: "not_found", 409: "conflict"}


def domain_errors(exc: DomainError) -> list[dict[str, Any]]:
    """The body's list for any domain error: each of a `DomainErrors`' errors (the unit rows of
    a claim, the fields of a body), or the one error."""
    fallback = _CODE_BY_STATUS.get(exc.status, "invalid")
    return [
        error(
            problem.message,
            field=problem.field,
            code=fallback if problem.code == "invalid" else problem.code,
        )
        for problem in DomainErrors.of(exc)
    ]


def _refused(exc: SuspiciousOperation) -> Response:
    # Logged where Django logs the requests it refuses as suspicious.
    logging.getLogger(f"django.security.{type(exc).__name__}").error(str(exc))
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 2**20
        return Response(
            {
                "errors": [
                    error(
                        f"The request body is larger than {limit:g} MB: send less at once",
                        code="too_large",
                    )
                ]
            },
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    return Response(
        {"errors": [error("The request cannot be read", code="bad_request")]},
        status=status.HTTP_400_BAD_REQUEST,
    )


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return Response({"errors": domain_errors(exc)}, status=exc.status)
    if isinstance(exc, SuspiciousOperation):
        return _refused(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ValidationError):
        errors = _flatten(exc.detail) or [error("The request is not valid")]
    else:
        detail = getattr(exc, "detail", None)
        code = str(getattr(detail, "code", None) or getattr(exc, "default_code", "error"))
        message = str(detail) if detail is not None else "The request could not be completed"
        if response.status_code == status.HTTP_404_NOT_FOUND:
            message, code = "Not found", "not_found"
        errors = [error(message, code=code)]
    response.data = {"errors": errors}
    return response
