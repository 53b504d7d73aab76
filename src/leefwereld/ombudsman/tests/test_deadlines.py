"""Awb 9:11 complaint terms over Dutch holidays, worked by hand, and their invariants."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from leefwereld.rules.calendar import is_working_day
from leefwereld.rules.deadlines import klacht_deadline, klacht_keer_te_laat


def test_six_weeks_from_a_monday_is_a_monday():
    assert klacht_deadline(dt.date(2026, 11, 16)) == dt.date(2026, 12, 28)


def test_a_term_ending_on_christmas_moves_past_boxing_day_and_the_weekend():
    # Fri 13 Nov + 6 weeks = Fri 25 Dec (Kerstmis); Sat 26 Dec (tweede kerstdag), Sun 27:
    # Algemene termijnenwet art. 1 → Monday 28 December.
    assert klacht_deadline(dt.date(2026, 11, 13)) == dt.date(2026, 12, 28)


def test_a_term_ending_on_kings_day_moves_a_day():
    # Tue 16 Mar 2027 + 6 weeks = Tue 27 Apr 2027, Koningsdag → Wed 28 April.
    assert klacht_deadline(dt.date(2027, 3, 16)) == dt.date(2027, 4, 28)


def test_adjournment_adds_four_weeks():
    assert klacht_deadline(dt.date(2026, 11, 16), verdaagd=True) == dt.date(2027, 1, 25)


def test_late_counts_whole_terms_since_receipt():
    received = dt.date(2026, 11, 16)  # term of 42 days, ends 28 December
    assert klacht_keer_te_laat(received, dt.date(2026, 12, 28)) == 0
    assert klacht_keer_te_laat(received, dt.date(2026, 12, 29)) == 1
    assert klacht_keer_te_laat(received, dt.date(2027, 2, 7)) == 1  # 83 days
    assert klacht_keer_te_laat(received, dt.date(2027, 2, 8)) == 2  # 84 days
    assert klacht_keer_te_laat(received, dt.date(2027, 3, 21)) == 2  # 125 days
    assert klacht_keer_te_laat(received, dt.date(2027, 3, 22)) == 3  # 126 days


days = st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2040, 12, 31))


@given(days, st.booleans())
def test_the_deadline_is_a_working_day_at_least_the_term_after_receipt(received, extended):
    end = klacht_deadline(received, verdaagd=extended)
    weeks = 10 if extended else 6
    assert is_working_day(end)
    assert end >= received + dt.timedelta(weeks=weeks)
    # The Atw moves it by at most the weekend plus Christmas: never more than four days.
    assert end <= received + dt.timedelta(weeks=weeks, days=4)


@given(days, st.integers(min_value=0, max_value=800))
def test_lateness_never_decreases_and_is_zero_within_the_term(received, offset):
    today = received + dt.timedelta(days=offset)
    level = klacht_keer_te_laat(received, today)
    assert (level == 0) == (today <= klacht_deadline(received))
    assert klacht_keer_te_laat(received, today + dt.timedelta(days=1)) >= level
