"""The one family of domain errors. Pages show them beside the field; the API returns them as 400
(bad input), 404 (not found or not yours) or 409 (the record's state does not allow it)."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


class DomainError(Exception):
    """A rule of the product stopped an action. `field` names the input it is about, if any."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class NotFound(DomainError):
    """The record does not exist, or the user may not see it: the two look the same."""

    status = 404

    def __init__(self, message: str = "Not found", **kwargs: str) -> None:
        super().__init__(message, code="not_found", **kwargs)


class Conflict(DomainError):
    """The record's state does not allow this (e.g. editing a submitted claim)."""

    status = 409


class PermissionRefused(DomainError):
    """The user can see the record but their role does not allow this action."""

    status = 403


@dataclass(frozen=True)
class FieldError:
    """One of several problems found at once: what is wrong, and where.

    `field` names the input (a form field, an API body's dotted path such as ``units.0.grade``,
    a file's column); `row` the line of a file or the unit number of a claim's row, when the
    problem is in one row of many.
    """

    message: str
    field: str | None = None
    code: str = "invalid"
    row: int | None = None


class DomainErrors(DomainError):
    """Several problems found at once; nothing was saved.

    The one many-errors type: a claim's unit rows, a qualification file, a candidate import and
    an API body all refuse with it. `message` says what the problems amount to ("The file has 3
    errors: nothing was imported"), or is the first problem's when not given; `errors` holds each
    one. A page shows every error beside its field; the API answers them all in its error body.
    `detail` may carry what the reader needs besides (an import's dry-run result).
    """

    def __init__(
        self,
        errors: Sequence[FieldError],
        *,
        message: str | None = None,
        field: str | None = None,
        code: str | None = None,
        status: int | None = None,
        detail: Any = None,
    ) -> None:
        if not errors:
            raise ValueError("DomainErrors needs at least one error")
        first = errors[0]
        super().__init__(
            message if message is not None else first.message,
            field=field if message is not None else first.field,
            code=code or first.code,
        )
        self.errors = list(errors)
        self.detail = detail
        if status is not None:
            self.status = status

    @classmethod
    def of(cls, error: DomainError) -> list[FieldError]:
        """Every problem a domain error holds: its list, or itself as the one."""
        if isinstance(error, DomainErrors):
            return error.errors
        return [FieldError(error.message, field=error.field, code=error.code)]
