"""The Dutch legal calendar: Algemene termijnenwet (Atw) holidays and working days.

Sources (read in the law text, see docs/rules.md):

* Atw art. 3 lid 1 (BWBR0002448), geldend vanaf 1965-04-01, 5 mei added in the
  1980s: the "algemeen erkende feestdagen" are Nieuwjaarsdag, Christelijke
  tweede Paas- en Pinksterdag, beide Kerstdagen, Hemelvaartsdag, the day on which
  the King's birthday is celebrated, and 5 mei (Bevrijdingsdag, every year).
* Atw art. 3 lid 2: **Goede Vrijdag is gelijkgesteld** with those days. So for
  every statutory term Goede Vrijdag counts like a holiday.
* Atw art. 3 lid 3: the Crown can equate further days by decree
  (gelijkstellingsbesluit, published in the Staatscourant, usually for three
  years at a time). The decrees we have found are in
  :data:`GELIJKGESTELDE_DAGEN`; years outside that range use only the statutory
  days (see :func:`gelijkgestelde_dagen_bekend`).
* Atw art. 1 lid 1: a term set in a wet that ends on a Saturday, Sunday or such a
  day is extended to the next day that is none of these. Art. 1 lid 2: not for
  terms counted backwards. Art. 2: a term of at least three days is extended so
  that it contains at least two such ordinary days. Art. 4: the Atw does not
  apply to terms in hours, of more than 90 days / twelve weeks / three months,
  or in years. Art. 5: it applies equally to terms in an AMvB (not to terms in a
  ministeriële regeling or a municipal verordening).

"Working day" in this module means: not a Saturday or Sunday and not an Atw
holiday or gelijkgestelde dag. We use the same definition for "werkdagen" in
other laws (e.g. Wgs art. 4 lid 2) because those laws do not define the word;
this is an interpretation, recorded in docs/rules.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from leefwereld.rules.sources import Source

ATW = Source(
    "Algemene termijnenwet (BWBR0002448)",
    "https://wetten.overheid.nl/BWBR0002448",
)
ATW_ART_1 = Source("Atw art. 1", "https://wetten.overheid.nl/BWBR0002448#Artikel1")
ATW_ART_2 = Source("Atw art. 2", "https://wetten.overheid.nl/BWBR0002448#Artikel2")
ATW_ART_3 = Source("Atw art. 3", "https://wetten.overheid.nl/BWBR0002448#Artikel3")
ATW_ART_4 = Source("Atw art. 4", "https://wetten.overheid.nl/BWBR0002448#Artikel4")

KB_2023_2025 = Source(
    "Besluit gelijkstelling van 28 april 2023, 19 mei 2023, 10 mei 2024, 27 december 2024 "
    "en 30 mei 2025 met een algemeen erkende feestdag, Stcrt. 2022, 7812",
    "https://zoek.officielebekendmakingen.nl/stcrt-2022-7812.html",
)
KB_2026_2028 = Source(
    "Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 "
    "en 26 mei 2028 met een algemeen erkende feestdag, Stcrt. 2025, 24713",
    "https://zoek.officielebekendmakingen.nl/stcrt-2025-24713.html",
)

# Atw art. 3 lid 3: days equated with a holiday by royal decree. Only decrees we
# have a citation for are listed; extend this table when the next decree (for
# 2029–2031) is published.
GELIJKGESTELDE_DAGEN: dict[dt.date, Source] = {
    dt.date(2023, 4, 28): KB_2023_2025,
    dt.date(2023, 5, 19): KB_2023_2025,
    dt.date(2024, 5, 10): KB_2023_2025,
    dt.date(2024, 12, 27): KB_2023_2025,
    dt.date(2025, 5, 30): KB_2023_2025,
    dt.date(2026, 1, 2): KB_2026_2028,
    dt.date(2026, 5, 15): KB_2026_2028,
    dt.date(2027, 5, 7): KB_2026_2028,
    dt.date(2028, 4, 28): KB_2026_2028,
    dt.date(2028, 5, 26): KB_2026_2028,
}
GELIJKGESTELDE_DAGEN_JAREN = range(2023, 2029)

# The calendar is defined for the years the platform can meet in practice. The
# Koningsdag rule below is only right from 2014; 1990–2013 used Koninginnedag.
FIRST_YEAR = 1990
LAST_YEAR = 2199


@dataclass(frozen=True, slots=True)
class Holiday:
    day: dt.date
    name: str
    basis: str  # the Atw provision that makes it count


def easter_sunday(year: int) -> dt.date:
    """Western (Gregorian) Easter Sunday by the anonymous Gregorian algorithm
    (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def koningsdag(year: int) -> dt.date:
    """The day the King's (or Queen's) birthday is celebrated (Atw art. 3 lid 1).

    From 2014: 27 April, or Saturday 26 April when the 27th is a Sunday.
    1990–2013 (Koninginnedag): 30 April, or Saturday 29 April when the 30th is
    a Sunday. Source: rijksoverheid.nl/onderwerpen/koningsdag [S].
    """
    day = dt.date(year, 4, 27) if year >= 2014 else dt.date(year, 4, 30)
    if day.weekday() == 6:  # Sunday
        day -= dt.timedelta(days=1)
    return day


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"jaar {year} valt buiten de ondersteunde jaren {FIRST_YEAR}–{LAST_YEAR}")


@lru_cache(maxsize=512)
def holidays(year: int) -> tuple[Holiday, ...]:
    """All Atw holidays and gelijkgestelde dagen of a year, sorted by date."""
    _check_year(year)
    easter = easter_sunday(year)
    days = [
        Holiday(dt.date(year, 1, 1), "Nieuwjaarsdag", "Atw art. 3 lid 1"),
        Holiday(easter - dt.timedelta(days=2), "Goede Vrijdag", "Atw art. 3 lid 2"),
        Holiday(easter + dt.timedelta(days=1), "Tweede Paasdag", "Atw art. 3 lid 1"),
        Holiday(koningsdag(year), "Koningsdag", "Atw art. 3 lid 1"),
        Holiday(dt.date(year, 5, 5), "Bevrijdingsdag", "Atw art. 3 lid 1"),
        Holiday(easter + dt.timedelta(days=39), "Hemelvaartsdag", "Atw art. 3 lid 1"),
        Holiday(easter + dt.timedelta(days=50), "Tweede Pinksterdag", "Atw art. 3 lid 1"),
        Holiday(dt.date(year, 12, 25), "Eerste Kerstdag", "Atw art. 3 lid 1"),
        Holiday(dt.date(year, 12, 26), "Tweede Kerstdag", "Atw art. 3 lid 1"),
    ]
    for day, source in GELIJKGESTELDE_DAGEN.items():
        if day.year == year:
            days.append(Holiday(day, "Gelijkgestelde dag", f"Atw art. 3 lid 3; {source.title}"))
    return tuple(sorted(days, key=lambda holiday: holiday.day))


@lru_cache(maxsize=512)
def _holiday_dates(year: int) -> frozenset[dt.date]:
    return frozenset(holiday.day for holiday in holidays(year))


def is_holiday(day: dt.date) -> bool:
    """True for an Atw holiday or gelijkgestelde dag (weekends are not holidays)."""
    return day in _holiday_dates(day.year)


def holiday_name(day: dt.date) -> str | None:
    for holiday in holidays(day.year):
        if holiday.day == day:
            return holiday.name
    return None


def gelijkgestelde_dagen_bekend(year: int) -> bool:
    """Whether the gelijkstellingsbesluit covering ``year`` is in our table.

    For other years the calendar has only the statutory holidays; a deadline
    that falls next to a possible bridging day may then come out one working
    day early.
    """
    return year in GELIJKGESTELDE_DAGEN_JAREN


def is_working_day(day: dt.date) -> bool:
    """Not a Saturday or Sunday and not an Atw holiday or gelijkgestelde dag."""
    return day.weekday() < 5 and not is_holiday(day)


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_working_days(day: dt.date, n: int) -> dt.date:
    """The ``n``-th working day after ``day`` (``day`` itself is not counted).

    ``n == 0`` returns ``day`` unchanged; negative ``n`` counts back: the
    ``|n|``-th working day strictly before ``day``.
    """
    step = dt.timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days ``x`` with ``start < x <= end``; negative when ``end < start``.

    It is the inverse of :func:`add_working_days`:
    ``working_days_between(d, add_working_days(d, n)) == n`` for every ``n``.
    """
    if end < start:
        # Count start > x >= end, so that stepping back n working days inverts.
        count = 0
        day = end
        while day < start:
            if is_working_day(day):
                count += 1
            day += dt.timedelta(days=1)
        return -count
    count = 0
    day = start + dt.timedelta(days=1)
    while day <= end:
        if is_working_day(day):
            count += 1
        day += dt.timedelta(days=1)
    return count


@dataclass(frozen=True, slots=True)
class AtwResult:
    """A term end after the Atw, with the reason for any extension."""

    original_end: dt.date
    end: dt.date
    reasons: tuple[str, ...]

    @property
    def extended(self) -> bool:
        return self.end != self.original_end


def atw_applies(unit: str, amount: int) -> bool:
    """Atw art. 4 onderdeel a: not for terms in hours or years, nor for terms of more
    than 90 days, twelve weeks or three months. ``unit`` is one of "hours",
    "days", "working_days", "weeks", "months", "years"."""
    limits = {"days": 90, "working_days": 90, "weeks": 12, "months": 3}
    if unit not in limits:
        return False
    return amount <= limits[unit]


def atw_extend(start: dt.date, end: dt.date) -> AtwResult:
    """Apply Atw art. 1 and art. 2 to a term that runs from the day after ``start``
    up to and including ``end``.

    Art. 1 lid 1: an end on a Saturday, Sunday or holiday moves to the next
    working day. Art. 2: a term of at least three days must contain at least two
    working days (the start day itself is not part of the term).
    """
    reasons: list[str] = []
    new_end = next_working_day(end)
    if new_end != end:
        name = holiday_name(end) or ("zaterdag" if end.weekday() == 5 else "zondag")
        reasons.append(
            f"Atw art. 1: de termijn eindigt op {end.isoformat()} ({name}) en loopt door "
            f"tot en met {new_end.isoformat()}"
        )
    if (end - start).days >= 3:
        while working_days_between(start, new_end) < 2:
            new_end = add_working_days(new_end, 1)
            reasons.append(
                f"Atw art. 2: de termijn moet twee werkdagen bevatten; verlengd tot en met "
                f"{new_end.isoformat()}"
            )
    return AtwResult(original_end=end, end=new_end, reasons=tuple(reasons))
