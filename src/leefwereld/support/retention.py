"""What Wmo support builds on in the vault, for the retention rules (vault/retention.py).

* A melding that is not decided or closed depends on its question, the report of the
  conversation (and the resident's remarks on it) and its applications; once closed, the
  term runs from the day it closed.
* A household's plan depends on its current version (older versions are history under
  their own term).

Registered in `SupportConfig.ready()`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.db.models import F
from django.utils.translation import gettext as _

from leefwereld.vault.retention import Dependency


def dependencies(records: Sequence) -> dict[uuid.UUID, list[Dependency]]:
    from .models import Application, Intake, Melding, PlanVersion

    ids = [r.pk for r in records]
    found: dict[uuid.UUID, list[Dependency]] = {}
    closed = (Melding.Status.DECIDED, Melding.Status.CLOSED)
    melding = _("Uw melding bij het wijkteam loopt nog; dit gegeven hoort daarbij.")

    def add(record_id, status, closed_on) -> None:
        is_open = status not in closed
        found.setdefault(record_id, []).append(
            Dependency(reason=melding, open=is_open, ended_on=None if is_open else closed_on)
        )

    for row in Melding.objects.filter(question_record__in=ids).values_list(
        "question_record", "status", "closed_on"
    ):
        add(*row)
    for field in ("report_record", "annotation_record"):
        for row in Intake.objects.filter(**{f"{field}__in": ids}).values_list(
            field, "melding__status", "melding__closed_on"
        ):
            add(*row)
    for row in Application.objects.filter(record__in=ids).values_list(
        "record", "melding__status", "melding__closed_on"
    ):
        add(*row)
    plan = _("Dit is de geldende versie van het plan van uw huishouden.")
    for record_id in PlanVersion.objects.filter(
        record__in=ids, number=F("plan__current_version")
    ).values_list("record", flat=True):
        found.setdefault(record_id, []).append(Dependency(reason=plan))
    return found
