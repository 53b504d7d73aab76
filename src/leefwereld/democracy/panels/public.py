"""What anyone may see of a panel, assembled once for the public page and the API.

No names, contact details or addresses: volunteers appear only by their random public id.
Probabilities, the lottery and the draw are shown from the moment the lottery's hash is
published; before that the pool can still change.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

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
    lottery_hash: str
    lottery_panels: int | None
    published_at: Any
    file_url: str
    file_name: str
    replaced: list[str]
    # Empty until two officials entered the same numbers.
    seed: str = ""
    confirmed_at: Any = None
    selected: list[str] = field(default_factory=list)
    ticket: int | None = None
    command: str = ""


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
    max_deviation: float | None = None
    draws: list[DrawLine] = field(default_factory=list)
    waiting: DrawLine | None = None  # a published lottery whose numbers are not drawn yet
    members: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class StatusStory:
    """What a panel's status means for a visitor, told once for every public page.

    `label` is the status in a few words, `meaning` what it means now and what comes
    next; `deadline` is the last day to sign up, only while signing up is possible.
    Nothing else on a public page says anything about whether one can sign up.
    """

    label: str
    meaning: str
    deadline: datetime.date | None = None
    can_register: bool = False


def status_story(panel: Panel, today: datetime.date) -> StatusStory:
    status = panel.status
    deadline = panel.registration_deadline
    if status == Panel.Status.RECRUITING:
        if deadline is not None and today > deadline:
            return StatusStory(
                _("Aanmelden is voorbij"),
                _(
                    "De termijn om u aan te melden is voorbij. De gemeente sluit de "
                    "aanmelding en berekent daarna de kansen."
                ),
            )
        return StatusStory(
            str(Panel.Status.RECRUITING.label),
            _(
                "Inwoners die een brief kregen, kunnen zich nu aanmelden met de code uit hun "
                "brief. Daarna berekent de gemeente de kansen en wordt er geloot."
            ),
            deadline=deadline,
            can_register=True,
        )
    if status == Panel.Status.CLOSED:
        return StatusStory(
            str(Panel.Status.CLOSED.label),
            _(
                "Aanmelden kan niet meer. De pool staat vast. De gemeente berekent nu de "
                "kansen en maakt daarna de loting bekend."
            ),
        )
    if status == Panel.Status.PUBLISHED:
        return StatusStory(
            str(Panel.Status.PUBLISHED.label),
            _(
                "Aanmelden kan niet meer. De kansen en de vingerafdruk van de loting staan "
                "hieronder. De trekking volgt op een openbare bijeenkomst."
            ),
        )
    if status == Panel.Status.DRAWN:
        return StatusStory(
            str(Panel.Status.DRAWN.label),
            _(
                "Het panel is getrokken en aanmelden kan niet meer. Hieronder staan de "
                "bijeenkomsten, het advies van het panel en het antwoord van het college."
            ),
        )
    return StatusStory(
        str(Panel.Status.DRAFT.label),
        _("De gemeente bereidt dit panel voor. Aanmelden kan nog niet."),
    )


def lottery_filename(panel: Panel, round_number: int = 0) -> str:
    if round_number == 0:
        return f"loting-burgerpanel-{panel.pk}.json"
    return f"vervangers-burgerpanel-{panel.pk}-ronde-{round_number}.json"


def lottery_url(panel: Panel, round_number: int = 0) -> str:
    if round_number == 0:
        return reverse("panels:lottery_file", args=[panel.pk])
    return reverse("panels:replacement_file", args=[panel.pk, round_number])


def draw_line(panel: Panel, draw: Draw) -> DrawLine:
    filename = lottery_filename(panel, draw.round)
    confirmed = draw.confirmed_at is not None
    return DrawLine(
        round=draw.round,
        kind=draw.kind,
        kind_label=str(Draw.Kind(draw.kind).label),
        lottery_hash=draw.lottery_hash,
        lottery_panels=draw.lottery_panels,
        published_at=draw.published_at,
        file_url=lottery_url(panel, draw.round),
        file_name=filename,
        replaced=list(draw.replaced),
        seed=draw.seed if confirmed else "",
        confirmed_at=draw.confirmed_at,
        selected=list(draw.selected),
        ticket=draw.detail.get("ticket"),
        command=selection.verification_command(filename, draw.seed, draw.lottery_hash)
        if confirmed
        else "",
    )


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
    result.published = True
    result.lottery_hash = run.lottery_hash
    result.lottery_panels = run.lottery_panels
    result.hash_published_at = panel.hash_published_at
    result.lottery_url = lottery_url(panel)
    result.lottery_filename = lottery_filename(panel)
    result.probabilities = sorted(run.probabilities.items())
    result.min_probability = run.min_probability
    result.max_probability = run.max_probability_found
    result.max_deviation = run.lottery_max_deviation
    for draw in panel.draws.defer("lottery_text").order_by("round"):
        line = draw_line(panel, draw)
        if draw.confirmed_at is None:
            result.waiting = line
        else:
            result.draws.append(line)
    result.members = sorted(
        panel.volunteers.filter(status=Volunteer.Status.SELECTED).values_list(
            "public_id", flat=True
        )
    )
    return result


# Large columns of a selection run that pages never need to load.
HEAVY_RUN_FIELDS = ("lottery_text", "pool_snapshot", "quota_snapshot", "stats")
