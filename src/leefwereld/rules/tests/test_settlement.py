"""Settlement offers, the split over creditors, and forgiveness."""

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leefwereld.rules.settlement import (
    creditor_percentage,
    default_term_months,
    forgiveness,
    settlement_offer,
    split_offer,
)


def test_it_offers_eighteen_months_of_capacity():
    """€ 123,45 a month × 18 = € 2.222,10 on € 10.000 debt → 22,221 %."""
    offer = settlement_offer(12345, 1_000_000)
    assert offer.offer == 222210
    assert offer.percentage == Fraction(22221, 100000)
    assert offer.forgiven == 1_000_000 - 222210


def test_it_never_offers_more_than_the_debt():
    offer = settlement_offer(50000, 300000, term_months=18)
    assert offer.offer == 300000
    assert offer.percentage == 1
    assert offer.forgiven == 0


def test_it_offers_nothing_without_capacity():
    assert creditor_percentage(0, 500000) == 0


def test_it_uses_36_months_before_and_18_from_july_2023():
    """NVVK advice of 20 April 2023: 18 months for Msnp-regelingen from 1 July 2023."""
    assert default_term_months(dt.date(2023, 6, 30)) == 36
    assert default_term_months(dt.date(2023, 7, 1)) == 18


def test_it_allows_a_debt_fund_term_up_to_180_months():
    assert settlement_offer(10000, 5_000_000, term_months=180).offer == 1_800_000
    with pytest.raises(ValueError, match="term_months"):
        settlement_offer(10000, 5_000_000, term_months=181)
    with pytest.raises(ValueError, match="term_months"):
        settlement_offer(10000, 5_000_000, term_months=0)


def test_it_rejects_negative_amounts():
    with pytest.raises(ValueError, match="afloscapaciteit"):
        settlement_offer(-1, 100)
    with pytest.raises(ValueError, match="total_debt"):
        settlement_offer(1, -100)


def test_it_splits_an_offer_by_largest_remainder():
    """€ 10,00 over three equal claims of € 10,00: 333,33… each → 333 + 333 + 333 and the
    cent left goes to the largest remainder; ties to the larger claim, then the earlier
    creditor."""
    assert split_offer(1000, [1000, 1000, 1000]) == [334, 333, 333]
    assert split_offer(1000, [333, 333, 334]) == [333, 333, 334]
    assert split_offer(100, [50, 30, 20]) == [50, 30, 20]
    assert split_offer(10, [7, 7, 1]) == [5, 5, 0]


def test_it_gives_every_creditor_nothing_when_there_is_nothing():
    assert split_offer(0, [0, 0]) == [0, 0]
    assert split_offer(0, [100, 200]) == [0, 0]
    assert split_offer(0, []) == []


def test_it_refuses_to_offer_more_than_the_claims():
    with pytest.raises(ValueError, match="groter"):
        split_offer(301, [100, 200])
    with pytest.raises(ValueError, match="negatief"):
        split_offer(10, [20, -5])


@settings(max_examples=500, deadline=None)
@given(
    claims=st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=30),
    fraction=st.fractions(min_value=0, max_value=1),
)
def test_a_split_sums_exactly_and_no_share_exceeds_its_claim(claims, fraction):
    total = sum(claims)
    offer = total * fraction.numerator // fraction.denominator
    shares = split_offer(offer, claims)
    assert sum(shares) == offer
    assert all(0 <= share <= claim for share, claim in zip(shares, claims, strict=True))
    # Each share is within one cent of the exact pro-rata share.
    if total:
        assert all(
            abs(Fraction(share) - Fraction(offer * claim, total)) < 1
            for share, claim in zip(shares, claims, strict=True)
        )


def test_it_forgives_a_share_of_the_remaining_debt_rounding_down():
    """25 % of € 1.000,01 = 250,0025 → € 250,00 (rounded down)."""
    result = forgiveness(100001, Fraction(1, 4))
    assert result.amount == 25000
    assert result.remaining_after == 75001
    assert not result.capped


def test_it_caps_the_total_forgiveness():
    result = forgiveness(100000, Fraction(1, 2), already_forgiven=80000, cap=100000)
    assert result.amount == 20000
    assert result.total_forgiven_after == 100000
    assert result.capped
    assert forgiveness(100000, Fraction(1, 2), already_forgiven=120000, cap=100000).amount == 0


def test_it_rejects_a_share_outside_zero_and_one():
    with pytest.raises(ValueError, match="share"):
        forgiveness(1000, Fraction(3, 2))


@settings(max_examples=300, deadline=None)
@given(
    remaining=st.integers(min_value=0, max_value=10**9),
    share=st.fractions(min_value=0, max_value=1),
    already=st.integers(min_value=0, max_value=10**9),
    cap=st.none() | st.integers(min_value=0, max_value=2 * 10**9),
)
def test_forgiveness_never_exceeds_the_debt_the_share_or_the_cap(remaining, share, already, cap):
    result = forgiveness(remaining, share, already_forgiven=already, cap=cap)
    assert 0 <= result.amount <= remaining
    assert result.amount <= remaining * share
    assert result.remaining_after == remaining - result.amount
    if cap is not None:
        assert result.amount <= max(0, cap - already)
