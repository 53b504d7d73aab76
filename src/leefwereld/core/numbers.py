"""One safe way to read numbers, ids and money from people and files.

Everything typed into a form, a query string, a CSV cell or a `.pb` line is read here:

* bounded — a number beyond its bounds is refused with a clear message, never stored,
  never sent to the database (PostgreSQL's bigint ends at 2**63 - 1, SQLite's too);
* no floats for money — amounts are parsed as decimals and returned as integer cents;
  `1e3`, `NaN` and `Infinity` are not amounts;
* no `str.isdigit()` — it says yes to '²' and '٣', which `int()` then chokes on or
  reads as another digit; only ASCII digits count;
* short inputs only — a 4,000-digit "number" is refused before Python converts it (the
  conversion itself is quadratic in the length).

Each reader raises `NumberError` (a ValueError) with a plain-Dutch message naming the
field; form fields turn it into a ValidationError, file readers add the line number.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The largest value a bigint column holds, and so the largest id or count we accept.
BIGINT_MAX = 2**63 - 1
# A thousand million euros: far above any amount the platform handles (the whole annual
# social-domain budget of Rotterdam is about 1.5 billion), far below the bigint limit.
MAX_CENTS = 100_000_000_000
MAX_DIGITS = 19

_INTEGER = re.compile(rf"[+-]?[0-9]{{1,{MAX_DIGITS}}}")
# Euros as people type them: 1234, 1234,5, 1.234,56, 1234.56, € 12,50, -12,50.
_EUROS = re.compile(
    r"(?P<sign>-?)(?P<whole>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,15})(?:[,.](?P<cents>[0-9]{1,2}))?"
)


StrOrPromise = str | Promise


class NumberError(ValueError):
    """A number that cannot be read; the message is for the person who typed it."""


def parse_int(
    text: object,
    field: str,
    *,
    minimum: int = -BIGINT_MAX,
    maximum: int = BIGINT_MAX,
) -> int:
    """A whole number within [minimum, maximum]; ASCII digits with an optional sign."""
    value = str(text).strip() if text is not None else ""
    if not _INTEGER.fullmatch(value):
        raise NumberError(_("%(field)s: vul een heel getal in.") % {"field": field})
    number = int(value)
    if number < minimum or number > maximum:
        raise NumberError(
            _("%(field)s: vul een getal van %(min)s tot en met %(max)s in.")
            % {"field": field, "min": minimum, "max": maximum}
        )
    return number


def parse_id(text: object) -> int | None:
    """A database id from a URL or query string: a positive bigint, or None (→ 404)."""
    try:
        return parse_int(text, "id", minimum=1)
    except NumberError:
        return None


def parse_cents(
    text: object,
    field: str,
    *,
    minimum: int = 0,
    maximum: int = MAX_CENTS,
) -> int:
    """An amount in euros as people type it, as integer cents within [minimum, maximum].

    Accepts 12, 12,5, 12,50, 12.50, 1.234,56 and a leading '€'; refuses 1e3, NaN,
    Infinity, three decimals and thousands separators in the wrong place.
    """
    value = str(text).strip() if text is not None else ""
    value = value.removeprefix("€").strip().replace(" ", "")
    match = _EUROS.fullmatch(value)
    if not match:
        raise NumberError(
            _("%(field)s: vul een bedrag in euro's in, zoals 12,50.") % {"field": field}
        )
    whole = int(match["whole"].replace(".", ""))
    cents = int((match["cents"] or "0").ljust(2, "0"))
    amount = whole * 100 + cents
    if match["sign"]:
        amount = -amount
    if amount < minimum or amount > maximum:
        raise NumberError(
            _("%(field)s: vul een bedrag van %(min)s tot en met %(max)s in.")
            % {"field": field, "min": format_euros(minimum), "max": format_euros(maximum)}
        )
    return amount


def parse_decimal(text: object, field: str, *, max_digits: int = 30) -> Decimal:
    """A finite decimal number ('12.5', '1e3' allowed here: for data files, not money)
    with at most `max_digits` digits and an exponent within ±max_digits."""
    value = str(text).strip().replace(",", ".") if text is not None else ""
    if len(value) > max_digits + 8:
        raise NumberError(_("%(field)s: dit getal is te lang.") % {"field": field})
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise NumberError(_("%(field)s: dit is geen getal.") % {"field": field}) from None
    if not number.is_finite():
        raise NumberError(_("%(field)s: dit is geen getal.") % {"field": field})
    _sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # finite
    if len(digits) > max_digits or abs(exponent) > max_digits:
        raise NumberError(_("%(field)s: dit getal is te groot of te precies.") % {"field": field})
    return number


def format_euros(cents: int) -> str:
    """1234567 → '€ 12.345,67' (Dutch notation)."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}€ {whole:,}".replace(",", ".") + f",{part:02d}"


class _ReadField(forms.CharField):
    """A text field read by one of the readers above, with bounds; empty is None."""

    default_label: StrOrPromise = ""

    def __init__(self, *, minimum: int, maximum: int, **kwargs) -> None:
        self.minimum, self.maximum = minimum, maximum
        super().__init__(**kwargs)

    def read(self, text: str, label: str) -> int:
        raise NotImplementedError

    def clean(self, value):
        text = super().clean(value)
        if text in (None, ""):
            return None
        try:
            return self.read(text, str(self.label or self.default_label))
        except NumberError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class EuroField(_ReadField):
    """A form field for an amount in euros, cleaned to integer cents (bounded)."""

    default_label = gettext_lazy("Bedrag")

    def __init__(self, *, minimum: int = 0, maximum: int = MAX_CENTS, **kwargs) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(minimum=minimum, maximum=maximum, **kwargs)

    def read(self, text: str, label: str) -> int:
        return parse_cents(text, label, minimum=self.minimum, maximum=self.maximum)


class BoundedIntegerField(_ReadField):
    """A whole-number form field with bounds (default: what a bigint column holds)."""

    default_label = gettext_lazy("Getal")

    def __init__(self, *, minimum: int = -BIGINT_MAX, maximum: int = BIGINT_MAX, **kwargs) -> None:
        kwargs.setdefault("max_length", MAX_DIGITS + 1)
        super().__init__(minimum=minimum, maximum=maximum, **kwargs)

    def read(self, text: str, label: str) -> int:
        return parse_int(text, label, minimum=self.minimum, maximum=self.maximum)
