"""``{{ value|shown }}``: a published figure, or the word "verborgen" where disclosure control
(rules/disclosure.py) hid it. Every figures page loads this, so a hidden figure looks the
same everywhere and is read out as a word by screen readers."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def shown(value, digits=None):
    """A count with thousands separators, a float with ``digits`` decimals, or "verborgen"."""
    if value is None:
        return format_html('<span class="lw-hidden-figure">{}</span>', _("verborgen"))
    if digits is not None:
        return floatformat(value, digits)
    return intcomma(value)
