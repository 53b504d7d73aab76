"""The fund's four-week promise from registration, phase by phase, over holidays."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leefwereld.rules import fund_promise as fp
from leefwereld.rules.calendar import is_working_day, working_days_between

D = dt.date


def test_sf_000054_registered_in_july_2025_is_promised_by_8_august_not_1_september():
    # Sunday 13-07-2025; no holidays in the next four weeks: 20 working days = 08-08-2025.
    deadlines = fp.phase_deadlines(D(2025, 7, 13))
    assert deadlines == {
        fp.FIRST_CONVERSATION: D(2025, 7, 16),  # Mon 14, Tue 15, Wed 16
        fp.INVENTORY: D(2025, 7, 25),
        fp.OFFER: D(2025, 8, 1),
        fp.TAKEOVER: D(2025, 8, 8),
    }


def test_christmas_and_new_year_move_the_deadlines_by_the_days_the_office_is_closed():
    # Registered Monday 14-12-2026. Worked by hand:
    # 15, 16, 17 -> first conversation Thu 17-12;
    # 18, 21, 22, 23, 24, (25, 26 Christmas; weekend) 28, 29 -> inventory Tue 29-12;
    # 30, 31, (1-1 Nieuwjaarsdag) 4, 5, 6 -> offer Wed 06-01-2027;
    # 7, 8, 11, 12, 13 -> takeover Wed 13-01-2027 (28 calendar days would be 11-01).
    assert fp.phase_deadlines(D(2026, 12, 14)) == {
        fp.FIRST_CONVERSATION: D(2026, 12, 17),
        fp.INVENTORY: D(2026, 12, 29),
        fp.OFFER: D(2027, 1, 6),
        fp.TAKEOVER: D(2027, 1, 13),
    }


def test_easter_kings_day_and_liberation_day_2026():
    # Registered Wed 01-04-2026: 2-4, (3-4 Goede Vrijdag gelijkgesteld, 6-4 Tweede
    # Paasdag) 7-4, 8-4 -> first conversation 08-04; ... 27-4 Koningsdag skipped ->
    # takeover Mon 04-05-2026 (5 May, Bevrijdingsdag, would not count either).
    deadlines = fp.phase_deadlines(D(2026, 4, 1))
    assert deadlines[fp.FIRST_CONVERSATION] == D(2026, 4, 8)
    assert deadlines[fp.INVENTORY] == D(2026, 4, 17)
    assert deadlines[fp.OFFER] == D(2026, 4, 24)
    assert deadlines[fp.TAKEOVER] == D(2026, 5, 4)


def test_the_fast_route_for_children_halves_the_clock():
    # 14-12-2026 with FAST_DAYS (2, 3, 3, 2 = 10 working days): 15, 16 | 17, 18, 21 |
    # 22, 23, 24 | 28, 29 -> takeover Tue 29-12-2026.
    deadlines = fp.phase_deadlines(D(2026, 12, 14), fp.FAST_DAYS)
    assert deadlines[fp.FIRST_CONVERSATION] == D(2026, 12, 16)
    assert deadlines[fp.TAKEOVER] == D(2026, 12, 29)
    assert sum(fp.FAST_DAYS.values()) * 2 == sum(fp.DEFAULT_DAYS.values()) == 20


def test_a_phase_done_late_and_the_current_phase_running_late_are_both_shown():
    rows = fp.against_deadlines(
        D(2025, 7, 13),
        {fp.FIRST_CONVERSATION: D(2025, 7, 15), fp.INVENTORY: D(2025, 7, 28)},
        today=D(2025, 8, 5),
    )
    first, inventory, offer, takeover = rows
    assert first.done and not first.late and first.days_left == 1
    assert inventory.late and inventory.days_left == -1  # Fri 25 -> Mon 28
    assert fp.current(rows) is offer
    assert offer.late and offer.days_left == -2  # Fri 01-08 -> Tue 05-08
    assert not takeover.late and takeover.days_left == 3


def test_a_split_without_a_phase_or_with_zero_days_is_refused():
    with pytest.raises(ValueError, match="minstens één werkdag"):
        fp.phase_deadlines(D(2025, 7, 13), {fp.FIRST_CONVERSATION: 3})
    with pytest.raises(ValueError, match="minstens één werkdag"):
        fp.phase_deadlines(D(2025, 7, 13), {**fp.DEFAULT_DAYS, fp.OFFER: 0})


@given(
    st.dates(D(2024, 1, 1), D(2028, 12, 31)),
    st.fixed_dictionaries({p: st.integers(1, 15) for p in fp.PHASES}),
)
def test_deadlines_are_working_days_in_order_and_add_up_to_the_promise(registered, days):
    deadlines = fp.phase_deadlines(registered, days)
    dates = [deadlines[p] for p in fp.PHASES]
    assert dates == sorted(dates) and len(set(dates)) == 4
    assert all(is_working_day(day) for day in dates)
    assert working_days_between(registered, deadlines[fp.TAKEOVER]) == sum(days.values())
    assert fp.promise_due(registered, days) == deadlines[fp.TAKEOVER]
