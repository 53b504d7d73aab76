"""User-facing text for explanations, behind a small translation hook.

The kernel must not import Django, so the strings go through :func:`_` and
:func:`ngettext` defined here. The web layer can call :func:`use_translator`
with Django's ``gettext``/``ngettext`` at start-up; until then the Dutch
source text is returned as is.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from fractions import Fraction

_gettext: Callable[[str], str] = lambda message: message  # noqa: E731
_ngettext: Callable[[str, str, int], str] = lambda one, many, n: one if n == 1 else many  # noqa: E731


def use_translator(gettext: Callable[[str], str], ngettext: Callable[[str, str, int], str]) -> None:
    """Route every message through the given translation functions."""
    global _gettext, _ngettext
    _gettext = gettext
    _ngettext = ngettext


def _(message: str) -> str:
    return _gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _ngettext(singular, plural, n)


CURRENCY_SYMBOLS = {"EUR": "€", "PLN": "zł", "CHF": "CHF", "GBP": "£", "USD": "$"}


def _group_thousands(digits: str) -> str:
    # Dutch style: 1.234.567
    out = []
    while len(digits) > 3:
        out.append(digits[-3:])
        digits = digits[:-3]
    out.append(digits)
    return ".".join(reversed(out))


def money(
    value: Fraction | int, currency: str = "EUR", cents: bool | None = None, up: bool = False
) -> str:
    """``€ 1.200`` or ``€ 4,17``. ``cents=None``: show cents only when there are any.

    ``up=True`` rounds up to whole units (for "it had to be this much cheaper").
    """
    amount = Decimal(Fraction(value).numerator) / Decimal(Fraction(value).denominator)
    if up:
        amount = amount.to_integral_value(rounding=ROUND_CEILING)
        cents = False
    else:
        amount = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if cents is None:
            cents = amount != amount.to_integral_value()
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    whole = int(amount)
    text = _group_thousands(str(whole))
    if cents:
        fraction = int((amount - whole) * 100)
        text += f",{fraction:02d}"
    symbol = CURRENCY_SYMBOLS.get(currency.upper(), currency.upper())
    return f"{sign}{symbol} {text}"


def count(n: int) -> str:
    return _group_thousands(str(n))
