"""The Dutch legal calendar (Algemene termijnenwet) and working-day arithmetic."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leefwereld.rules.calendar import (
    add_working_days,
    atw_applies,
    atw_extend,
    easter_sunday,
    gelijkgestelde_dagen_bekend,
    holiday_name,
    holidays,
    is_holiday,
    is_working_day,
    koningsdag,
    next_working_day,
    working_days_between,
)

D = dt.date
days = st.dates(min_value=D(1995, 1, 1), max_value=D(2150, 12, 31))


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2000, D(2000, 4, 23)),
        (2019, D(2019, 4, 21)),
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2038, D(2038, 4, 25)),
    ],
)
def test_it_computes_western_easter(year, easter):
    """Published Easter dates (Gregorian computus): 2024-03-31, 2025-04-20, 2038-04-25 …"""
    assert easter_sunday(year) == easter


def test_it_lists_every_atw_day_of_2025():
    """Hand-worked from Atw art. 3 and the gelijkstellingsbesluit Stcrt. 2022, 7812."""
    assert [(h.day, h.name) for h in holidays(2025)] == [
        (D(2025, 1, 1), "Nieuwjaarsdag"),
        (D(2025, 4, 18), "Goede Vrijdag"),
        (D(2025, 4, 21), "Tweede Paasdag"),
        (D(2025, 4, 26), "Koningsdag"),
        (D(2025, 5, 5), "Bevrijdingsdag"),
        (D(2025, 5, 29), "Hemelvaartsdag"),
        (D(2025, 5, 30), "Gelijkgestelde dag"),
        (D(2025, 6, 9), "Tweede Pinksterdag"),
        (D(2025, 12, 25), "Eerste Kerstdag"),
        (D(2025, 12, 26), "Tweede Kerstdag"),
    ]


def test_it_counts_goede_vrijdag_as_a_holiday():
    """Atw art. 3 lid 2 equates Goede Vrijdag with the holidays of lid 1."""
    assert is_holiday(D(2025, 4, 18))
    assert not is_working_day(D(2025, 4, 18))


def test_it_counts_bevrijdingsdag_every_year_not_only_lustrum_years():
    """Atw art. 3 lid 1 names ‘de vijfde mei’ without condition."""
    for year in (2023, 2024, 2025, 2026):
        assert is_holiday(D(year, 5, 5)), year
    assert not is_working_day(D(2026, 5, 5))  # a Tuesday


def test_it_does_not_count_the_first_of_may_or_christmas_eve():
    assert is_working_day(D(2025, 5, 1))
    assert is_working_day(D(2025, 12, 24))


def test_it_moves_koningsdag_to_saturday_when_the_27th_is_a_sunday():
    """27 April 2025 and 2014 were Sundays: Koningsdag was Saturday the 26th."""
    assert koningsdag(2025) == D(2025, 4, 26)
    assert koningsdag(2014) == D(2014, 4, 26)
    assert koningsdag(2026) == D(2026, 4, 27)
    assert not is_holiday(D(2025, 4, 27))


def test_it_used_koninginnedag_before_2014():
    assert koningsdag(2013) == D(2013, 4, 30)
    assert koningsdag(2006) == D(2006, 4, 29)  # 30 April 2006 was a Sunday


def test_it_knows_the_gelijkgestelde_dagen_of_the_2026_decree():
    """Stcrt. 2025, 24713: 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028, 26 mei 2028."""
    for day in (D(2026, 1, 2), D(2026, 5, 15), D(2027, 5, 7), D(2028, 4, 28), D(2028, 5, 26)):
        assert is_holiday(day)
        assert holiday_name(day) == "Gelijkgestelde dag"
    assert gelijkgestelde_dagen_bekend(2027)
    assert not gelijkgestelde_dagen_bekend(2029)


def test_it_refuses_years_outside_the_supported_range():
    with pytest.raises(ValueError, match="1900"):
        holidays(1900)


def test_it_skips_the_easter_weekend_when_adding_working_days():
    """Thursday 17 April 2025 + 1 working day: Goede Vrijdag, weekend and Tweede
    Paasdag are skipped, so Tuesday 22 April."""
    assert add_working_days(D(2025, 4, 17), 1) == D(2025, 4, 22)
    assert add_working_days(D(2025, 4, 22), -1) == D(2025, 4, 17)
    assert add_working_days(D(2025, 4, 19), 0) == D(2025, 4, 19)


def test_it_crosses_the_year_end_with_the_gelijkgestelde_second_of_january():
    """Wed 31 Dec 2025 + 1 working day: 1 Jan (Nieuwjaarsdag), 2 Jan (gelijkgesteld),
    weekend → Monday 5 January 2026."""
    assert add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 5)
    assert next_working_day(D(2026, 1, 1)) == D(2026, 1, 5)


def test_it_counts_working_days_between_two_dates():
    """Mon 22 Dec 2025 → Mon 5 Jan 2026: 23, 24, 29, 30, 31 Dec and 5 Jan."""
    assert working_days_between(D(2025, 12, 22), D(2026, 1, 5)) == 6
    assert working_days_between(D(2026, 1, 5), D(2025, 12, 22)) == -6
    assert working_days_between(D(2025, 12, 22), D(2025, 12, 22)) == 0


def test_it_extends_a_term_ending_on_a_saturday_past_easter_monday():
    """Atw art. 1, example of vdv-vh.nl: a three-day term ending on a Saturday runs
    to the Monday; when that Monday is Tweede Paasdag, to the Tuesday.
    Event Wed 16 April 2025 + 3 days = Sat 19 April → Tue 22 April."""
    result = atw_extend(D(2025, 4, 16), D(2025, 4, 19))
    assert result.end == D(2025, 4, 22)
    assert result.extended
    assert "Atw art. 1" in result.reasons[0]


def test_it_makes_a_short_term_contain_two_working_days():
    """Atw art. 2: event Wed 24 Dec 2025, three days → Sat 27 Dec → (art. 1) Mon 29
    Dec, which holds only one working day (29 Dec) → Tue 30 December 2025."""
    result = atw_extend(D(2025, 12, 24), D(2025, 12, 27))
    assert result.end == D(2025, 12, 30)
    assert any("Atw art. 2" in reason for reason in result.reasons)


def test_it_leaves_a_term_ending_on_a_working_day_alone():
    result = atw_extend(D(2025, 3, 10), D(2025, 4, 16))
    assert result.end == D(2025, 4, 16)
    assert not result.extended
    assert result.reasons == ()


def test_it_does_not_apply_the_atw_to_terms_longer_than_three_months():
    """Atw art. 4 onderdeel a."""
    assert atw_applies("weeks", 12)
    assert not atw_applies("weeks", 13)
    assert atw_applies("days", 90)
    assert not atw_applies("days", 91)
    assert not atw_applies("months", 6)
    assert not atw_applies("hours", 24)
    assert not atw_applies("years", 1)


@settings(max_examples=200, deadline=None)
@given(day=days, n=st.integers(min_value=1, max_value=300))
def test_adding_working_days_lands_on_a_working_day(day, n):
    assert is_working_day(add_working_days(day, n))
    assert is_working_day(add_working_days(day, -n))


@settings(max_examples=200, deadline=None)
@given(day=days, n=st.integers(min_value=0, max_value=300))
def test_adding_working_days_is_monotone_in_n(day, n):
    assert add_working_days(day, n) < add_working_days(day, n + 1)
    assert add_working_days(day, -n - 1) < add_working_days(day, -n)


@settings(max_examples=200, deadline=None)
@given(day=days, n=st.integers(min_value=-300, max_value=300))
def test_working_days_between_inverts_adding_working_days(day, n):
    assert working_days_between(day, add_working_days(day, n)) == n


@settings(max_examples=100, deadline=None)
@given(day=days)
def test_next_working_day_is_the_first_working_day_on_or_after(day):
    result = next_working_day(day)
    assert is_working_day(result)
    assert all(not is_working_day(day + dt.timedelta(days=i)) for i in range((result - day).days))


@settings(max_examples=200, deadline=None)
@given(start=days, length=st.integers(min_value=1, max_value=90))
def test_the_atw_never_shortens_a_term_and_ends_on_a_working_day(start, length):
    end = start + dt.timedelta(days=length)
    result = atw_extend(start, end)
    assert result.end >= end
    assert is_working_day(result.end)
    if length >= 3:
        assert working_days_between(start, result.end) >= 2
