from django import template

from leefwereld.core.numbers import format_euros

register = template.Library()


@register.filter
def cents(value) -> str:
    """Integer cents as Dutch euros: 123456 → € 1.234,56."""
    if value is None or value == "":
        return ""
    return format_euros(int(value))
