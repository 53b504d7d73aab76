"""Youth care's part of the household timeline (core/timeline.py): youth decisions.

Bounded queries whatever the number of items: the members, the actor's bases (at most
three), the actor's organisations and one for the decisions. A member the actor has no
basis for (own, as holder of gezag while the child is under 16, or a grant or legal basis
covering family) is left out; the page then says youth care of such members is hidden —
without saying whether there is any, since that itself would tell something.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from leefwereld.core.actor import Actor
from leefwereld.core.domains import LifeDomain
from leefwereld.core.models import Resident
from leefwereld.core.roles import Role
from leefwereld.core.timeline import Item, Part
from leefwereld.vault import access as vault
from leefwereld.vault.models import Category

from .authorisation import CASEWORK, organisation_ids
from .models import Decision


def timeline(actor: Actor, household_id: int) -> Part:
    members = list(Resident.objects.filter(household_id=household_id).order_by("pk"))
    part = Part()
    if not members or actor.role not in (Role.RESIDENT, *CASEWORK):
        return part
    visible = {
        b.resident_id
        for b in vault.bases_for(actor, members)
        if b.is_own or Category.FAMILY in b.categories
    }
    decisions = Decision.objects.filter(access__child__household_id=household_id).select_related(
        "access", "access__product", "access__provider"
    )
    teams = set(organisation_ids(actor)) if actor.role in CASEWORK else set()
    for decision in decisions.order_by("-access__received_on", "-pk"):
        access = decision.access
        if access.child_id not in visible and access.team_id not in teams:
            continue
        period = decision.ends_on or decision.starts_on or access.received_on
        part.items.append(
            Item(
                app="youth",
                kind="youth_decision",
                title=_("Jeugdhulp: %(product)s bij %(provider)s")
                % {"product": access.product.name, "provider": access.provider.name},
                status=str(decision.get_outcome_display()),
                date=period,
                domain=LifeDomain.DOMESTIC_RELATIONS,
                owner=access.provider.name,
                member_id=access.child_id,
                url=reverse("youth:detail", args=[decision.pk]),
            )
        )
    if any(m.pk not in visible for m in members) and not teams:
        part.hidden.append(
            _(
                "Jeugdhulp van gezinsleden voor wie u geen toestemming of wettelijke grond "
                "heeft (een jongere van 16 jaar of ouder beslist daar zelf over)."
            )
        )
    return part
