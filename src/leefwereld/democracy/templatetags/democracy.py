"""Template helpers for the democracy pages: euros, and the small panels on the home pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from leefwereld.core.roles import Role

register = template.Library()


@register.filter
def euro(value: Any) -> str:
    """Whole euros with the language's thousands separator: € 12.500 (nl), € 12,500 (en)."""
    if value is None or value == "":
        return ""
    return f"€ {intcomma(int(value))}"


@register.inclusion_tag("democracy/includes/resident_panel.html", takes_context=True)
def democracy_resident_panel(context: dict[str, Any]) -> dict[str, Any]:
    """On the resident's home page: rounds in their neighbourhood they can act in now."""
    from leefwereld.democracy import services

    request = context.get("request")
    user = getattr(request, "user", None)
    rounds: list[Any] = []
    if user is not None and getattr(user, "role", None) == Role.RESIDENT:
        rounds = list(services.open_rounds_for(services.resident_of(user))[:3])
    return {"rounds": rounds}
