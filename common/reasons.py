"""The reason a person gives for a decision (a withdrawal, a grade amended, direct claim status
granted): asked for where the rule needs one, and no longer than the audit trail keeps."""

from .errors import DomainError

MAX_REASON = 500


def checked_reason(reason: str, *, required: bool = True, what: str = "why") -> str:
    """The reason without surrounding spaces; refused when missing (if required) or too long."""
    cleaned = (reason or "").strip()
    if required and not cleaned:
        raise DomainError(f"Enter the reason {what}", field="reason")
    if len(cleaned) > MAX_REASON:
        raise DomainError(f"The reason must be {MAX_REASON} characters or fewer", field="reason")
    return cleaned
