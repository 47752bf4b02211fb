"""What every centre endpoint shares: the acting membership, parsing, pagination, errors."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Membership, User
from common.errors import DomainError, NotFound

from ..parsers import read_unsized_body
from ..permissions import HasClaimsRole


class ErrorSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True, help_text="The input the error is about (dotted path), or null"
    )
    message = serializers.CharField()
    code = serializers.CharField()


# The body of every error response. Built inline because a serializer field called `errors`
# would hide Serializer.errors.
ERRORS = inline_serializer(name="Errors", fields={"errors": ErrorSerializer(many=True)})


#: What any endpoint may answer: a query string Django refuses (400, e.g. too many fields), no
#: valid token (401), a role without access (403), an Accept header that takes no JSON (406),
#: too many requests (429).
ALWAYS = (400, 401, 403, 406, 429)
#: The web server (gunicorn, or a load balancer in front of it) refuses an address longer than
#: it takes before the application sees it: 414, with the server's own short page, not JSON.
URI_TOO_LONG = 414
#: The longest request line gunicorn takes (its `limit_request_line`, config/gunicorn.py).
LIMIT_REQUEST_LINE = 8190
#: What an endpoint that reads a body may answer besides.
BODY = (400, 413, 415)

_DESCRIPTIONS = {
    400: "The input is not valid; each error names its field",
    401: "No valid token",
    403: "Your role does not allow this",
    404: "Not found, or not your centre's (for a list: no such page)",
    406: "The Accept header does not take application/json",
    409: "The record's state does not allow this (e.g. the claim was submitted)",
    413: f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 2**20:g} MB",
    415: "The request body is not application/json",
    429: "Too many requests for this token: wait for the number of seconds in Retry-After",
}


def errors(*statuses: int) -> dict[int, OpenApiResponse]:
    """The documented error responses of an endpoint: its own, those of ALWAYS, and 414."""
    documented = {
        code: OpenApiResponse(ERRORS, description=_DESCRIPTIONS[code])
        for code in sorted({*statuses, *ALWAYS})
    }
    documented[URI_TOO_LONG] = OpenApiResponse(
        description=(
            f"The address with its query string is longer than {LIMIT_REQUEST_LINE:,} bytes; "
            "the web server answers before the service, with a short page of its own"
        )
    )
    return documented


@contextmanager
def reference(field: str) -> Iterator[None]:
    """A record named in the request body that is not found is bad input (400), not a 404."""
    try:
        yield
    except NotFound as missing:
        raise DomainError(missing.message, field=field, code="not_found") from None


class CentreView(GenericAPIView):
    # An endpoint acting through the caller's role at the token's (or session's) centre. (A
    # comment, not a docstring: the schema would show a docstring on every endpoint.)

    permission_classes = [IsAuthenticated, HasClaimsRole]

    def initialize_request(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Request:
        read_unsized_body(request)
        return super().initialize_request(request, *args, **kwargs)

    @property
    def membership(self) -> Membership:
        return self.request._request.membership  # type: ignore[attr-defined]

    @property
    def acting_user(self) -> User:
        return self.request.user  # type: ignore[return-value]

    def query(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        parsed = serializer_class(data=self.request.query_params)
        parsed.is_valid(raise_exception=True)
        return dict(parsed.validated_data)

    def body(self, serializer_class: type[serializers.Serializer], **kwargs: Any) -> Any:
        parsed = serializer_class(data=self.request.data, **kwargs)
        parsed.is_valid(raise_exception=True)
        return parsed.validated_data

    def paginated(
        self,
        items: Sequence[Any] | Any,
        serializer_class: type[serializers.Serializer],
        context: dict[str, Any] | None = None,
    ) -> Response:
        page = self.paginate_queryset(items)
        assert page is not None
        data = serializer_class(page, many=True, context=context or {}).data
        return self.get_paginated_response(data)


class NoSuchEndpoint(APIView):
    # Any other address under /api/: a 404 with the error body, whatever the method, rather
    # than the pages' HTML 404 (and before the token is looked at: there is nothing to guard).
    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_classes: list[type] = []
    schema = None

    def http_method_not_allowed(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        raise NotFound(
            "There is no API endpoint at this address (every path ends with /): see /api/docs/"
        )

    options = http_method_not_allowed
