"""Objections' part of the household timeline (core/timeline.py): running and decided
objections, with the day the decision on them is due.

Bounded queries: the members, the actor's bases (at most three) and one for the
objections. Members the actor has no basis for are left out and the page says so.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from leefwereld.core.actor import Actor
from leefwereld.core.models import Resident
from leefwereld.core.roles import Role
from leefwereld.core.timeline import Item, Part
from leefwereld.vault import access as vault

from .authorisation import CASEWORK
from .models import Objection


def timeline(actor: Actor, household_id: int) -> Part:
    members = list(Resident.objects.filter(household_id=household_id).order_by("pk"))
    part = Part()
    if not members or actor.role not in (Role.RESIDENT, *CASEWORK):
        return part
    visible = {b.resident_id for b in vault.bases_for(actor, members)}
    rows = Objection.objects.filter(resident_id__in=visible).order_by("-received_on", "-pk")
    for o in rows:
        pending = o.outcome == Objection.Outcome.PENDING
        part.items.append(
            Item(
                app="objections",
                kind="objection",
                title=str(o),
                status=str(o.get_outcome_display()),
                date=o.decide_by if pending else o.decided_on,
                owner=_("De gemeente") if pending else "",
                member_id=o.resident_id,
                url=reverse("objections:detail", args=[o.pk]),
            )
        )
    if len(visible) < len(members):
        part.hidden.append(
            _("Bezwaren van gezinsleden voor wie u geen toestemming of wettelijke grond heeft.")
        )
    return part
