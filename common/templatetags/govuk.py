"""Template helpers for GOV.UK Frontend markup."""

from django import template
from django.forms import BoundField

register = template.Library()


@register.filter
def field_error_id(field: BoundField) -> str:
    return f"{field.auto_id}-error"


@register.filter
def first_widget_id(field: BoundField) -> str:
    """The id the error summary links to: the field itself, or its first radio or checkbox."""
    subwidgets = list(field.subwidgets)
    if field.widget_type in {"radioselect", "checkboxselectmultiple"} and subwidgets:
        return str(subwidgets[0].id_for_label)
    return str(field.auto_id)


@register.filter
def formatted_value(field: BoundField) -> str:
    """The value as the widget would show it (dates as dd/mm/yyyy, not the template default)."""
    value = field.field.widget.format_value(field.value())
    return "" if value is None else str(value)
