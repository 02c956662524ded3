"""``{{ person.cnic|masked }}``: identifiers on pages are masked like in the API (masking.py)."""

from django import template

from ..masking import mask

register = template.Library()


@register.filter
def masked(value) -> str:
    return mask(str(value or ""))
