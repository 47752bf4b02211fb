"""The one family of domain errors. Pages show them beside the field; the API returns them as 400
(bad input), 404 (not found or not yours) or 409 (the record's state does not allow it)."""


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
