"""Budget arithmetic: pure functions on integer cents (no database), tested with Hypothesis.

Definitions (ADR 0018):

* committed — what allocations commit on the line for the year (sum of commitments);
* actuals — what approved declaration lines booked on the line (period in the year);
* open commitments — committed − actuals, never below zero (a line may also carry costs
  without an allocation, e.g. a lump sum);
* remaining — budget − actuals − open commitments (may go negative: an overrun shows);
* forecast (year end) — actuals + the larger of the open commitments and the run rate
  (actuals per elapsed day) over the remaining days: what is committed will be spent, and
  spending does not stop where the commitments end;
* warning — actuals + open commitments above 90 % of the budget.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

WARNING_PERCENT = 90


@dataclass(frozen=True)
class LineFigures:
    budget: int
    committed: int
    actuals: int
    open_commitments: int
    remaining: int
    forecast: int
    used_percent: int  # (actuals + open) / budget, rounded down; 0 when no budget
    warning: bool


def line_figures(
    budget: int, committed: int, actuals: int, year: int, today: dt.date
) -> LineFigures:
    open_commitments = max(0, committed - actuals)
    remaining = budget - actuals - open_commitments
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    days_in_year = (last - first).days + 1
    if today < first:
        elapsed = 0
    elif today > last:
        elapsed = days_in_year
    else:
        elapsed = (today - first).days + 1
    left = days_in_year - elapsed
    run_rate_rest = (actuals * left) // elapsed if elapsed else 0
    forecast = actuals + max(open_commitments, run_rate_rest)
    used = actuals + open_commitments
    used_percent = (used * 100) // budget if budget > 0 else (100 if used else 0)
    warning = used * 100 > budget * WARNING_PERCENT
    return LineFigures(
        budget, committed, actuals, open_commitments, remaining, forecast, used_percent, warning
    )


def reserve_cents(total_budget: int, percent: int) -> int:
    """The reserve: `percent` of the year's total budget, rounded down to a cent."""
    return (total_budget * percent) // 100


# Bands for the anonymous hardship register (no exact amount: with small numbers an
# exact amount could identify a household).
BANDS = (
    (25_000, "tot € 250"),
    (100_000, "€ 250 – € 1.000"),
    (500_000, "€ 1.000 – € 5.000"),
)


def amount_band(cents: int) -> str:
    for limit, label in BANDS:
        if cents < limit:
            return label
    return "€ 5.000 of meer"
