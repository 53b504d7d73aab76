"""Finance's part of the household timeline (core/timeline.py): the household's
allocations — what was granted, from whom, until when — in one query.

The same rule as the finance pages: the household itself (a resident and whom they
represent) and a professional with a vault basis for one of its members. Everyone else
sees nothing and is told why.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from leefwereld.core.actor import Actor
from leefwereld.core.timeline import Item, Part

from .authorisation import OWN, PROFESSIONALS, may_see_household
from .models import Allocation
from .services import today


def timeline(actor: Actor, household_id: int) -> Part:
    part = Part()
    if actor.role not in OWN | PROFESSIONALS or not may_see_household(actor, household_id):
        part.hidden.append(
            _("Toewijzingen: die ziet alleen het huishouden en wie er een grondslag voor heeft.")
        )
        return part
    on = today()
    url = reverse("finance:mine") if actor.role in OWN else ""
    rows = (
        Allocation.objects.filter(household_id=household_id)
        .select_related("provider__organisation")
        .order_by("-starts_on", "-pk")
    )
    for allocation in rows:
        running = allocation.starts_on <= on <= allocation.ends_on
        status = _("Loopt tot %(end)s") if running else _("Liep tot %(end)s")
        if allocation.starts_on > on:
            status = _("Begint op %(start)s")
        part.items.append(
            Item(
                app="finance",
                kind="allocation",
                title=_("%(product)s (%(volume)s %(unit)s %(frequency)s)")
                % {
                    "product": allocation.product_name,
                    "volume": allocation.volume,
                    "unit": allocation.unit_name,
                    "frequency": allocation.frequency_name,
                },
                status=status
                % {
                    "end": allocation.ends_on.strftime("%d-%m-%Y"),
                    "start": allocation.starts_on.strftime("%d-%m-%Y"),
                },
                date=allocation.ends_on,
                owner=allocation.provider.organisation.name,
                member_id=allocation.resident_id,
                url=url,
            )
        )
    return part
