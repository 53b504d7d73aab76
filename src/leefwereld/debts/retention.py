"""What the debt fund builds on in the vault, for the retention rules (vault/retention.py).

A debt case depends on its payment-capacity records (the case's and every arrangement
version's) and on the records of its inventory. While the case is open (not closed) the
resident cannot erase them and the retention job keeps them; once closed, the term runs
from the day it closed. Registered in `DebtsConfig.ready()`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.utils.translation import gettext as _

from leefwereld.vault.retention import Dependency


def dependencies(records: Sequence) -> dict[uuid.UUID, list[Dependency]]:
    from .models import ArrangementVersion, DebtCase, DebtItem

    ids = [r.pk for r in records]
    found: dict[uuid.UUID, list[Dependency]] = {}

    def add(record_id, closed_on, reason: str) -> None:
        found.setdefault(record_id, []).append(
            Dependency(reason=reason, open=closed_on is None, ended_on=closed_on)
        )

    capacity = _("Uw schuldregeling loopt nog; de berekening van uw afloscapaciteit hoort daarbij.")
    for record_id, closed_on in DebtCase.objects.filter(capacity_record_id__in=ids).values_list(
        "capacity_record_id", "closed_on"
    ):
        add(record_id, closed_on, capacity)
    for record_id, closed_on in ArrangementVersion.objects.filter(
        capacity_record_id__in=ids
    ).values_list("capacity_record_id", "arrangement__case__closed_on"):
        add(record_id, closed_on, capacity)
    inventory = _("Uw schuldzaak loopt nog; dit overzicht van uw schulden hoort daarbij.")
    for record_id, closed_on in DebtItem.objects.filter(record_id__in=ids).values_list(
        "record_id", "case__closed_on"
    ):
        add(record_id, closed_on, inventory)
    return found
