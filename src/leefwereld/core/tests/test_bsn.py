import pytest
from hypothesis import given
from hypothesis import strategies as st

from leefwereld.core.bsn import BSN_WEIGHTS, is_valid_bsn

from .factories import valid_bsn

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


def test_it_accepts_published_example_numbers():
    # Examples whose weighted sums are worked out by hand:
    # 111222333: 9+8+7+12+10+8+9+6-3 = 66 = 6 × 11; 123456782: 154 = 14 × 11.
    assert is_valid_bsn("111222333")
    assert is_valid_bsn("123456782")


def test_it_rejects_numbers_that_fail_the_11_proef():
    assert not is_valid_bsn("111222334")
    assert not is_valid_bsn("123456789")


def test_it_rejects_wrong_lengths_letters_and_all_zeros():
    for value in ("", "12345", "1234567890", "12345678a", "000000000"):
        assert not is_valid_bsn(value)


def test_it_accepts_an_eight_digit_number_written_without_its_leading_zero():
    # 012345672: 0+8+14+18+20+20+18+14-2 = 110 = 10 × 11.
    assert is_valid_bsn("012345672")
    assert is_valid_bsn("12345672")


@given(nine_digits)
def test_the_check_agrees_with_the_weighted_sum(digits):
    weighted = sum(int(d) * w for d, w in zip(digits, BSN_WEIGHTS, strict=True))
    assert is_valid_bsn(digits) == (weighted % 11 == 0 and digits != "000000000")


@given(st.integers(min_value=0, max_value=10**6), st.integers(0, 8), st.integers(1, 9))
def test_it_detects_every_single_digit_error(n, position, delta):
    bsn = valid_bsn(n)
    changed = bsn[:position] + str((int(bsn[position]) + delta) % 10) + bsn[position + 1 :]
    # Weights 9..2 and -1 are all non-zero and below 11, so one wrong digit always shows.
    assert is_valid_bsn(bsn)
    assert not is_valid_bsn(changed)


@pytest.mark.parametrize("typed", ["²²²²²²²²²", "٣٣٣٣٣٣٣٣٣", "１１１１１１１１１"])
def test_digits_that_are_not_ascii_are_no_bsn(typed):
    assert not is_valid_bsn(typed)
