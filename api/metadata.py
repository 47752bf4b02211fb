"""What `OPTIONS` answers: the methods (in `Allow`), the media types, and where the schema is.

DRF's default describes the view's serializer field by field, which here is the response's
serializer and, for a single record, needs a model queryset this API does not use: the
request bodies are described, exactly, by the OpenAPI schema instead.
"""

from typing import Any

from django.urls import reverse
from rest_framework.metadata import BaseMetadata
from rest_framework.request import Request


class SchemaMetadata(BaseMetadata):
    def determine_metadata(self, request: Request, view: Any) -> dict[str, Any]:
        return {
            "name": view.get_view_name(),
            "methods": [method for method in view.allowed_methods if method != "OPTIONS"],
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
            "schema": request.build_absolute_uri(reverse("api:schema")),
        }
