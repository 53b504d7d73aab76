"""The debt fund's promise: from registration (aanmelding) to takeover in four weeks.

Not law but the fund's own promise to residents (the municipal debt fund's regulation,
modelled on Amsterdam's Jongeren Perspectief Fonds / Rotterdam's schuldenfonds: "binnen
vier weken na aanmelding zijn uw schulden overgenomen"). The Wgs terms (art. 4: first
conversation within four weeks, three working days in a threatening situation) stay as
they are and are computed in :mod:`leefwereld.rules.deadlines`; this promise is stricter
and is counted from the same registration date.

Four weeks are counted as twenty **working days** (calendar.is_working_day: no weekends,
no Atw holidays or gelijkgestelde dagen): the fund's officers do not work on Christmas,
so a registration just before Christmas gets the days that the office is open. Each phase
has its own deadline, cumulative from registration, and the four add up to the promise.
A case with children at risk gets the fast route: the clock halved (ten working days).

The split is a municipal choice (configurable in the fund's policy,
``LEEFWERELD_DEBT_FUND_POLICY["promise_working_days"]``); the defaults below follow the
NVVK Basisnormen' order of work: first conversation first (as Wgs art. 4 lid 2 asks in a
threatening situation), the inventory the largest part, then the offer to the creditors
and their answer before the takeover.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from leefwereld.rules.calendar import add_working_days, working_days_between
from leefwereld.rules.sources import Source

FUND_PROMISE = Source(
    "Reglement gemeentelijk schuldenfonds: overname binnen vier weken na aanmelding "
    "(belofte van het fonds, geen wettelijke termijn)",
    kind="secondary",
)
VALID_FROM = dt.date(2025, 1, 1)

FIRST_CONVERSATION = "eerste_gesprek"
INVENTORY = "inventarisatie"
OFFER = "aanbod"
TAKEOVER = "overname"
PHASES: tuple[str, ...] = (FIRST_CONVERSATION, INVENTORY, OFFER, TAKEOVER)

# Working days per phase; they add up to four weeks (20) and, halved, two (10).
DEFAULT_DAYS: Mapping[str, int] = {FIRST_CONVERSATION: 3, INVENTORY: 7, OFFER: 5, TAKEOVER: 5}
FAST_DAYS: Mapping[str, int] = {FIRST_CONVERSATION: 2, INVENTORY: 3, OFFER: 3, TAKEOVER: 2}


@dataclass(frozen=True, slots=True)
class PhaseDeadline:
    phase: str
    due: dt.date
    done_on: dt.date | None
    # Working days left until the deadline (negative: late). For a phase done, counted
    # from its done date: negative means it was done late.
    days_left: int

    @property
    def late(self) -> bool:
        return self.days_left < 0

    @property
    def days_late(self) -> int:
        return max(0, -self.days_left)

    @property
    def done(self) -> bool:
        return self.done_on is not None


def check_days(days: Mapping[str, int]) -> None:
    if set(days) != set(PHASES) or any(n < 1 for n in days.values()):
        raise ValueError(f"elke fase ({', '.join(PHASES)}) heeft minstens één werkdag nodig")


def phase_deadlines(
    registered_on: dt.date, days: Mapping[str, int] = DEFAULT_DAYS
) -> dict[str, dt.date]:
    """The last day of each phase, cumulative from the registration day (not counted)."""
    check_days(days)
    out: dict[str, dt.date] = {}
    total = 0
    for phase in PHASES:
        total += days[phase]
        out[phase] = add_working_days(registered_on, total)
    return out


def promise_due(registered_on: dt.date, days: Mapping[str, int] = DEFAULT_DAYS) -> dt.date:
    """The day the takeover is promised by."""
    return phase_deadlines(registered_on, days)[TAKEOVER]


def against_deadlines(
    registered_on: dt.date,
    done: Mapping[str, dt.date | None],
    today: dt.date,
    days: Mapping[str, int] = DEFAULT_DAYS,
) -> list[PhaseDeadline]:
    """Every phase against its deadline: done (on time or late) or still open."""
    rows = []
    for phase, due in phase_deadlines(registered_on, days).items():
        done_on = done.get(phase)
        rows.append(PhaseDeadline(phase, due, done_on, working_days_between(done_on or today, due)))
    return rows


def current(rows: Sequence[PhaseDeadline]) -> PhaseDeadline | None:
    """The first phase not done yet (None: the promise is fulfilled)."""
    return next((row for row in rows if not row.done), None)
