"""The nightly aggregation: every indicator for every neighbourhood and year, protected by
disclosure control (rules/disclosure.py, ADR 0017), written to ``Figure`` in one
transaction. Pages only read that table, so they cost a few queries at any scale.

Per indicator, the bases (the number of units each value rests on) form one table:
neighbourhoods × years, with the municipality per year as column totals and a
neighbourhood's years together as row totals. That table is protected as a whole, so no
hidden base can be read from the municipality's figure, from another year or from the
sum over years. A value is published only where its base is shown and at least the
threshold; a count indicator *is* its base.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from leefwereld.core.models import Neighbourhood
from leefwereld.rules import disclosure

from . import indicators
from .models import Figure, Indicator

SOURCE = "source"  # Figure.hidden: the indicator's source is not available


@dataclass
class Run:
    figures: int
    seconds: float
    computed_at: object


def protect_indicator(
    raw: indicators.Raw, hoods: list[int], years: list[int], *, is_count: bool
) -> dict[tuple[int | None, int], tuple[float | None, int | None, str]]:
    """The published (value, base, hidden reason) per (neighbourhood or None, year)."""
    cells = [[raw.get((h, y), (0.0, 0))[1] for y in years] for h in hoods]
    table = disclosure.protect([str(h) for h in hoods], [str(y) for y in years], cells)
    result: dict[tuple[int | None, int], tuple[float | None, int | None, str]] = {}

    def publish(key, shown: disclosure.Shown) -> None:
        value, base = raw.get(key, (None, 0))
        if shown.is_hidden:
            result[key] = (None, None, shown.hidden)
        elif is_count:
            result[key] = (float(shown.value or 0), shown.value, "")
        elif not disclosure.share_allowed(base):
            # A mean or share over fewer units than the threshold (base 0 included).
            result[key] = (None, shown.value, disclosure.PRIMARY if base else "")
        else:
            result[key] = (value, shown.value, "")

    for i, hood in enumerate(hoods):
        for j, year in enumerate(years):
            publish((hood, year), table.cells[i][j])
    for j, year in enumerate(years):
        publish((None, year), table.column_totals[j])
    return result


def years_present(raws: list[indicators.Raw]) -> list[int]:
    return sorted({year for raw in raws for (_h, year) in raw})


@transaction.atomic
def run() -> Run:
    """Recompute every figure; the old figures stay until the new ones are written."""
    started = time.monotonic()
    now = timezone.now()
    hoods = list(Neighbourhood.objects.order_by("pk").values_list("pk", flat=True))
    raws = {}
    for indicator in Indicator.values:
        source = indicators.source_of(indicator)
        raws[indicator] = source() if source else None
    years = years_present([r for r in raws.values() if r is not None]) or [now.year]
    rows = []
    for indicator, raw in raws.items():
        if raw is None:
            for hood in [*hoods, None]:
                for year in years:
                    rows.append(
                        Figure(
                            neighbourhood_id=hood,
                            year=year,
                            indicator=indicator,
                            hidden=SOURCE,
                            computed_at=now,
                        )
                    )
            continue
        published = protect_indicator(raw, hoods, years, is_count=indicator in indicators.COUNTS)
        for (hood, year), (value, base, hidden) in published.items():
            rows.append(
                Figure(
                    neighbourhood_id=hood,
                    year=year,
                    indicator=indicator,
                    value=value,
                    base=base,
                    hidden=hidden,
                    computed_at=now,
                )
            )
    Figure.objects.all().delete()
    Figure.objects.bulk_create(rows, batch_size=2000)
    return Run(len(rows), time.monotonic() - started, now)
