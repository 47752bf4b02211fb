"""Numbers of things in words in templates: {{ n|count:"candidate" }}, {{ n|count:"entry,entries"
}}, {{ n|number }} (common.wording)."""

from django import template

from common import wording

register = template.Library()


@register.filter
def count(n: int | None, words: str) -> str:
    """`words` is the singular, or "singular,plural" when the plural is not the singular + s."""
    singular, _, plural = words.partition(",")
    return wording.count(int(n or 0), singular, plural or None)


@register.filter
def number(n: int | None) -> str:
    return wording.number(int(n or 0))
