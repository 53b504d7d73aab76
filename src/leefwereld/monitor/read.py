"""What the monitor pages show, read from the pre-aggregated figures (three queries, any
scale). Nothing here computes a figure: see aggregate.py."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max
from django.utils.formats import number_format

from leefwereld.core.models import Neighbourhood

from . import charts, indicators
from .aggregate import SOURCE
from .models import Figure, Indicator, Target

YEARS_SHOWN = 4


@dataclass
class Cell:
    year: int
    value: float | None
    base: int | None
    hidden: str
    target: Decimal | None = None
    lower_is_better: bool = False

    @property
    def text(self) -> str:
        """The figure with one decimal in the active language ("" when hidden or none)."""
        return "" if self.value is None else number_format(self.value, 1)

    @property
    def target_text(self) -> str:
        return "" if self.target is None else number_format(self.target, 1)

    @property
    def met(self) -> bool | None:
        """Whether the target was met; None without a target or a figure."""
        if self.target is None or self.value is None:
            return None
        target = float(self.target)
        return self.value <= target if self.lower_is_better else self.value >= target


@dataclass
class Row:
    code: str
    name: str
    cells: list[Cell]
    city: bool = False


@dataclass
class Block:
    indicator: str
    label: str
    missing: str
    rows: list[Row] = field(default_factory=list)
    city: Row | None = None
    chart: charts.BarChart | None = None
    chart_row: Row | None = None

    @property
    def table_rows(self) -> list[Row]:
        return [*self.rows, *([self.city] if self.city else [])]


@dataclass
class Monitor:
    years: list[int]
    computed_at: object
    blocks: list[Block]
    neighbourhood: Neighbourhood | None
    neighbourhoods: list[Neighbourhood]


def monitor(neighbourhood_id: int | None = None, *, targets: bool = True) -> Monitor:
    hoods = list(Neighbourhood.objects.order_by("name"))
    chosen = next((h for h in hoods if h.pk == neighbourhood_id), hoods[0] if hoods else None)
    figures = list(
        Figure.objects.values_list(
            "neighbourhood_id", "year", "indicator", "value", "base", "hidden"
        )
    )
    computed_at = Figure.objects.aggregate(at=Max("computed_at"))["at"]
    years = sorted({f[1] for f in figures})[-YEARS_SHOWN:]
    by_key: dict[tuple[int | None, int, str], tuple] = {(f[0], f[1], f[2]): f for f in figures}
    goal: dict[tuple[int | None, int, str], Decimal] = {}
    if targets:
        goal = {
            (t.neighbourhood_id, t.year, t.indicator): t.value
            for t in Target.objects.filter(year__in=years)
        }
    sourceless = {f[2] for f in figures if f[5] == SOURCE}
    blocks = []
    for indicator, label in Indicator.choices:
        lower = indicator in indicators.LOWER_IS_BETTER

        def row(hood: Neighbourhood | None, indicator=indicator, lower=lower) -> Row:
            pk = hood.pk if hood else None
            cells = []
            for year in years:
                f = by_key.get((pk, year, indicator))
                cells.append(
                    Cell(
                        year,
                        f[3] if f else None,
                        f[4] if f else None,
                        f[5] if f else "",
                        goal.get((pk, year, indicator)),
                        lower,
                    )
                )
            return Row(hood.cbs_code if hood else "", hood.name if hood else "", cells, not hood)

        missing = indicators.missing_reason(indicator) if indicator in sourceless else ""
        block = Block(indicator, str(label), missing)
        if not missing:
            block.rows = [row(h) for h in hoods]
            block.city = row(None)
            if chosen is not None:
                block.chart_row = row(chosen)
                block.chart = charts.target_chart(
                    [
                        (c.year, c.value, float(c.target) if c.target is not None else None)
                        for c in block.chart_row.cells
                    ]
                )
        blocks.append(block)
    return Monitor(years, computed_at, blocks, chosen, hoods)


CSV_COLUMNS = [
    "cbs_wijkcode",
    "wijk",
    "jaar",
    "indicator",
    "waarde",
    "basis",
    "verborgen",
    "streefwaarde",
]


def to_csv(data: Monitor) -> str:
    """The documented open-data CSV (docs/monitor.md): one line per wijk, year and
    indicator; the municipality as a whole has wijkcode and wijk empty. Semicolons, a
    decimal point, UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(CSV_COLUMNS)
    for block in data.blocks:
        if block.missing:
            continue
        for row in [*block.rows, *([block.city] if block.city else [])]:
            for cell in row.cells:
                writer.writerow(
                    [
                        row.code,
                        row.name,
                        cell.year,
                        block.indicator,
                        "" if cell.value is None else f"{cell.value:.1f}",
                        "" if cell.base is None else cell.base,
                        cell.hidden,
                        "" if cell.target is None else f"{cell.target:.1f}",
                    ]
                )
    return out.getvalue()


def to_xlsx(data: Monitor) -> bytes:
    """The same lines as the CSV in a spreadsheet (one sheet, the CSV's columns), numbers as
    numbers; hidden figures are empty cells with the reason in "verborgen"."""
    from openpyxl import Workbook  # imported late: only the export needs it

    book = Workbook(write_only=True)
    sheet = book.create_sheet("wijkmonitor")
    rows = csv.reader(io.StringIO(to_csv(data)), delimiter=";")
    sheet.append(next(rows))
    for line in rows:
        code, name, year, indicator, value, base, hidden, target = line
        sheet.append(
            [
                code,
                name,
                int(year),
                indicator,
                float(value) if value else None,
                int(base) if base else None,
                hidden,
                float(target) if target else None,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
