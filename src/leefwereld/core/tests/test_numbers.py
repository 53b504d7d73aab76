"""The one safe way to read numbers, ids and money: bounded, no floats, no isdigit()."""

from __future__ import annotations

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from leefwereld.core.numbers import (
    BIGINT_MAX,
    MAX_CENTS,
    EuroField,
    NumberError,
    format_euros,
    parse_cents,
    parse_decimal,
    parse_id,
    parse_int,
)


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("12", 1200),
        ("12,5", 1250),
        ("12,50", 1250),
        ("12.50", 1250),
        ("1.234,56", 123456),
        ("€ 12,50", 1250),
        ("0,01", 1),
        (" 7 ", 700),
    ],
)
def test_it_reads_amounts_as_people_type_them(typed, cents):
    assert parse_cents(typed, "Bedrag") == cents


@pytest.mark.parametrize(
    "typed",
    [
        "1e3",
        "NaN",
        "Infinity",
        "-Infinity",
        "12,345",
        "1,2,3",
        "",
        "€",
        "12.34.5",
        "²",
        "٣",
        "0x10",
    ],
)
def test_it_refuses_what_is_not_an_amount_naming_the_field(typed):
    with pytest.raises(NumberError, match="Bedrag"):
        parse_cents(typed, "Bedrag")


def test_amounts_are_bounded_and_negative_only_when_allowed():
    with pytest.raises(NumberError):
        parse_cents("99999999999999999999999999", "Bedrag")  # 26 digits
    with pytest.raises(NumberError):
        parse_cents(str(MAX_CENTS // 100 + 1), "Bedrag")
    with pytest.raises(NumberError):
        parse_cents("-5", "Bedrag")
    assert parse_cents("-5", "Bedrag", minimum=-1000) == -500


@given(st.integers(min_value=0, max_value=MAX_CENTS))
def test_a_formatted_amount_reads_back_to_the_same_cents(cents):
    assert parse_cents(format_euros(cents), "Bedrag") == cents


@given(st.text(max_size=40))
def test_any_text_is_an_amount_within_bounds_or_a_clear_refusal(text):
    try:
        cents = parse_cents(text, "Bedrag")
    except NumberError as error:
        assert "Bedrag" in str(error)
    else:
        assert isinstance(cents, int) and 0 <= cents <= MAX_CENTS


@given(st.text(max_size=60))
def test_any_text_is_a_bounded_integer_or_a_clear_refusal(text):
    try:
        number = parse_int(text, "Aantal", minimum=0, maximum=1000)
    except NumberError as error:
        assert "Aantal" in str(error)
    else:
        assert 0 <= number <= 1000


@pytest.mark.parametrize(
    "typed", ["²", "٣", "1" * 40, str(BIGINT_MAX + 1), "1.0", " ", "+", "1_000"]
)
def test_ids_are_positive_bigints_of_ascii_digits(typed):
    assert parse_id(typed) is None


def test_an_id_reads_back():
    assert parse_id("42") == 42
    assert parse_id(str(BIGINT_MAX)) == BIGINT_MAX


@pytest.mark.parametrize("typed", ["1e400", "1e999999", "NaN", "inf", "9" * 40, "abc"])
def test_decimals_in_data_files_are_finite_and_bounded(typed):
    with pytest.raises(NumberError):
        parse_decimal(typed, "budget")


def test_a_decimal_in_a_data_file_may_use_an_exponent_or_a_comma():
    assert parse_decimal("1e3", "budget") == 1000
    assert parse_decimal("12,5", "budget") == parse_decimal("12.5", "budget")


def test_the_euro_field_cleans_to_cents_and_names_itself():
    field = EuroField(label="Aflossing")
    assert field.clean("12,50") == 1250
    assert EuroField(label="Bijdrage", required=False).clean("") is None

    with pytest.raises(forms.ValidationError, match="Aflossing"):
        field.clean("1e3")
