"""Work and income verbs: a benefit status, the participation ladder, daytime activities.

In production a benefit status comes from Suwinet (Wet SUWI art. 62; Suwinet-Inkijk).
This system has no Suwinet connection yet: that is a documented seam (docs/work.md). A
professional with a writing basis types over what Suwinet (or the resident, or the
municipality's own decision) says and names that source; nothing is made up.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leefwereld.core.actor import Actor
from leefwereld.core.models import Household, Resident
from leefwereld.vault import access as vault
from leefwereld.vault.models import Category

from .authorisation import PROFESSIONALS
from .models import WorkRecord

CATEGORY = Category.WORK_INCOME
SOURCE = "work"

# The participation ladder (Participatieladder), six steps. Source: Divosa and Regioplan,
# "De Participatieladder" (2009; www.participatieladder.nl), used by municipalities to
# measure participation over time. Only the step names are used here.
LADDER = {
    1: gettext_lazy("Geïsoleerd"),
    2: gettext_lazy("Sociale contacten buiten de deur"),
    3: gettext_lazy("Deelname aan georganiseerde activiteiten"),
    4: gettext_lazy("Onbetaald werk"),
    5: gettext_lazy("Betaald werk met ondersteuning"),
    6: gettext_lazy("Betaald werk"),
}
LADDER_SOURCE = "Divosa en Regioplan, De Participatieladder (2009), www.participatieladder.nl"

# Participatiewet art. 9 (arbeids- en re-integratieverplichtingen, tegenprestatie), art. 9
# lid 2 (tijdelijke ontheffing), art. 18b (taaleis); labels in plain Dutch for residents.
OBLIGATIONS = {
    "work": gettext_lazy("Werk zoeken en werk aannemen"),
    "reintegration": gettext_lazy("Meedoen aan hulp bij werk zoeken"),
    "tegenprestatie": gettext_lazy("Iets terugdoen voor de buurt"),
    "language": gettext_lazy("Nederlands leren"),
    "exempt_temporary": gettext_lazy("Voor een tijd geen plicht om werk te zoeken"),
}
SOURCES = {
    "suwinet": gettext_lazy("Suwinet"),
    "decision": gettext_lazy("Besluit van de gemeente"),
    "resident": gettext_lazy("Wat de inwoner zelf vertelde"),
}
# Beschut werk: Participatiewet art. 10b; dagbesteding: a Wmo maatwerkvoorziening;
# re-integratie: Participatiewet art. 10 (docs/work.md). Residents read these labels.
DAYTIME = {
    "beschut_werk": gettext_lazy("Beschut werk"),
    "dagbesteding": gettext_lazy("Dagbesteding"),
    "reintegratie": gettext_lazy("Werk zoeken met hulp"),
    "vrijwilligerswerk": gettext_lazy("Vrijwilligerswerk"),
}
# Two arrangements for the same days: seed 001 warns that a person can end up in both.
OVERLAPPING = {"beschut_werk", "dagbesteding"}


class WorkError(ValidationError):
    pass


def _require_writer(actor: Actor, resident: Resident) -> str:
    if actor.role not in PROFESSIONALS:
        raise PermissionDenied(_("Alleen een professional legt dit vast."))
    purpose = vault.writable_purposes(actor, resident).get(CATEGORY)
    if not purpose:
        raise PermissionDenied(
            _("U heeft geen toestemming of wettelijke grond om werk en inkomen vast te leggen.")
        )
    return purpose


def _save(
    actor: Actor, resident: Resident, kind: str, on: datetime.date, payload: dict[str, Any]
) -> WorkRecord:
    purpose = _require_writer(actor, resident)
    if resident.household_id is None:
        raise WorkError({"resident": _("Deze inwoner hoort niet bij een huishouden.")})
    record = vault.write_record(
        actor,
        resident,
        category=CATEGORY,
        payload=payload,
        purpose=purpose,
        kind=f"work-{kind}",
        source=SOURCE,
    )
    return WorkRecord.objects.create(
        kind=kind,
        household_id=resident.household_id,
        resident=resident,
        on=on,
        record=record.pk,
        recorded_by=actor.user,
    )


@transaction.atomic
def record_benefit(
    actor: Actor,
    resident: Resident,
    *,
    receives: bool,
    since: datetime.date | None,
    obligations: list[str],
    source: str,
    reference: str = "",
) -> WorkRecord:
    """A benefit status as a professional read it from its source (Suwinet, a decision)."""
    errors = {}
    if source not in SOURCES:
        errors["source"] = _("Kies waar dit gegeven vandaan komt.")
    if receives and since is None:
        errors["since"] = _("Vul in sinds wanneer de inwoner bijstand krijgt.")
    if since is not None and since > timezone.localdate():
        errors["since"] = _("Deze datum ligt in de toekomst.")
    unknown = [o for o in obligations if o not in OBLIGATIONS]
    if unknown:
        errors["obligations"] = _("Kies alleen verplichtingen uit de lijst.")
    if errors:
        raise WorkError(errors)
    on = since or timezone.localdate()
    payload = {
        "title": _("Uitkering"),
        "receives": receives,
        "since": since.isoformat() if since else None,
        "obligations": obligations if receives else [],
        "source": source,
        "reference": reference.strip()[:200],
    }
    return _save(actor, resident, WorkRecord.Kind.BENEFIT, on, payload)


@transaction.atomic
def record_ladder(
    actor: Actor, resident: Resident, *, step: int, measured_on: datetime.date, note: str = ""
) -> WorkRecord:
    if step not in LADDER:
        raise WorkError({"step": _("Kies een trede van 1 tot en met 6.")})
    if measured_on > timezone.localdate():
        raise WorkError({"measured_on": _("Deze datum ligt in de toekomst.")})
    payload = {
        "title": _("Participatieladder"),
        "step": step,
        "text": note.strip()[:2000],
    }
    return _save(actor, resident, WorkRecord.Kind.LADDER, measured_on, payload)


@transaction.atomic
def record_daytime(
    actor: Actor,
    resident: Resident,
    *,
    kind: str,
    provider: str,
    hours_per_week: int,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
) -> WorkRecord:
    errors = {}
    if kind not in DAYTIME:
        errors["kind"] = _("Kies wat voor werk of dagbesteding het is.")
    if not provider.strip():
        errors["provider"] = _("Vul in bij welke organisatie.")
    if not 0 < hours_per_week <= 40:
        errors["hours_per_week"] = _("Vul een aantal uren van 1 tot en met 40 in.")
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("De einddatum ligt vóór de begindatum.")
    if errors:
        raise WorkError(errors)
    payload = {
        "title": str(DAYTIME[kind]),
        "kind": kind,
        "provider": provider.strip()[:200],
        "hours_per_week": hours_per_week,
        "starts_on": starts_on.isoformat(),
        "ends_on": ends_on.isoformat() if ends_on else None,
    }
    return _save(actor, resident, WorkRecord.Kind.DAYTIME, starts_on, payload)


# --- reading ------------------------------------------------------------------------------


@dataclass
class Person:
    resident: Resident
    benefit: dict[str, Any] | None = None
    ladder: list[tuple[datetime.date, int, str]] = field(default_factory=list)
    daytime: list[dict[str, Any]] = field(default_factory=list)
    overlaps: list[str] = field(default_factory=list)


@dataclass
class Overview:
    people: list[Person]
    hidden: int  # members whose work and income the actor may not read


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _overlaps(activities: list[dict[str, Any]]) -> list[str]:
    """Beschut werk and dagbesteding whose periods overlap, in plain Dutch."""
    found = []
    relevant = [a for a in activities if a["kind"] in OVERLAPPING]
    for i, a in enumerate(relevant):
        for b in relevant[i + 1 :]:
            if a["kind"] == b["kind"]:
                continue
            a_end = a["ends_on"] or datetime.date.max
            b_end = b["ends_on"] or datetime.date.max
            if a["starts_on"] <= b_end and b["starts_on"] <= a_end:
                found.append(
                    _(
                        "Tegelijk beschut werk en dagbesteding (%(a)s en %(b)s): twee "
                        "regelingen voor dezelfde dagen. Bespreek samen wat past."
                    )
                    % {"a": a["provider"], "b": b["provider"]}
                )
    return found


def overview(actor: Actor, household: Household) -> Overview:
    """Per member: the latest benefit status, the ladder over time, the daytime activities.

    One query for the rows and one vault read for the members with rows (a log row each),
    whatever the number of rows or members; a member the vault refuses is counted as hidden.
    """
    members = list(Resident.objects.filter(household=household).order_by("birth_date", "pk"))
    rows = list(WorkRecord.objects.filter(household=household).order_by("on", "pk"))
    people: list[Person] = []
    hidden = 0
    with_rows = {r.resident_id for r in rows}
    members = [m for m in members if m.pk in with_rows]
    reads = vault.read_own_records_of(actor, members, categories=[CATEGORY])
    for member in members:
        opened = reads[member.pk]
        if opened is None:
            hidden += 1
            continue
        payloads = {str(item.id): item.payload for item in opened.records}
        person = Person(member)
        for row in rows:
            payload = payloads.get(str(row.record))
            if row.resident_id != member.pk or payload is None:
                continue
            if row.kind == WorkRecord.Kind.BENEFIT:
                person.benefit = {**payload, "since": _date(payload.get("since")), "row": row}
            elif row.kind == WorkRecord.Kind.LADDER:
                person.ladder.append((row.on, payload["step"], payload.get("text", "")))
            elif row.kind == WorkRecord.Kind.DAYTIME:
                person.daytime.append(
                    {
                        **payload,
                        "starts_on": _date(payload["starts_on"]),
                        "ends_on": _date(payload.get("ends_on")),
                        "label": DAYTIME.get(payload["kind"], payload["kind"]),
                    }
                )
        person.overlaps = _overlaps(person.daytime)
        people.append(person)
    return Overview(people, hidden)
