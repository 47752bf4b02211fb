"""Helpers that connect domain errors to Django forms, and the fields several apps' forms share."""

from typing import Any

from django import forms

from .errors import DomainError
from .reasons import MAX_REASON

DATE_FORMAT = "%d/%m/%Y"


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a domain error next to its field, or at the top of the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def date_field(label: str, what: str, **kwargs: Any) -> forms.DateField:
    """A date typed as day/month/year, with the design system's hint and error messages."""
    return forms.DateField(
        label=label,
        help_text="For example, 27/03/2026",
        input_formats=[DATE_FORMAT],
        widget=forms.DateInput(format=DATE_FORMAT),
        error_messages={
            "required": f"Enter the {what}",
            "invalid": f"Enter the {what} as day/month/year, like 27/03/2026",
        },
        **kwargs,
    )


def reason_field(label: str = "Reason", **kwargs: Any) -> forms.CharField:
    """The reason for a decision, up to the length `common.reasons` accepts."""
    return forms.CharField(
        label=label,
        max_length=MAX_REASON,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter the reason",
            "max_length": f"The reason must be {MAX_REASON} characters or fewer",
        },
        **kwargs,
    )
