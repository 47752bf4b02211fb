"""The API reads JSON objects, and only as deep as its bodies go, nor longer than the limit.

Python's JSON decoder recurses once per level of nesting, so a body of a thousand nested lists
would exhaust the interpreter's stack and answer 500. The depth is measured first, on the text
with its strings taken out, without recursion; only then is the body decoded.

A body sent with `Transfer-Encoding: chunked` has no Content-Length, and Django and DRF read
nothing of a body without one: the request would look empty ("This field is required") however
large it was. `read_unsized_body` reads such a body, at most one byte more than
DATA_UPLOAD_MAX_MEMORY_SIZE, and gives it the length it has, so the limit applies as it does to
any other body (413).
"""

import io
import re
from typing import Any

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpRequest
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json

#: The deepest request body is a list of units in an object (3); this leaves room to spare.
MAX_DEPTH = 20

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def nesting_depth(text: str) -> int:
    """How deep the JSON text's arrays and objects nest (brackets inside strings do not count)."""
    depth = deepest = 0
    for bracket in _BRACKET.findall(_STRING.sub("", text)):
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


class JSONObjectParser(JSONParser):
    """A JSON object no deeper than MAX_DEPTH; anything else is a 400 saying what is wrong."""

    def parse(
        self, stream: Any, media_type: str | None = None, parser_context: Any = None
    ) -> dict[str, Any]:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding)
        except UnicodeDecodeError:
            raise ParseError(f"The request body is not valid {encoding} text") from None
        if nesting_depth(text) > MAX_DEPTH:
            raise ParseError(
                f"The request body nests more than {MAX_DEPTH} levels deep: no request needs that"
            )
        try:
            data = json.loads(text)
        except ValueError as problem:
            raise ParseError(f"The request body is not valid JSON: {problem}") from None
        if not isinstance(data, dict):
            raise ParseError("The request body must be a JSON object ({...})")
        return data


READ_CHUNK = 64 * 1024


def read_unsized_body(request: HttpRequest) -> None:
    """Read a chunked body (the WSGI server has undone the chunks), up to the limit and a byte.

    Anything past that byte stays unread: the request is refused as too large either way.
    """
    meta = request.META
    chunked = "chunked" in str(meta.get("HTTP_TRANSFER_ENCODING", "")).lower()
    if meta.get("CONTENT_LENGTH") or not chunked or "wsgi.input" not in meta:
        return
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    wanted = None if limit is None else limit + 1
    body = bytearray()
    while wanted is None or len(body) < wanted:
        size = READ_CHUNK if wanted is None else min(READ_CHUNK, wanted - len(body))
        chunk = meta["wsgi.input"].read(size)
        if not chunk:
            break
        body += chunk
    meta["CONTENT_LENGTH"] = str(len(body))
    request._stream = LimitedStream(io.BytesIO(bytes(body)), len(body))  # type: ignore[assignment]
