from django import template

register = template.Library()


@register.simple_tag
def feature_label(labels: dict, volunteer, key: str) -> str:
    """The label of a volunteer's value for one category ('–' when it has none)."""
    value = volunteer.features.get(key)
    if value is None:
        return "–"
    return labels.get(key, {}).get(value, value)


@register.filter
def percent(probability: float | None) -> str:
    if probability is None:
        return "–"
    return f"{probability * 100:.2f}%".replace(".", ",")


@register.filter
def euros(cents: int | None) -> str:
    """Integer cents as "€ 12,34" (core.numbers' notation)."""
    from leefwereld.core.numbers import format_euros

    return format_euros(cents or 0)
