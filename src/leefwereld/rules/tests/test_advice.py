"""The college's answer deadline and the recommendation / implementation tables (issue 19)."""

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leefwereld.rules import advice
from leefwereld.rules.advice import (
    IMPLEMENTATION_START,
    IMPLEMENTATION_TRANSITIONS,
    RECOMMENDATION_TRANSITIONS,
    ImplementationStatus,
    RecommendationStatus,
)
from leefwereld.rules.calendar import is_working_day, working_days_between


def test_ten_working_days_over_christmas_and_new_year_end_on_5_january_2027():
    # Hand-worked: from Friday 18 December 2026, skipping 25/26 December (Friday/Saturday),
    # the weekends and New Year's Day (Friday 1 January 2027): 21–24, 28–31 Dec, 4, 5 Jan.
    assert advice.answer_due(dt.date(2026, 12, 18), 10) == dt.date(2027, 1, 5)


def test_three_working_days_over_easter_2027_skip_good_friday_and_easter_monday():
    # Easter Sunday 28 March 2027: Goede Vrijdag 26 March (Atw art. 3 lid 2), Paasmaandag 29.
    assert advice.answer_due(dt.date(2027, 3, 24), 3) == dt.date(2027, 3, 31)


def test_an_answer_on_the_last_day_is_on_time_and_a_day_later_is_late():
    due = dt.date(2027, 1, 5)
    assert not advice.is_late(due, dt.date(2027, 1, 5), today=dt.date(2027, 2, 1))
    assert advice.is_late(due, dt.date(2027, 1, 6), today=dt.date(2027, 1, 6))


def test_without_an_answer_it_is_late_only_after_the_last_day():
    due = dt.date(2027, 1, 5)
    assert not advice.is_late(due, None, today=due)
    assert advice.is_late(due, None, today=dt.date(2027, 1, 6))


@pytest.mark.parametrize("days", [0, -1, advice.MAX_ANSWER_WORKING_DAYS + 1])
def test_a_term_outside_one_to_the_maximum_is_refused(days):
    with pytest.raises(ValueError):
        advice.answer_due(dt.date(2027, 1, 5), days)


@given(
    received=st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31)),
    days=st.integers(1, advice.MAX_ANSWER_WORKING_DAYS),
)
def test_the_due_day_is_a_working_day_exactly_n_working_days_later(received, days):
    due = advice.answer_due(received, days)
    assert is_working_day(due)
    assert working_days_between(received, due) == days
    assert advice.working_days_left(due, received) == days


@given(
    received=st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31)),
    days=st.integers(1, 60),
    offset=st.integers(-100, 100),
)
def test_late_exactly_when_answered_after_the_due_day(received, days, offset):
    due = advice.answer_due(received, days)
    answered = due + dt.timedelta(days=offset)
    assert advice.is_late(due, answered, today=answered) == (answered > due)


def _walks(table, start):
    """Random walks through a table: each step an allowed successor."""
    return st.lists(st.integers(0, 10), max_size=12).map(lambda picks: _walk(table, start, picks))


def _walk(table, start, picks):
    path = [start]
    for pick in picks:
        options = sorted(table[path[-1]])
        if not options:
            break
        path.append(options[pick % len(options)])
    return path


def test_every_status_is_in_the_tables_and_points_only_at_known_statuses():
    for table, enum in (
        (RECOMMENDATION_TRANSITIONS, RecommendationStatus),
        (IMPLEMENTATION_TRANSITIONS, ImplementationStatus),
    ):
        assert set(table) == set(enum)
        assert all(targets <= set(enum) for targets in table.values())


def test_every_status_is_reachable_and_the_ends_are_final():
    assert advice.reachable(RECOMMENDATION_TRANSITIONS, RecommendationStatus.DRAFT) == set(
        RecommendationStatus
    )
    assert advice.reachable(IMPLEMENTATION_TRANSITIONS, IMPLEMENTATION_START) == set(
        ImplementationStatus
    )
    assert not RECOMMENDATION_TRANSITIONS[RecommendationStatus.ANSWERED]
    assert not IMPLEMENTATION_TRANSITIONS[ImplementationStatus.DONE]
    assert not IMPLEMENTATION_TRANSITIONS[ImplementationStatus.STOPPED]


@given(_walks(RECOMMENDATION_TRANSITIONS, RecommendationStatus.DRAFT))
def test_no_recommendation_reaches_the_college_without_the_members_adopting_it(path):
    # Whatever the order of steps, "published" is only reached through "final" (a vote).
    for before, after in itertools.pairwise(path):
        assert advice.may_move(RECOMMENDATION_TRANSITIONS, before, after)
        if after == RecommendationStatus.PUBLISHED:
            assert before == RecommendationStatus.FINAL
        if after == RecommendationStatus.FINAL:
            assert before == RecommendationStatus.VOTING
    # Once answered, nothing moves any more.
    if RecommendationStatus.ANSWERED in path:
        assert path[-1] == RecommendationStatus.ANSWERED


@given(st.sampled_from(list(RecommendationStatus)), st.sampled_from(list(RecommendationStatus)))
def test_a_step_is_allowed_exactly_when_the_table_lists_it(current, new):
    allowed = advice.may_move(RECOMMENDATION_TRANSITIONS, current, new)
    assert allowed == (new in RECOMMENDATION_TRANSITIONS[current])
    # Never backwards from the college's hands into the panel's.
    if current in (RecommendationStatus.PUBLISHED, RecommendationStatus.ANSWERED):
        assert not allowed or new == RecommendationStatus.ANSWERED


@given(_walks(IMPLEMENTATION_TRANSITIONS, IMPLEMENTATION_START), st.integers(-50, 150))
def test_implementation_never_leaves_done_or_stopped_and_progress_stays_in_range(path, pct):
    for before, after in itertools.pairwise(path):
        assert before not in (ImplementationStatus.DONE, ImplementationStatus.STOPPED)
        assert advice.may_move(IMPLEMENTATION_TRANSITIONS, before, after)
    shown = advice.progress_after(path[-1], pct)
    assert 0 <= shown <= 100
    assert (shown == 100) == (path[-1] == ImplementationStatus.DONE)
