"""The deadlines dashboard's arithmetic: plain data in, rows out (no database).

Each open case step has one statutory term from ``leefwereld.rules``; this module decides
which terms are running on a day and how they are shown. The rules package says per rule
whether it counts calendar days or working days (``Deadline.counts_working_days``); the
Wmo and Awb terms here are all in weeks or days with the Algemene termijnenwet, so the
days left are calendar days and the working days left are shown next to them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from leefwereld import rules

# Rule codes as in leefwereld.rules.RULES.
ONDERZOEK = "wmo_onderzoek"  # Wmo 2015 art. 2.3.2 lid 1: 6 weeks from the melding
OWN_PLAN = "wmo_persoonlijk_plan"  # Wmo 2015 art. 2.3.2 lid 2: 7 days from the melding
BESCHIKKING = "wmo_beschikking"  # Wmo 2015 art. 2.3.5 lid 2: 2 weeks from the aanvraag
BEZWAAR = "awb_bezwaartermijn"  # Awb 6:7, 6:8: 6 weeks from the bekendmaking

# A term the team must meet (late = highlighted) versus a window that is the resident's
# (the own plan, the bezwaar): shown, never "late" for the team.
TEAM_DUTIES = frozenset({ONDERZOEK, BESCHIKKING})
# "Soon" counts working days: over Christmas a week can hold only two of them.
SOON_WORKING_DAYS = 3


@dataclass(frozen=True)
class CaseDates:
    """What the dashboard needs to know of one melding and what followed it."""

    melding_id: int
    received_on: datetime.date
    report_shared_on: datetime.date | None = None
    own_plan_received_on: datetime.date | None = None
    application_id: int | None = None
    application_received_on: datetime.date | None = None
    decision_sent_on: datetime.date | None = None
    objection_received_on: datetime.date | None = None
    closed: bool = False


@dataclass(frozen=True)
class DeadlineRow:
    melding_id: int
    code: str
    name: str
    article: str
    start: datetime.date
    deadline: datetime.date
    days_left: int
    working_days_left: int
    counts_working_days: bool
    team_duty: bool

    @property
    def overdue(self) -> bool:
        return self.team_duty and self.days_left < 0

    @property
    def days_late(self) -> int:
        return max(0, -self.days_left)

    @property
    def soon(self) -> bool:
        return (
            self.team_duty and self.days_left >= 0 and self.working_days_left <= SOON_WORKING_DAYS
        )

    @property
    def primary_days_left(self) -> int:
        """The count the rule itself uses: working days for a working-day rule."""
        return self.working_days_left if self.counts_working_days else self.days_left


def _row(case: CaseDates, code: str, start: datetime.date, today: datetime.date) -> DeadlineRow:
    status = rules.deadline_status(code, start, today)
    rule = status.result.rule
    return DeadlineRow(
        melding_id=case.melding_id,
        code=code,
        name=rule.name,
        article=rule.article,
        start=start,
        deadline=status.deadline,
        days_left=status.days_left,
        working_days_left=status.working_days_left,
        counts_working_days=rule.counts_working_days,
        team_duty=code in TEAM_DUTIES,
    )


def running_deadlines(case: CaseDates, today: datetime.date) -> list[DeadlineRow]:
    """The terms running for one case on `today`, in the order of the procedure."""
    if case.closed:
        return []
    rows: list[DeadlineRow] = []
    if case.own_plan_received_on is None and case.report_shared_on is None:
        row = _row(case, OWN_PLAN, case.received_on, today)
        if row.days_left >= 0:  # a window: once over, there is nothing to watch
            rows.append(row)
    if case.report_shared_on is None:
        rows.append(_row(case, ONDERZOEK, case.received_on, today))
    if case.application_received_on is not None and case.decision_sent_on is None:
        rows.append(_row(case, BESCHIKKING, case.application_received_on, today))
    if case.decision_sent_on is not None and case.objection_received_on is None:
        row = _row(case, BEZWAAR, case.decision_sent_on, today)
        if row.days_left >= 0:
            rows.append(row)
    return rows


def dashboard(cases: list[CaseDates], today: datetime.date) -> list[DeadlineRow]:
    """All running terms of many cases, the most urgent team duty first."""
    rows = [row for case in cases for row in running_deadlines(case, today)]
    return sorted(rows, key=lambda r: (not r.team_duty, r.days_left, r.melding_id, r.code))
