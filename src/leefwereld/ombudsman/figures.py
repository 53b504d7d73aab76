"""Complaints as figures: patterns over quarters per neighbourhood, organisation, category
and policy cause, and the quarterly report.

Every count the council and policy officers see passes through `leefwereld.rules.disclosure`
(ADR 0017): a table (patterns, per category, per cause) through `protect` — threshold 10,
secondary suppression, rounding to 5 — and a count on its own through `protect_count`. The
ombudsman, who handles the cases themselves, sees the exact counts."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, ExtractQuarter, ExtractYear
from django.utils.translation import gettext_lazy as _

from leefwereld.rules import disclosure

from .models import Complaint, PolicySignal

THRESHOLD = disclosure.DEFAULT_THRESHOLD
ROUNDING_BASE = disclosure.DEFAULT_ROUNDING_BASE

DIMENSIONS = {
    "neighbourhood": _("wijk"),
    "organisation": _("organisatie"),
    "category": _("categorie"),
    "cause": _("beleidsoorzaak"),
}
_KEYS = {
    "neighbourhood": F("neighbourhood__name"),
    "organisation": F("organisation__name"),
    "category": Coalesce(F("category__parent__name"), F("category__name")),
    "cause": F("cause"),
}

Quarter = tuple[int, int]


def quarter_of(day: datetime.date) -> Quarter:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(quarter: Quarter) -> tuple[datetime.date, datetime.date]:
    year, q = quarter
    first = datetime.date(year, 3 * q - 2, 1)
    last = datetime.date(year + (q == 4), (3 * q) % 12 + 1, 1) - datetime.timedelta(days=1)
    return first, last


def last_quarters(today: datetime.date, n: int) -> list[Quarter]:
    year, q = quarter_of(today)
    out = []
    for _step in range(n):
        out.append((year, q))
        year, q = (year - 1, 4) if q == 1 else (year, q - 1)
    return out[::-1]


def disclose(count: int, *, protect: bool) -> int | None:
    """A count on its own as it may be shown: None when hidden (protected viewers only)."""
    if not protect:
        return count
    return disclosure.protect_count(count, rounding_base=ROUNDING_BASE).value


def disclose_table(
    labels: list[str], columns: list[str], cells: list[list[int]], *, protect: bool
) -> list[tuple[str, list[int | None]]]:
    """A table of counts as it may be shown: protected (threshold, secondary suppression,
    rounding) for the council, exact for the ombudsman."""
    if not protect or not labels:
        return [(label, list(line)) for label, line in zip(labels, cells, strict=True)]
    published = disclosure.protect(labels, columns, cells, rounding_base=ROUNDING_BASE)
    return [
        (label, [c.value for c in line])
        for label, line in zip(labels, published.cells, strict=True)
    ]


@dataclass
class Pattern:
    dimension: str
    quarters: list[Quarter]
    rows: list[tuple[str, list[int | None]]] = field(default_factory=list)


def pattern(dimension: str, quarters: list[Quarter], *, protect: bool) -> Pattern:
    """Received complaints per value of `dimension` per quarter, in one query."""
    first, _last = quarter_bounds(quarters[0])
    _first, last = quarter_bounds(quarters[-1])
    grouped = (
        Complaint.objects.filter(received_on__range=(first, last))
        .annotate(
            key=_KEYS[dimension], y=ExtractYear("received_on"), q=ExtractQuarter("received_on")
        )
        .values("key", "y", "q")
        .annotate(n=Count("pk"))
    )
    table: dict[str, dict[Quarter, int]] = {}
    for row in grouped:
        key = row["key"]
        if dimension == "cause":
            key = str(Complaint.Cause(key or "").label)
        table.setdefault(key or str(_("onbekend")), {})[(row["y"], row["q"])] = row["n"]
    result = Pattern(dimension, quarters)
    labels = sorted(table, key=lambda k: (-sum(table[k].values()), k))
    cells = [[table[key].get(q, 0) for q in quarters] for key in labels]
    columns = [f"{y}-K{q}" for y, q in quarters]
    result.rows = disclose_table(labels, columns, cells, protect=protect)
    return result


@dataclass
class QuarterReport:
    quarter: Quarter
    first: datetime.date
    last: datetime.date
    figures: list[tuple[str, int | None]]
    by_category: list[tuple[str, int | None]]
    by_cause: list[tuple[str, int | None]]
    signals: Sequence[PolicySignal]


def quarter_report(quarter: Quarter, *, protect: bool) -> QuarterReport:
    first, last = quarter_bounds(quarter)
    received = Complaint.objects.filter(received_on__range=(first, last))
    closed = Complaint.objects.filter(closed_on__range=(first, last))
    totals = received.aggregate(
        n=Count("pk"),
        late=Count("pk", filter=Q(times_late__gte=1)),
        late3=Count("pk", filter=Q(times_late__gte=3)),
        pillar=Count("pk", filter=Q(pillar_to_post=True)),
        team=Count("pk", filter=Q(action_team__isnull=False)),
    )
    closed_totals = closed.aggregate(
        n=Count("pk"),
        on_time=Count("pk", filter=Q(answered_on__lte=F("deadline"))),
        satisfied=Count("pk", filter=Q(satisfied=True)),
        reopened=Count("pk", filter=Q(events__kind="reopen"), distinct=True),
    )

    def d(n: int) -> int | None:
        return disclose(n, protect=protect)

    figures = [
        (str(_("Klachten ontvangen")), d(totals["n"])),
        (str(_("Klachten afgesloten")), d(closed_totals["n"])),
        (str(_("Afgesloten en op tijd beantwoord")), d(closed_totals["on_time"])),
        (str(_("Afgesloten, inwoner tevreden")), d(closed_totals["satisfied"])),
        (str(_("Afgesloten na heropenen")), d(closed_totals["reopened"])),
        (str(_("Ontvangen en te laat")), d(totals["late"])),
        (str(_("Ontvangen en drie keer te laat")), d(totals["late3"])),
        (str(_("Van het kastje naar de muur")), d(totals["pillar"])),
        (str(_("Naar het actieteam")), d(totals["team"])),
    ]
    by_category = pattern("category", [quarter], protect=protect).rows
    by_cause = pattern("cause", [quarter], protect=protect).rows
    signals = list(
        PolicySignal.objects.filter(created_at__date__range=(first, last))
        .select_related("blocking_rule")
        .annotate(n=Count("complaints"))
    )
    return QuarterReport(
        quarter,
        first,
        last,
        figures,
        [(k, v[0]) for k, v in by_category],
        [(k, v[0]) for k, v in by_cause],
        signals,
    )
