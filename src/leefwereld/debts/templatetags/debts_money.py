from django import template

from leefwereld.rules import format_euro

register = template.Library()


@register.filter
def euro(cents) -> str:
    """Integer cents as Dutch euros: 123456 → € 1.234,56."""
    if cents is None or cents == "":
        return ""
    return format_euro(int(cents))
