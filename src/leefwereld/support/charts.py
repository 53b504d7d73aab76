"""Server-rendered SVG line charts (no JavaScript). Every chart has a table under it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

WIDTH, HEIGHT, PAD = 560, 220, 40


@dataclass(frozen=True)
class Chart:
    points: str  # the polyline's "x,y x,y"
    dots: list[tuple[float, float, str]]  # x, y, label
    y_ticks: list[tuple[float, int]]
    x_labels: list[tuple[float, str]]
    width: int = WIDTH
    height: int = HEIGHT
    pad: int = PAD


def line_chart(series: list[tuple[datetime.date, float]], low: int, high: int) -> Chart | None:
    """A chart of values over time on a fixed scale (ZRM 1–5, Positive Health 0–10)."""
    if not series:
        return None
    inner_w, inner_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD
    first, last = series[0][0], series[-1][0]
    span = max((last - first).days, 1)

    def x(day: datetime.date) -> float:
        if len(series) == 1:
            return PAD + inner_w / 2
        return round(PAD + inner_w * (day - first).days / span, 1)

    def y(value: float) -> float:
        return round(PAD + inner_h * (1 - (value - low) / (high - low)), 1)

    dots = [(x(d), y(v), f"{d.isoformat()}: {v:.1f}") for d, v in series]
    return Chart(
        points=" ".join(f"{px},{py}" for px, py, _l in dots),
        dots=dots,
        y_ticks=[(y(v), v) for v in range(low, high + 1, 1 if high - low <= 5 else 2)],
        x_labels=[(x(d), d.strftime("%d-%m-%Y")) for d, _v in series],
    )
