"""iStandaarden code lists for allocations (toewijzingen) and declarations, and the pure
arithmetic of "how many units does an allocation grant".

Sources (versioned; a new release is a new entry, never an edit):

* **WMO020 Productcategorie** — iWmo release 3.2 (Zorginstituut Nederland, valid from
  2023-01-01), codelijst WMO020. Checked against the public copy in
  `i-Sociaal-Lab/jaapjunior: packages/api/wmo/WMO020_Productcategorie.md`.
* **WMO757 Eenheid** and **WMO756 Frequentie** — iWmo 3.2 codelijsten. [U] The numeric
  codes are quoted from memory of the release and not yet checked against the published
  list; the meanings (minute, hour, day part, 24 hours, pieces, euros; per day, week,
  month, whole period) are the ones the standard uses. docs/finance.md lists this as open.
* **Product codes** (the 5-character `Productcode` inside a category) are not national:
  each municipality or region publishes its own list. `PRODUCTS` below is this
  municipality's demo list, clearly marked as such; an operator replaces it.

Execution variants (DOMAIN-RULES §2): inspanningsgericht (time units x tariff),
outputgericht (product per period or amount), taakgericht (lump sum, no toewijzing).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

RELEASE = "iWmo 3.2"
VALID_FROM = dt.date(2023, 1, 1)

# WMO020 Productcategorie (iWmo 3.2).
CATEGORIES: dict[str, str] = {
    "01": "Hulp bij het huishouden",
    "02": "Begeleiding",
    "03": "Persoonlijke verzorging",
    "04": "Kortdurend verblijf",
    "05": "Woondiensten",
    "06": "Overige ondersteuning gericht op het individu of huishouden/gezin",
    "07": "Dagbesteding",
    "08": "Vervoerdiensten",
    "09": "Overige groepsgerichte ondersteuning",
    "10": "Overige maatwerk arrangementen",
    "11": "Rolstoelen",
    "12": "Vervoervoorzieningen",
    "13": "Woonvoorzieningen",
    "14": "Overige hulpmiddelen",
    "15": "Beschermd wonen",
    "16": "Opvang",
    "17": "Spoedopvang",
    "18": "Overige beschermd wonen en opvang",
}

# WMO757 Eenheid [U: codes]. "euro" means the volume is an amount in cents.
UNITS: dict[str, str] = {
    "01": "minuut",
    "04": "uur",
    "14": "etmaal",
    "16": "dagdeel",
    "83": "euro",
    "84": "stuks",
}
UNIT_EURO = "83"

# WMO756 Frequentie [U: codes]. "6": the volume holds for the whole allocation period.
FREQUENCIES: dict[str, str] = {
    "1": "per dag",
    "2": "per week",
    "4": "per maand",
    "6": "totaal binnen de looptijd",
}
PER_DAY, PER_WEEK, PER_MONTH, WHOLE_PERIOD = "1", "2", "4", "6"

INSPANNING, OUTPUT, TAAK = "inspanning", "output", "taak"
VARIANTS: dict[str, str] = {
    INSPANNING: "Inspanningsgericht",
    OUTPUT: "Outputgericht",
    TAAK: "Taakgericht",
}


@dataclass(frozen=True)
class Product:
    code: str  # Productcode, 5 characters, municipal
    category: str  # WMO020
    name: str
    unit: str  # WMO757
    variant: str


# The municipality's own product list (demo). [Municipal, not national: replace per region.]
PRODUCTS: dict[str, Product] = {
    p.code: p
    for p in (
        Product("01A01", "01", "Huishoudelijke ondersteuning, basis", "04", INSPANNING),
        Product("01B01", "01", "Huishoudelijke ondersteuning per maand", "84", OUTPUT),
        Product("02A01", "02", "Individuele begeleiding", "04", INSPANNING),
        Product("02A02", "02", "Individuele begeleiding, specialistisch", "04", INSPANNING),
        Product("03A01", "03", "Persoonlijke verzorging", "01", INSPANNING),
        Product("04A01", "04", "Kortdurend verblijf", "14", INSPANNING),
        Product("07A01", "07", "Dagbesteding", "16", INSPANNING),
        Product("08A01", "08", "Collectief vervoer (ritten)", "84", OUTPUT),
        Product("14A01", "14", "Hulpmiddel, vast bedrag", "83", OUTPUT),
        Product("15A01", "15", "Beschermd wonen", "14", INSPANNING),
    )
}


def product(code: str) -> Product | None:
    return PRODUCTS.get(code.strip().upper())


def _months_touched(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def units_granted(volume: int, frequency: str, start: dt.date, end: dt.date) -> int:
    """The units an allocation grants over [start, end] (both days included).

    Per day: volume x days. Per week: volume x started weeks (ceil(days / 7)). Per month:
    volume x calendar months touched. Whole period: the volume itself. A started period
    counts in full, as a provider may deliver a whole week's volume in a short week
    [assumption, documented in docs/finance.md].
    """
    if end < start:
        raise ValueError("end before start")
    if volume < 0:
        raise ValueError("negative volume")
    days = (end - start).days + 1
    if frequency == PER_DAY:
        return volume * days
    if frequency == PER_WEEK:
        return volume * math.ceil(days / 7)
    if frequency == PER_MONTH:
        return volume * _months_touched(start, end)
    if frequency == WHOLE_PERIOD:
        return volume
    raise ValueError(f"unknown frequency {frequency!r}")


def commitment_cents(volume: int, frequency: str, start: dt.date, end: dt.date, tariff: int) -> int:
    """What an allocation commits: units granted x tariff per unit (integer cents).

    For the unit "euro" the volume is already an amount in cents and the tariff is 1.
    """
    return units_granted(volume, frequency, start, end) * tariff


def split_by_year(total: int, start: dt.date, end: dt.date) -> dict[int, int]:
    """Spread `total` cents over the calendar years of [start, end] by days, exactly.

    Largest-remainder rounding: the parts are integers and always add up to `total`.
    """
    days = (end - start).days + 1
    shares: list[tuple[int, int, int]] = []  # (year, floor part, remainder)
    for year in range(start.year, end.year + 1):
        first = max(start, dt.date(year, 1, 1))
        last = min(end, dt.date(year, 12, 31))
        n = (last - first).days + 1
        part, rest = divmod(total * n, days)
        shares.append((year, part, rest))
    missing = total - sum(p for _, p, _ in shares)
    order = sorted(range(len(shares)), key=lambda i: (-shares[i][2], i))
    out = {year: part for year, part, _ in shares}
    for i in order[:missing]:
        out[shares[i][0]] += 1
    return out
