from django import template

from leefwereld.rules import format_euro

register = template.Library()


@register.filter
def euro(cents):
    """Integer cents as Dutch money: 1250 → € 12,50."""
    if cents in (None, ""):
        return ""
    return format_euro(int(cents))


@register.filter
def get(mapping, key):
    return mapping.get(key, key) if mapping else key
