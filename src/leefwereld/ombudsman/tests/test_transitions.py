"""The complaint transition table: no illegal transition is reachable."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leefwereld.ombudsman.transitions import (
    FINAL_STATES,
    TABLE,
    Event,
    IllegalTransition,
    State,
    allowed_events,
    next_state,
)

events = st.lists(st.sampled_from(list(Event)), max_size=40)


@given(events)
def test_a_complaint_only_ever_moves_along_the_table(sequence):
    state = State.RECEIVED
    for event in sequence:
        if (state, event) in TABLE:
            after = next_state(state, event)
            assert after == TABLE[(state, event)]
            state = after
        else:
            with pytest.raises(IllegalTransition):
                next_state(state, event)
    assert state in set(State)


@given(events)
def test_a_closed_or_withdrawn_complaint_never_moves_again(sequence):
    for final in FINAL_STATES:
        for event in sequence:
            with pytest.raises(IllegalTransition):
                next_state(final, event)


def test_the_action_team_cannot_give_a_case_back_without_resolving_it():
    assert set(allowed_events(State.ACTION_TEAM)) == {Event.EXTEND, Event.RESOLVE}
    assert next_state(State.ACTION_TEAM, Event.RESOLVE) == State.HANDLING
    with pytest.raises(IllegalTransition):
        next_state(State.ACTION_TEAM, Event.WITHDRAW)


def test_every_state_is_reachable_from_received_and_every_open_state_can_end():
    reachable, frontier = {State.RECEIVED}, [State.RECEIVED]
    while frontier:
        state = frontier.pop()
        for event in allowed_events(state):
            after = next_state(state, event)
            if after not in reachable:
                reachable.add(after)
                frontier.append(after)
    assert reachable == set(State)
    # From every state that is not final, a final state can still be reached.
    for start in set(State) - FINAL_STATES:
        assert _reachable(start) & FINAL_STATES, start


def _reachable(start: State) -> set[State]:
    seen, todo = {start}, [start]
    while todo:
        state = todo.pop()
        for event in allowed_events(state):
            after = next_state(state, event)
            if after not in seen:
                seen.add(after)
                todo.append(after)
    return seen


def test_feedback_reopens_an_answered_complaint_and_satisfaction_closes_it():
    assert next_state(State.ANSWERED, Event.REOPEN) == State.HANDLING
    assert next_state(State.ANSWERED, Event.SATISFIED) == State.CLOSED
    with pytest.raises(IllegalTransition):
        next_state(State.RECEIVED, Event.ANSWER)
