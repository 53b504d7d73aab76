"""One timeline per household: what every app does for it, in one list (principle 2).

The household plan and the resident's "Mijn leefwereld" show, per member and life domain,
what the apps that contribute do for it — support's meldingen, decisions and plan goals
and actions, help requests, work's benefit status, ladder and daytime activities, youth
decisions, objections, allocations — each with its status, owner and date. (Debts has no
`timeline` module yet: its goals and arrangement are not on the timeline.)

Each feature app that contributes has a module `<app>/timeline.py` with one function

    def timeline(actor: Actor, household_id: int) -> Part

that answers with a bounded number of queries (one per kind of item, never one per row)
and applies the vault's rules itself: what the actor may not see is left out of `items`
and named in `hidden` with the reason, in plain Dutch, so the page can say what is hidden
and why. `collect` finds those modules among the installed apps, so core imports no
feature app (import contracts, ADR 0014).
"""

from __future__ import annotations

import datetime
import functools
import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.apps import apps

if TYPE_CHECKING:
    from .actor import Actor


@dataclass(frozen=True)
class Item:
    app: str  # the contributing app's label, e.g. "support"
    kind: str  # e.g. "decision", "goal", "help_request", "arrangement"
    title: str  # plain Dutch (translated), no data of anyone outside the household
    status: str  # plain Dutch (translated)
    date: datetime.date | None  # the date that matters most now (deadline, start, end)
    domain: str = ""  # a LifeDomain value (core/domains.py); empty: not one domain
    owner: str = ""  # who acts on it: an organisation, a team or "u zelf"
    member_id: int | None = None  # the Resident it is about; None: the whole household
    url: str = ""  # where to see more, if the actor may open it


@dataclass
class Part:
    """One app's contribution: the items the actor may see, and what is hidden and why."""

    items: list[Item] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)


Source = Callable[["Actor", int], Part]


@functools.cache
def sources() -> list[tuple[str, Source]]:
    """The `timeline` function of every installed app that has a `timeline` module.

    Found once per process: the installed apps do not change after start-up, and looking
    for modules on disk on every plan page and "Mijn leefwereld" was work on a hot path."""
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.timeline"
        if name == __name__ or not config.name.startswith("leefwereld."):
            continue
        if importlib.util.find_spec(name):
            found.append((config.label, importlib.import_module(name).timeline))
    return found


def collect(actor: Actor, household_id: int) -> Part:
    """All apps' items for one household, newest date first, and every hidden part."""
    whole = Part()
    for _label, source in sources():
        part = source(actor, household_id)
        whole.items.extend(part.items)
        whole.hidden.extend(part.hidden)
    whole.items.sort(key=lambda item: item.date or datetime.date.min, reverse=True)
    return whole
