"""Money in integer cents: exact arithmetic, one documented rounding rule.

Every percentage in the rules is applied with :func:`apply_ratio`, which rounds
half up to whole cents (0.5 cent goes up). The same formula is used for NumPy
arrays, so the batch and per-household calculations agree to the cent.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import numpy.typing as npt


def apply_ratio(cents: int, ratio: Fraction) -> int:
    """``cents × ratio`` rounded half up to whole cents (for non-negative amounts).

    Example: 95 % of € 1.401,50 is 1331.425 cents-euro → € 1.331,43.
    """
    if cents < 0 or ratio < 0:
        raise ValueError("apply_ratio is defined for non-negative amounts and ratios")
    num, den = ratio.numerator, ratio.denominator
    return (2 * cents * num + den) // (2 * den)


def apply_ratio_array(cents: npt.NDArray[np.int64], ratio: Fraction) -> npt.NDArray[np.int64]:
    """The vectorised twin of :func:`apply_ratio` (same integer formula)."""
    num, den = ratio.numerator, ratio.denominator
    result: npt.NDArray[np.int64] = (2 * cents * num + den) // (2 * den)
    return result


def format_euro(cents: int) -> str:
    """Dutch notation: ``€ 1.331,43``; negative amounts as ``-€ 12,00``."""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    grouped = f"{euros:,}".replace(",", ".")
    return f"{sign}€ {grouped},{rest:02d}"


def format_percentage(ratio: Fraction, decimals: int = 2) -> str:
    """Dutch notation for a ratio: ``Fraction(95, 100)`` → ``95 %``, ``0.4567`` → ``45,67 %``."""
    percent = ratio * 100
    if percent.denominator == 1:
        return f"{percent.numerator} %"
    scaled = round(percent * 10**decimals)
    whole, frac = divmod(abs(scaled), 10**decimals)
    sign = "-" if scaled < 0 else ""
    return f"{sign}{whole},{frac:0{decimals}d} %"
