"""The household timeline laid out for a page: per member, then per life domain.

`core.timeline.collect` gives one flat list; the plan page and "Mijn leefwereld" show it
grouped the same way, so both call `grouped` and include `includes/timeline.html`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .domains import LifeDomain
from .models import Resident
from .timeline import Item, Part


@dataclass
class Domain:
    label: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Member:
    label: str
    domains: list[Domain] = field(default_factory=list)


def grouped(part: Part, members: Iterable[Resident]) -> list[Member]:
    """Sections for the whole household and each member, each with its life domains in
    the ZRM order (items without a domain last), items newest first as collected."""
    names = {m.pk: m.full_name for m in members}
    order = list(LifeDomain.values)
    labels = dict(LifeDomain.choices)
    sections: dict[int | None, dict[str, list[Item]]] = {}
    for item in part.items:
        who = item.member_id if item.member_id in names else None
        sections.setdefault(who, {}).setdefault(item.domain or "", []).append(item)
    result = []
    for who in [None, *names]:
        if who not in sections:
            continue
        domains = sorted(
            sections[who].items(),
            key=lambda pair: order.index(pair[0]) if pair[0] in order else len(order),
        )
        result.append(
            Member(
                label=names[who] if who is not None else _("Het hele huishouden"),
                domains=[
                    Domain(str(labels.get(code, "")) or _("Overig"), items)
                    for code, items in domains
                ],
            )
        )
    return result
