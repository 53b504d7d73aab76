"""Checking declaration lines against allocations: pure Python, no database.

The service loads, per upload, every allocation of the provider, the periods already
declared and the units already approved — three queries whatever the number of lines —
and hands them here with the lines. The result is one verdict per line: approved, or
refused with a code and a plain-Dutch reason.

The codes are modelled on the iStandaarden retourcodes (a code per refusal reason, sent
back per line) but are **this platform's own numbering**: the official iWmo/iJw
retourcode list is not reproduced here (docs/finance.md, "Retourcodes").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

# code → reason (plain Dutch; translated where shown, see finance/codes.py)
UNKNOWN_ALLOCATION = "R01"
OTHER_PROVIDER = "R02"
PRODUCT_MISMATCH = "R03"
PERIOD_OUTSIDE = "R04"
VOLUME_EXCEEDED = "R05"
TARIFF_MISMATCH = "R06"
DOUBLE = "R07"
AMOUNT_WRONG = "R08"
UNREADABLE = "R09"
PERIOD_SPLIT = "R10"


@dataclass(frozen=True)
class Granted:
    """What the check needs of one allocation."""

    id: int
    provider_id: int
    product_code: str
    starts_on: dt.date
    ends_on: dt.date
    tariff_cents: int
    units_granted: int


@dataclass(frozen=True)
class Line:
    line_no: int
    allocation_id: int | None  # None: the number was not a number
    product_code: str
    period_start: dt.date | None
    period_end: dt.date | None
    units: int
    tariff_cents: int
    amount_cents: int
    unreadable: bool = False


@dataclass(frozen=True)
class Verdict:
    line_no: int
    code: str  # "" when approved

    @property
    def approved(self) -> bool:
        return not self.code


def check(
    lines: Iterable[Line],
    provider_id: int,
    allocations: dict[int, Granted],
    declared: set[tuple[int, dt.date, dt.date]],
    used_units: dict[int, int],
) -> list[Verdict]:
    """One verdict per line, in order. The first failing check names the refusal.

    `declared` holds (allocation, period start, period end) of lines approved before;
    `used_units` the units approved before per allocation. Lines approved earlier in the
    same upload count too, so a file can never double-declare or overrun by itself.
    """
    seen = set(declared)
    used = dict(used_units)
    out: list[Verdict] = []
    for line in lines:
        code = _first_failure(line, provider_id, allocations, seen, used)
        if not code:
            assert line.allocation_id is not None and line.period_start and line.period_end
            seen.add((line.allocation_id, line.period_start, line.period_end))
            used[line.allocation_id] = used.get(line.allocation_id, 0) + line.units
        out.append(Verdict(line.line_no, code))
    return out


def _first_failure(
    line: Line,
    provider_id: int,
    allocations: dict[int, Granted],
    seen: set[tuple[int, dt.date, dt.date]],
    used: dict[int, int],
) -> str:
    if line.unreadable or line.period_start is None or line.period_end is None or line.units <= 0:
        return UNREADABLE
    if line.allocation_id is None:
        return UNKNOWN_ALLOCATION
    granted = allocations.get(line.allocation_id)
    if granted is None:
        return UNKNOWN_ALLOCATION
    if granted.provider_id != provider_id:
        return OTHER_PROVIDER
    if line.product_code != granted.product_code:
        return PRODUCT_MISMATCH
    if line.period_end < line.period_start or (
        line.period_start.year,
        line.period_start.month,
    ) != (line.period_end.year, line.period_end.month):
        return PERIOD_SPLIT
    if line.period_start < granted.starts_on or line.period_end > granted.ends_on:
        return PERIOD_OUTSIDE
    if line.tariff_cents != granted.tariff_cents:
        return TARIFF_MISMATCH
    if line.amount_cents != line.units * line.tariff_cents:
        return AMOUNT_WRONG
    if (line.allocation_id, line.period_start, line.period_end) in seen:
        return DOUBLE
    if used.get(line.allocation_id, 0) + line.units > granted.units_granted:
        return VOLUME_EXCEEDED
    return ""
