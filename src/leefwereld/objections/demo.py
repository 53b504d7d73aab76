"""Demo objections: about one in eight decided youth decisions gets an objection, in every
state — waiting for the hearing, heard, decided (upheld, partly, dismissed), inadmissible.
The deadlines follow from the dates (Awb, rules/deadlines.py), never stored."""

from __future__ import annotations

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from leefwereld.demo.rows import bulk_insert, new_row
from leefwereld.youth.models import Decision

from .models import Objection


def add_demo_data(seed: int, today: datetime.date) -> dict[str, int]:
    rng = random.Random(seed + 1606)
    decided = list(
        Decision.objects.filter(decided_on__isnull=False)
        .order_by("pk")
        .values_list(
            "pk", "decided_on", "decided_by_id", "access__child_id", "access__child__user_id"
        )
    )
    content_type = ContentType.objects.get_for_model(Decision)
    now = timezone.now()
    rows = []
    for pk, decided_on, by, child, _user in decided:
        if rng.random() >= 0.125 or by is None or decided_on is None:
            continue
        received: datetime.date = min(
            today, decided_on + datetime.timedelta(days=rng.randint(1, 50))
        )
        age = (today - received).days
        hearing, outcome, decided_at = (
            Objection.Hearing.NOT_PLANNED,
            Objection.Outcome.PENDING,
            None,
        )
        if age > 20:
            hearing = rng.choice([Objection.Hearing.HELD, Objection.Hearing.WAIVED])
        elif age > 7:
            hearing = Objection.Hearing.PLANNED
        if age > 40:
            outcome = rng.choice(
                [
                    Objection.Outcome.WELL_FOUNDED,
                    Objection.Outcome.PARTLY,
                    Objection.Outcome.UNFOUNDED,
                    Objection.Outcome.UNFOUNDED,
                ]
            )
            decided_at = received + datetime.timedelta(days=rng.randint(30, 40))
        elif age > 3 and rng.random() < 0.05:
            outcome, decided_at = (
                Objection.Outcome.INADMISSIBLE,
                received + datetime.timedelta(days=3),
            )
        rows.append(
            new_row(
                Objection,
                content_type_id=content_type.pk,
                object_id=pk,
                decision_label=f"Jeugdbesluit {pk}",
                resident_id=child,
                announced_on=decided_on,
                received_on=received,
                committee=rng.random() < 0.2,
                postponed=False,
                hearing=hearing,
                hearing_at=now + datetime.timedelta(days=rng.randint(3, 20))
                if hearing == Objection.Hearing.PLANNED
                else None,
                outcome=outcome,
                decided_on=decided_at,
                filed_by_id=by,
                filed_at=now,
            )
        )
    return {"objections": bulk_insert(Objection, rows)}
