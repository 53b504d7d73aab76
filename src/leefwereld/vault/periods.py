"""Time windows of grants, legal bases and break-glass access. Plain functions, no database.

A resident thinks in calendar days ("until 30 May"), the database in instants. A grant
that runs *until and including* a local date ends at the first instant of the next local
day in the resident's time zone — whatever daylight saving time does that night. All
comparisons happen in UTC: Python compares two datetimes that share a tzinfo by wall time,
which is wrong around a DST change.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

UTC = datetime.UTC


def start_of_local_day(day: datetime.date, tz: ZoneInfo) -> datetime.datetime:
    """The first instant (in UTC) at which the local date in `tz` is `day`.

    Usually local midnight. Where clocks jump over midnight (e.g. America/Havana in
    spring) the day starts at the jump; where they fall back across midnight the day has
    two midnights and the earlier one counts.
    """
    naive = datetime.datetime.combine(day, datetime.time.min)
    existing = []
    mapped = []
    for fold in (0, 1):
        instant = naive.replace(tzinfo=tz, fold=fold).astimezone(UTC)
        mapped.append(instant)
        if instant.astimezone(tz).replace(tzinfo=None) == naive:
            existing.append(instant)
    if existing:
        return min(existing)
    # Midnight falls in a gap: the day starts at the transition, which lies between the
    # two readings of the non-existent wall time. Bisect to the microsecond.
    low, high = min(mapped), max(mapped)
    step = datetime.timedelta(microseconds=1)
    while high - low > step:
        middle = low + (high - low) / 2
        if middle.astimezone(tz).date() >= day:
            high = middle
        else:
            low = middle
    return high


def end_of_local_day(day: datetime.date, tz: ZoneInfo) -> datetime.datetime:
    """The exclusive end of `day`: the first instant of the next local day."""
    return start_of_local_day(day + datetime.timedelta(days=1), tz)


def local_date(instant: datetime.datetime, tz: ZoneInfo) -> datetime.date:
    return instant.astimezone(tz).date()


@dataclass(frozen=True)
class Window:
    """[starts_at, ends_at) in UTC, optionally cut short by a revocation."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime
    revoked_at: datetime.datetime | None = None

    def is_active(self, at: datetime.datetime) -> bool:
        at = at.astimezone(UTC)
        if self.revoked_at is not None and at >= self.revoked_at.astimezone(UTC):
            return False
        return self.starts_at.astimezone(UTC) <= at < self.ends_at.astimezone(UTC)


def window_until(
    starts_at: datetime.datetime, ends_on: datetime.date, tz: ZoneInfo
) -> tuple[datetime.datetime, datetime.datetime]:
    """A window from `starts_at` through the whole local day `ends_on`."""
    return starts_at.astimezone(UTC), end_of_local_day(ends_on, tz)


def default_end_date(starts_at: datetime.datetime, days: int, tz: ZoneInfo) -> datetime.date:
    """`days` calendar days after the local start date (90 days from 1 March: 30 May)."""
    return local_date(starts_at, tz) + datetime.timedelta(days=days)


def length_in_days(starts_at: datetime.datetime, ends_on: datetime.date, tz: ZoneInfo) -> int:
    """Calendar days from the local start date to the last day: what the maximum limits."""
    return (ends_on - local_date(starts_at, tz)).days
