"""Server-rendered SVG bar charts: actual per year against the target (no JavaScript).
Every chart has a data table next to it; a hidden figure draws no bar."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT, PAD, SLOT = 420, 180, 36, 70


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    label: str  # year


@dataclass(frozen=True)
class Mark:
    x1: int
    x2: int
    y: int


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    targets: list[Mark]
    labels: list[tuple[int, str]]
    ticks: list[tuple[int, str]]
    width: int
    height: int
    baseline: int


def target_chart(points: list[tuple[int, float | None, float | None]]) -> BarChart:
    """``points``: (year, actual or None, target or None), oldest first."""
    peak = max([v for _y, a, t in points for v in (a, t) if v is not None] + [1.0])
    inner = HEIGHT - 2 * PAD
    baseline = PAD + inner

    def y(value: float) -> int:
        return baseline - round(inner * value / peak)

    bars, targets, labels = [], [], []
    for i, (year, actual, target) in enumerate(points):
        x = PAD + 10 + i * SLOT
        if actual is not None:
            bars.append(Bar(x, y(actual), 36, baseline - y(actual), str(year)))
        if target is not None:
            targets.append(Mark(x - 6, x + 42, y(target)))
        labels.append((x + 18, str(year)))
    ticks = [(y(peak * k / 4), f"{peak * k / 4:.0f}") for k in range(5)]
    return BarChart(
        bars, targets, labels, ticks, PAD + 20 + max(len(points), 1) * SLOT, HEIGHT, baseline
    )
