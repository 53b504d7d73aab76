"""The complaint's life as one explicit transition table (no Django, no database).

A complaint moves only by an event that this table allows from its current state; every
other (state, event) pair is illegal and refused. `services.py` applies the table inside a
transaction and writes each step to the append-only history. The states:

    received ─take_up→ handling ─answer→ answered ─satisfied→ closed
        │                 │  ↑                │
        │                 │  └─ reopen ───────┘ (the resident is not satisfied)
        └─hand_off─→ action_team ─resolve→ handling
    received / handling ─withdraw→ withdrawn;  answered ─close→ closed (no feedback came)

`extend` (verdaging, Awb 9:11 lid 2) and `flag_pillar_to_post` keep the state; the action
team (the regie team of the help routes) has no "refuse" event: it cannot give a case back
without resolving it.
"""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    RECEIVED = "received"
    HANDLING = "handling"
    ACTION_TEAM = "action_team"
    ANSWERED = "answered"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class Event(StrEnum):
    TAKE_UP = "take_up"
    EXTEND = "extend"
    HAND_OFF = "hand_off"
    RESOLVE = "resolve"
    ANSWER = "answer"
    SATISFIED = "satisfied"
    REOPEN = "reopen"
    CLOSE = "close"
    WITHDRAW = "withdraw"


OPEN_STATES = frozenset({State.RECEIVED, State.HANDLING, State.ACTION_TEAM})
FINAL_STATES = frozenset({State.CLOSED, State.WITHDRAWN})

TABLE: dict[tuple[State, Event], State] = {
    (State.RECEIVED, Event.TAKE_UP): State.HANDLING,
    (State.RECEIVED, Event.HAND_OFF): State.ACTION_TEAM,
    (State.RECEIVED, Event.WITHDRAW): State.WITHDRAWN,
    (State.RECEIVED, Event.EXTEND): State.RECEIVED,
    (State.HANDLING, Event.EXTEND): State.HANDLING,
    (State.HANDLING, Event.HAND_OFF): State.ACTION_TEAM,
    (State.HANDLING, Event.ANSWER): State.ANSWERED,
    (State.HANDLING, Event.WITHDRAW): State.WITHDRAWN,
    (State.ACTION_TEAM, Event.EXTEND): State.ACTION_TEAM,
    (State.ACTION_TEAM, Event.RESOLVE): State.HANDLING,
    (State.ANSWERED, Event.SATISFIED): State.CLOSED,
    (State.ANSWERED, Event.REOPEN): State.HANDLING,
    (State.ANSWERED, Event.CLOSE): State.CLOSED,
}


class IllegalTransition(ValueError):
    def __init__(self, state: State, event: Event):
        super().__init__(f"{event.value} is not allowed in state {state.value}")
        self.state = state
        self.event = event


def next_state(state: State | str, event: Event | str) -> State:
    """The state after `event`, or IllegalTransition when the table does not allow it."""
    current, happening = State(state), Event(event)
    try:
        return TABLE[(current, happening)]
    except KeyError:
        raise IllegalTransition(current, happening) from None


def allowed_events(state: State | str) -> list[Event]:
    """The events the table allows in `state`, in the order of the Event enum."""
    current = State(state)
    return [event for event in Event if (current, event) in TABLE]
