"""What the apps' API serializers share: a request body refuses the fields it does not know."""

from collections.abc import Mapping
from typing import Any

from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail, ValidationError


class BodySerializer(serializers.Serializer):
    """A request body. A field it does not know is an error that names it, so a misspelt field
    (``"grdae"`` for ``"grade"``) is never dropped without a word; a body nested in another
    (each unit of a list) checks its own fields the same way.

    Query strings are not bodies: they carry `page` and `page_size` besides their own fields.
    """

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return super().to_internal_value(data)
        expected = [name for name, field in self.fields.items() if not field.read_only]
        unknown = {
            str(name): [
                ErrorDetail(
                    f"Unknown field '{name}': expected any of {', '.join(expected)}",
                    code="unknown_field",
                )
            ]
            for name in data
            if name not in expected
        }
        try:
            value = super().to_internal_value(data)
        except ValidationError as invalid:
            if not unknown or not isinstance(invalid.detail, Mapping):
                raise
            raise ValidationError({**invalid.detail, **unknown}) from None
        if unknown:
            raise ValidationError(unknown)
        return value
