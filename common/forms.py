"""Helpers that connect domain errors to Django forms."""

from django import forms

from .errors import DomainError


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a domain error next to its field, or at the top of the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
