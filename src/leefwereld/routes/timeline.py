"""Routes' part of the household timeline (core/timeline.py): help requests and where
they stand, in one query whatever their number.

The same rule as every routes page: a resident sees their own requests and those of the
children they represent; a case worker sees the requests whose route passes one of their
organisations (`visible_requests`). What falls outside is named as hidden, without a count
(a count would tell a case worker that a request exists on another organisation's route).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from leefwereld.core.actor import Actor
from leefwereld.core.domains import LifeDomain
from leefwereld.core.models import Resident
from leefwereld.core.roles import Role
from leefwereld.core.timeline import Item, Part
from leefwereld.vault.models import Category

from .authorisation import CASEWORK, subjects, visible_requests
from .models import HelpRequest

# A help request's subject (a vault category) in the plan's life domains (ZRM 2017).
DOMAIN_OF_CATEGORY = {
    Category.HEALTH: LifeDomain.PHYSICAL_HEALTH,
    Category.MENTAL_HEALTH: LifeDomain.MENTAL_HEALTH,
    Category.ADDICTION: LifeDomain.SUBSTANCE_USE,
    Category.FINANCE: LifeDomain.FINANCES,
    Category.WORK_INCOME: LifeDomain.WORK_EDUCATION,
    Category.HOUSING: LifeDomain.HOUSING,
    Category.FAMILY: LifeDomain.DOMESTIC_RELATIONS,
    Category.EDUCATION: LifeDomain.WORK_EDUCATION,
    Category.JUSTICE: LifeDomain.JUSTICE,
    Category.DAYTIME: LifeDomain.TIME_USE,
    Category.NETWORK: LifeDomain.SOCIAL_NETWORK,
}


def _status(request: HelpRequest) -> str:
    if request.is_open:
        return request.get_status_display()
    if request.outcome:
        return _("Afgerond: %(outcome)s") % {"outcome": request.get_outcome_display()}
    return request.get_status_display()


def timeline(actor: Actor, household_id: int) -> Part:
    part = Part()
    if actor.role == Role.RESIDENT:
        own = [r.pk for r in subjects(actor)]
        others = Resident.objects.filter(household_id=household_id).exclude(pk__in=own)
        if others.exists():
            part.hidden.append(
                _(
                    "Hulpvragen van andere volwassenen in uw huishouden: die ziet alleen de "
                    "persoon zelf."
                )
            )
    elif actor.role in CASEWORK:
        part.hidden.append(
            _(
                "Hulpvragen die niet langs uw organisatie lopen: die zien alleen de "
                "organisaties op de route van de vraag."
            )
        )
    else:
        part.hidden.append(_("Hulpvragen: die zien alleen de inwoner en de hulpverleners."))
        return part
    rows = (
        visible_requests(actor)
        .filter(resident__household_id=household_id)
        .select_related("current_organisation")
        .order_by("-opened_at", "-pk")
    )
    resident = actor.role == Role.RESIDENT
    for request in rows:
        opened = request.opened_at.date()
        if request.is_open:
            date = request.next_deadline or opened
        else:
            date = request.closed_at.date() if request.closed_at else opened
        part.items.append(
            Item(
                app="routes",
                kind="help_request",
                title=_("Hulpvraag: %(subject)s") % {"subject": request.get_category_display()},
                status=_status(request),
                date=date,
                domain=DOMAIN_OF_CATEGORY.get(request.category, ""),  # type: ignore[call-overload]
                owner=(
                    request.current_organisation.name
                    if request.current_organisation
                    else _("Nog niemand")
                ),
                member_id=request.resident_id,
                url=reverse(
                    "routes:my_request" if resident else "routes:request_detail",
                    args=[request.pk],
                ),
            )
        )
    return part
