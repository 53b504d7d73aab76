"""Integer-cent arithmetic and Dutch money notation."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from leefwereld.rules.money import apply_ratio, apply_ratio_array, format_euro, format_percentage


def test_it_rounds_half_a_cent_up():
    assert apply_ratio(1, Fraction(1, 2)) == 1  # 0.5 → 1
    assert apply_ratio(3, Fraction(1, 2)) == 2  # 1.5 → 2
    assert apply_ratio(136906, Fraction(95, 100)) == 130061  # 130060.7
    assert apply_ratio(136906, Fraction(5, 100)) == 6845  # 6845.3


def test_it_refuses_negative_amounts():
    with pytest.raises(ValueError, match="non-negative"):
        apply_ratio(-1, Fraction(1, 2))


@given(
    cents=st.integers(min_value=0, max_value=10**12),
    ratio=st.fractions(min_value=0, max_value=10, max_denominator=10_000),
)
def test_the_array_version_rounds_identically(cents, ratio):
    array = np.array([cents], dtype=np.int64)
    assert apply_ratio_array(array, ratio)[0] == apply_ratio(cents, ratio)


def test_it_writes_euros_the_dutch_way():
    assert format_euro(140150) == "€ 1.401,50"
    assert format_euro(5) == "€ 0,05"
    assert format_euro(123456789) == "€ 1.234.567,89"
    assert format_euro(-1200) == "-€ 12,00"


def test_it_writes_percentages_the_dutch_way():
    assert format_percentage(Fraction(95, 100)) == "95 %"
    assert format_percentage(Fraction(22221, 100000)) == "22,22 %"
