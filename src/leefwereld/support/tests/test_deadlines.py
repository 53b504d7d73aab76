"""The dashboard's use of the legal deadline rules, with hand-worked examples.

Hand-worked examples (counted on a 2024/2025/2026 calendar; holidays per the Algemene
termijnenwet art. 3 and the gelijkgestelde dagen of Stcrt. 2022, 7812 and 2025, 24713):

* Onderzoek, Wmo 2015 art. 2.3.2 lid 1: melding Wed 13 Nov 2024 + 6 weeks = Wed 25 Dec
  (Eerste Kerstdag) → Thu 26 Dec (Tweede Kerstdag) → Fri 27 Dec 2024 (gelijkgestelde
  dag) → weekend → Mon 30 Dec 2024 (Atw art. 1 lid 1).
* Beschikking, Wmo 2015 art. 2.3.5 lid 2: aanvraag Wed 11 Dec 2024 + 2 weeks = 25 Dec →
  likewise Mon 30 Dec 2024. On Mon 23 Dec: 7 calendar days left, but only 2 working days
  (Tue 24 and Mon 30 Dec).
* Bezwaar, Awb 6:7/6:8: bekendmaking Thu 13 Nov 2025 + 6 weeks = Thu 25 Dec 2025 → Fri 26
  Dec (Tweede Kerstdag) → weekend → Mon 29 Dec 2025.
* Own plan, Wmo 2015 art. 2.3.2 lid 2: melding Fri 26 Dec 2025 + 7 days = Fri 2 Jan 2026,
  a gelijkgestelde dag (Stcrt. 2025, 24713) → weekend → Mon 5 Jan 2026, across the year end.
"""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from leefwereld import rules
from leefwereld.support.deadlines import (
    BESCHIKKING,
    BEZWAAR,
    ONDERZOEK,
    OWN_PLAN,
    CaseDates,
    dashboard,
    running_deadlines,
)

D = datetime.date


def codes(rows):
    return [r.code for r in rows]


def test_the_onderzoek_term_moves_past_christmas_and_the_bridging_day():
    case = CaseDates(1, received_on=D(2024, 11, 13))
    (row,) = [r for r in running_deadlines(case, D(2024, 12, 1)) if r.code == ONDERZOEK]
    assert row.deadline == D(2024, 12, 30)
    assert row.article == "Wmo 2015 art. 2.3.2 lid 1"


def test_the_beschikking_term_counts_calendar_days_and_shows_working_days_next_to_them():
    case = CaseDates(
        1,
        received_on=D(2024, 10, 1),
        report_shared_on=D(2024, 11, 1),
        application_id=5,
        application_received_on=D(2024, 12, 11),
    )
    (row,) = running_deadlines(case, D(2024, 12, 23))
    assert row.code == BESCHIKKING
    assert row.deadline == D(2024, 12, 30)
    assert (row.days_left, row.working_days_left) == (7, 2)
    assert not row.counts_working_days and row.primary_days_left == 7
    assert row.soon and not row.overdue


def test_the_bezwaar_window_ends_after_the_christmas_days_of_2025():
    case = CaseDates(
        1,
        received_on=D(2025, 9, 1),
        report_shared_on=D(2025, 10, 1),
        application_received_on=D(2025, 11, 1),
        decision_sent_on=D(2025, 11, 13),
    )
    (row,) = running_deadlines(case, D(2025, 12, 1))
    assert (row.code, row.deadline) == (BEZWAAR, D(2025, 12, 29))
    assert not row.team_duty  # the resident's window, never "late" for the team


def test_the_own_plan_window_crosses_the_year_end():
    (row, _onderzoek) = running_deadlines(
        CaseDates(1, received_on=D(2025, 12, 26)), D(2025, 12, 27)
    )
    assert (row.code, row.deadline) == (OWN_PLAN, D(2026, 1, 5))


def test_a_late_onderzoek_is_highlighted_and_sorted_first():
    late = CaseDates(1, received_on=D(2024, 11, 13))
    fresh = CaseDates(2, received_on=D(2024, 12, 30))
    rows = dashboard([fresh, late], D(2025, 1, 2))
    assert rows[0].melding_id == 1 and rows[0].overdue and rows[0].days_late == 3
    assert not any(r.overdue for r in rows if r.melding_id == 2)


def test_finished_steps_have_no_running_term():
    case = CaseDates(
        1,
        received_on=D(2025, 1, 6),
        report_shared_on=D(2025, 2, 1),
        own_plan_received_on=D(2025, 1, 8),
        application_received_on=D(2025, 2, 3),
        decision_sent_on=D(2025, 2, 10),
        objection_received_on=D(2025, 3, 1),
    )
    assert running_deadlines(case, D(2025, 3, 2)) == []
    assert running_deadlines(CaseDates(2, D(2025, 1, 6), closed=True), D(2025, 1, 7)) == []


days = st.dates(min_value=D(2016, 1, 1), max_value=D(2028, 12, 31))


@settings(max_examples=200, deadline=None)
@given(start=days, offset=st.integers(min_value=-30, max_value=80))
def test_every_row_agrees_with_the_rules_package(start, offset):
    today = start + datetime.timedelta(days=offset)
    case = CaseDates(
        1,
        received_on=start,
        application_received_on=start,
        decision_sent_on=None,
    )
    for row in running_deadlines(case, today):
        status = rules.deadline_status(row.code, row.start, today)
        assert row.deadline == status.deadline
        assert row.days_left == (row.deadline - today).days
        assert row.working_days_left == rules.working_days_between(today, row.deadline)
        # Atw art. 1: a term never ends on a weekend or holiday.
        assert rules.is_working_day(row.deadline)
        # Never earlier than the plain count of weeks or days.
        plain = {ONDERZOEK: 42, BESCHIKKING: 14, OWN_PLAN: 7}[row.code]
        assert row.deadline >= start + datetime.timedelta(days=plain)
        # The Atw extension is short: at most one long weekend plus holidays.
        assert row.deadline <= start + datetime.timedelta(days=plain + 6)
        assert row.overdue == (row.team_duty and today > row.deadline)


@settings(max_examples=200, deadline=None)
@given(sent=days, offset=st.integers(min_value=0, max_value=60))
def test_the_bezwaar_row_is_the_awb_term_and_disappears_once_over(sent, offset):
    today = sent + datetime.timedelta(days=offset)
    case = CaseDates(1, received_on=sent, report_shared_on=sent, decision_sent_on=sent)
    rows = [r for r in running_deadlines(case, today) if r.code == BEZWAAR]
    end = rules.bezwaartermijn_einde(sent)
    assert bool(rows) == (today <= end)
    if rows:
        assert rows[0].deadline == end and rules.is_working_day(end)


@settings(max_examples=100, deadline=None)
@given(
    year=st.integers(min_value=2016, max_value=2028), day=st.integers(min_value=25, max_value=31)
)
def test_terms_started_in_late_december_end_in_january_on_a_working_day(year, day):
    start = D(year, 12, day)
    for code in (ONDERZOEK, BESCHIKKING, OWN_PLAN, BEZWAAR):
        end = rules.compute_deadline(code, start).end
        assert end.year == year + 1
        assert rules.is_working_day(end)
        assert end.weekday() < 5 and not rules.is_holiday(end)


# --- an independent, hand-built calendar as a second opinion ------------------------------
#
# Written out by hand from the law, not taken from the rules package: Easter Sundays from
# the published church calendar, the fixed days of Atw art. 3 lid 1, Goede Vrijdag (lid 2)
# and the gelijkgestelde dagen of Stcrt. 2022, 7812 and Stcrt. 2025, 24713 (lid 3). The
# decrees before 2023 are not in the rules package either, so the comparison runs over
# 2023–2028, the years both calendars are complete for.

EASTER = {
    2023: D(2023, 4, 9),
    2024: D(2024, 3, 31),
    2025: D(2025, 4, 20),
    2026: D(2026, 4, 5),
    2027: D(2027, 3, 28),
    2028: D(2028, 4, 16),
    2029: D(2029, 4, 1),
}
EQUATED = {
    D(2023, 4, 28), D(2023, 5, 19), D(2024, 5, 10), D(2024, 12, 27), D(2025, 5, 30),
    D(2026, 1, 2), D(2026, 5, 15), D(2027, 5, 7), D(2028, 4, 28), D(2028, 5, 26),
}  # fmt: skip
TERM_DAYS = {ONDERZOEK: 42, BESCHIKKING: 14, OWN_PLAN: 7, BEZWAAR: 42}


def _hand_holidays(year):
    easter = EASTER[year]
    kings_day = D(year, 4, 27) if D(year, 4, 27).weekday() != 6 else D(year, 4, 26)
    days = {D(year, 1, 1), D(year, 5, 5), D(year, 12, 25), D(year, 12, 26), kings_day}
    days |= {easter + datetime.timedelta(days=n) for n in (-2, 1, 39, 50)}
    return days | {d for d in EQUATED if d.year == year}


def _ordinary(day):
    return day.weekday() < 5 and day not in _hand_holidays(day.year)


def _hand_deadline(start, days):
    """Atw art. 1 lid 1 (move past weekend/holiday) and art. 2 (two ordinary days)."""
    end = start + datetime.timedelta(days=days)
    while True:
        while not _ordinary(end):
            end += datetime.timedelta(days=1)
        span = (start + datetime.timedelta(days=n) for n in range(1, (end - start).days + 1))
        if sum(_ordinary(d) for d in span) >= 2:
            return end
        end += datetime.timedelta(days=1)


def test_the_hand_built_calendar_reproduces_the_hand_worked_examples():
    assert _hand_deadline(D(2024, 11, 13), 42) == D(2024, 12, 30)
    assert _hand_deadline(D(2024, 12, 11), 14) == D(2024, 12, 30)
    assert _hand_deadline(D(2025, 11, 13), 42) == D(2025, 12, 29)
    assert _hand_deadline(D(2025, 12, 26), 7) == D(2026, 1, 5)


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=D(2023, 1, 1), max_value=D(2028, 10, 31)),
    code=st.sampled_from(sorted(TERM_DAYS)),
)
def test_every_deadline_rule_matches_the_hand_built_calendar(start, code):
    assert rules.compute_deadline(code, start).end == _hand_deadline(start, TERM_DAYS[code])


def test_every_rule_across_every_year_end_and_easter_matches_the_hand_built_calendar():
    """Exhaustive over the hard weeks: every start from 10 Dec to 10 Jan and the four
    weeks around Easter, 2023–2028, for every rule."""
    starts = []
    for year in range(2023, 2028):
        starts += [D(year, 12, 10) + datetime.timedelta(days=n) for n in range(32)]
    for year in range(2023, 2029):
        starts += [EASTER[year] - datetime.timedelta(days=n) for n in range(-7, 50)]
    for start in starts:
        for code, days in TERM_DAYS.items():
            assert rules.compute_deadline(code, start).end == _hand_deadline(start, days), (
                code,
                start,
            )
