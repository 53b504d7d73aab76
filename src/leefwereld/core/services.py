"""State changes of the basic registration. Views and the demo call these verbs."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Address, Household, HouseholdAddress, Resident


@transaction.atomic
def register_household(address: Address, moved_in: datetime.date) -> Household:
    household = Household.objects.create(address=address)
    HouseholdAddress.objects.create(household=household, address=address, moved_in=moved_in)
    return household


@transaction.atomic
def move_household(household: Household, to: Address, on: datetime.date) -> Household:
    """Move a whole household; the previous address stays in its history."""
    current = (
        HouseholdAddress.objects.select_for_update()
        .filter(household=household, moved_out__isnull=True)
        .first()
    )
    if current is not None:
        if on < current.moved_in:
            raise ValidationError(
                {"on": _("De verhuisdatum ligt vóór de datum van de vorige verhuizing.")}
            )
        if current.address_id == to.pk:
            raise ValidationError({"to": _("Het huishouden woont al op dit adres.")})
        current.moved_out = on
        current.save(update_fields=["moved_out"])
    HouseholdAddress.objects.create(household=household, address=to, moved_in=on)
    household.address = to
    household.save(update_fields=["address"])
    return household


@transaction.atomic
def leave_household(resident: Resident, on: datetime.date, to: Address) -> Household:
    """A resident leaves their household (e.g. moves out on their own) and starts a new one."""
    new_household = register_household(to, moved_in=on)
    resident.household = new_household
    resident.save(update_fields=["household"])
    return new_household


def address_history(household: Household) -> list[HouseholdAddress]:
    return list(household.moves.select_related("address").order_by("moved_in"))
