"""What anyone may see of a panel, assembled once for the public page and the API.

No names, contact details or addresses: volunteers appear only by their random public id.
Probabilities, the lottery and the draw are shown from the moment the lottery's hash is
published; before that the pool can still change.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from . import selection
from .models import Category, Draw, Panel, Volunteer


@dataclass(frozen=True)
class QuotaLine:
    value: str
    label: str
    min: int
    max: int
    target: int
    in_pool: int
    on_panel: int | None


@dataclass(frozen=True)
class CategoryBlock:
    key: str
    label: str
    quotas: list[QuotaLine]


@dataclass(frozen=True)
class DrawLine:
    round: int
    kind: str
    kind_label: str
    seed: str
    confirmed_at: Any
    selected: list[str]
    replaced: list[str]
    command: str


@dataclass
class Summary:
    panel: Panel
    categories: list[CategoryBlock]
    pool_size: int
    published: bool
    lottery_hash: str = ""
    lottery_panels: int | None = None
    hash_published_at: Any = None
    lottery_url: str = ""
    lottery_filename: str = ""
    probabilities: list[tuple[str, float]] = field(default_factory=list)
    min_probability: float | None = None
    max_probability: float | None = None
    draws: list[DrawLine] = field(default_factory=list)
    members: list[str] = field(default_factory=list)


def lottery_filename(panel: Panel) -> str:
    return f"loting-burgerpanel-{panel.pk}.json"


def summary(panel: Panel) -> Summary:
    categories: list[Category] = list(panel.categories.prefetch_related("quotas"))
    pool = list(
        panel.volunteers.exclude(status=Volunteer.Status.WITHDRAWN).values_list(
            "features", "status"
        )
    )
    counts: dict[str, Counter[str]] = {c.key: Counter() for c in categories}
    on_panel: dict[str, Counter[str]] = {c.key: Counter() for c in categories}
    for features, status in pool:
        for key, value in features.items():
            if key in counts:
                counts[key][value] += 1
                if status == Volunteer.Status.SELECTED:
                    on_panel[key][value] += 1
    drawn = panel.status == Panel.Status.DRAWN
    blocks = [
        CategoryBlock(
            c.key,
            c.label,
            [
                QuotaLine(
                    q.value,
                    q.label,
                    q.min,
                    q.max,
                    q.target,
                    counts[c.key][q.value],
                    on_panel[c.key][q.value] if drawn else None,
                )
                for q in c.quotas.all()
            ],
        )
        for c in categories
    ]
    result = Summary(panel=panel, categories=blocks, pool_size=len(pool), published=False)
    run = panel.published_run
    if run is None:
        return result
    filename = lottery_filename(panel)
    result.published = True
    result.lottery_hash = run.lottery_hash
    result.lottery_panels = run.lottery_panels
    result.hash_published_at = panel.hash_published_at
    result.lottery_url = reverse("panels:lottery_file", args=[panel.pk])
    result.lottery_filename = filename
    result.probabilities = sorted(run.probabilities.items())
    result.min_probability = run.min_probability
    result.max_probability = run.max_probability_found
    for draw in panel.draws.filter(confirmed_at__isnull=False).order_by("round"):
        result.draws.append(
            DrawLine(
                round=draw.round,
                kind=draw.kind,
                kind_label=str(Draw.Kind(draw.kind).label),
                seed=draw.seed,
                confirmed_at=draw.confirmed_at,
                selected=list(draw.selected),
                replaced=list(draw.replaced),
                command=selection.verification_command(filename, draw, run),
            )
        )
    result.members = sorted(
        panel.volunteers.filter(status=Volunteer.Status.SELECTED).values_list(
            "public_id", flat=True
        )
    )
    return result
