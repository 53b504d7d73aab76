"""The monitor's one verb: the council sets (or changes) a target."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from leefwereld.core.actor import Actor
from leefwereld.core.models import Neighbourhood

from .models import Target


@transaction.atomic
def set_target(
    actor: Actor, neighbourhood: Neighbourhood, year: int, indicator: str, value: Decimal
) -> Target:
    target, _created = Target.objects.update_or_create(
        neighbourhood=neighbourhood,
        year=year,
        indicator=indicator,
        defaults={"value": value, "set_by": actor.user},
    )
    return target
