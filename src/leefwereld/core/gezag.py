"""Recording and reading gezag (minors) and representation (adults).

The BRP sync and a professional's form both record through `record_gezag`, which checks
the number of holders the BRP type allows (zero, one or two; a guardian may be an
institution) and replaces the previous answer in one transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from .models import Gezag, GezagHolder, Organisation, Representation, Resident, Source


@transaction.atomic
def record_gezag(
    minor: Resident,
    type: str,
    *,
    parents: Sequence[Resident] = (),
    third: Resident | None = None,
    guardians: Sequence[Resident] = (),
    institution: Organisation | None = None,
    source: str = Source.MANUAL,
    explanation: str = "",
    today: datetime.date | None = None,
) -> Gezag:
    """Record (or replace) who holds gezag over `minor`, as the BRP answers it."""
    today = today or datetime.date.today()
    if type not in Gezag.Type.values:
        raise ValidationError({"type": _("Kies een soort gezag uit de lijst.")})
    if minor.age_on(today) >= 18:
        raise ValidationError({"minor": _("Gezag geldt alleen voor minderjarigen.")})
    holders: list[tuple[str, Resident | None, Organisation | None]] = [
        (GezagHolder.Kind.PARENT, p, None) for p in parents
    ]
    if third is not None:
        holders.append((GezagHolder.Kind.THIRD, third, None))
    holders += [(GezagHolder.Kind.GUARDIAN, g, None) for g in guardians]
    if institution is not None:
        holders.append((GezagHolder.Kind.GUARDIAN, None, institution))
    low, high = Gezag.HOLDERS[Gezag.Type(type)]
    if not low <= len(holders) <= high:
        raise ValidationError(
            {
                "holders": _(
                    "Bij '%(type)s' horen %(low)s tot %(high)s gezagdragers; u gaf er %(n)s."
                )
                % {"type": Gezag.Type(type).label, "low": low, "high": high, "n": len(holders)}
            }
        )
    kinds = {kind for kind, _r, _o in holders}
    expected = {
        Gezag.Type.TWEEHOOFDIG: {GezagHolder.Kind.PARENT},
        Gezag.Type.EENHOOFDIG: {GezagHolder.Kind.PARENT},
        Gezag.Type.GEZAMENLIJK: {GezagHolder.Kind.PARENT, GezagHolder.Kind.THIRD},
        Gezag.Type.VOOGDIJ: {GezagHolder.Kind.GUARDIAN},
    }.get(Gezag.Type(type), set())
    if holders and kinds != expected:
        raise ValidationError({"holders": _("De gezagdragers passen niet bij deze soort gezag.")})
    people = [r.pk for _k, r, _o in holders if r is not None]
    if minor.pk in people or len(set(people)) != len(people):
        raise ValidationError({"holders": _("Een gezagdrager staat dubbel of is het kind zelf.")})
    gezag, _created = Gezag.objects.update_or_create(
        minor=minor,
        defaults={"type": type, "source": source, "explanation": explanation, "recorded_on": today},
    )
    gezag.holders.all().delete()
    GezagHolder.objects.bulk_create(
        GezagHolder(gezag=gezag, kind=kind, resident=resident, organisation=org)
        for kind, resident, org in holders
    )
    return gezag


def holders_of(minor: Resident) -> list[Resident]:
    """The people holding gezag over `minor` (a guardian institution is not a person)."""
    return list(Resident.objects.filter(gezag_over__gezag__minor=minor).order_by("gezag_over__pk"))


def minors_in_gezag_of(resident: Resident) -> QuerySet[Resident]:
    """The minors over whom `resident` holds gezag."""
    return Resident.objects.filter(gezag__holders__resident=resident)


def active_representations(day: datetime.date | None = None) -> QuerySet[Representation]:
    day = day or datetime.date.today()
    return Representation.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day), starts_on__lte=day
    )


def represented_by(
    resident: Resident, scopes: Iterable[str], day: datetime.date | None = None
) -> QuerySet[Resident]:
    """The adults `resident` represents today in one of `scopes` (person, money, both)."""
    kinds = [k for k, scope in Representation.SCOPE.items() if scope in set(scopes)]
    return Resident.objects.filter(
        pk__in=active_representations(day)
        .filter(representative=resident, kind__in=kinds)
        .values("represented_id")
    )
