"""Work and income's part of the household timeline (core/timeline.py): the benefit
status, the latest step on the participation ladder and daytime activities, with the
overlap of beschut werk and dagbesteding said in the status.

One query for the rows and one vault read for all members with rows (a log row each),
whatever the number of rows or members; a member the vault refuses is named as hidden.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leefwereld.core.actor import Actor
from leefwereld.core.domains import LifeDomain
from leefwereld.core.models import Household
from leefwereld.core.timeline import Item, Part

from . import services
from .authorisation import READERS


def timeline(actor: Actor, household_id: int) -> Part:
    part = Part()
    if actor.role not in READERS:
        return part
    household = Household(pk=household_id)
    overview = services.overview(actor, household)
    url = reverse("work:household", args=[household_id])
    for person in overview.people:
        who = person.resident.pk
        if person.benefit:
            part.items.append(
                Item(
                    app="work",
                    kind="benefit",
                    title=_("Bijstand") if person.benefit["receives"] else _("Geen bijstand"),
                    status=(
                        _("Met %(n)s verplichting(en)") % {"n": len(person.benefit["obligations"])}
                        if person.benefit["receives"]
                        else _("Vastgelegd")
                    ),
                    date=person.benefit["since"] or person.benefit["row"].on,
                    domain=LifeDomain.FINANCES,
                    owner=_("De gemeente (Werk en inkomen)"),
                    member_id=who,
                    url=url,
                )
            )
        if person.ladder:
            on, step, _text = person.ladder[-1]
            part.items.append(
                Item(
                    app="work",
                    kind="ladder",
                    title=_("Participatieladder: trede %(step)s, %(name)s")
                    % {"step": step, "name": services.LADDER[step]},
                    status=ngettext("%(n)s meting", "%(n)s metingen", len(person.ladder))
                    % {"n": len(person.ladder)},
                    date=on,
                    domain=LifeDomain.PARTICIPATION,
                    owner=_("Werkcoach"),
                    member_id=who,
                    url=url,
                )
            )
        for activity in person.daytime:
            part.items.append(
                Item(
                    app="work",
                    kind="daytime",
                    title=str(activity["label"]),
                    status=(
                        _("Let op: tegelijk beschut werk en dagbesteding")
                        if person.overlaps and activity["kind"] in services.OVERLAPPING
                        else _("%(hours)s uur per week") % {"hours": activity["hours_per_week"]}
                    ),
                    date=activity["starts_on"],
                    domain=LifeDomain.TIME_USE,
                    owner=activity["provider"],
                    member_id=who,
                    url=url,
                )
            )
    if overview.hidden:
        part.hidden.append(
            ngettext(
                "Werk en inkomen van %(n)s gezinslid: u heeft geen toestemming of wettelijke "
                "grond (onderwerp Werk en inkomen).",
                "Werk en inkomen van %(n)s gezinsleden: u heeft geen toestemming of wettelijke "
                "grond (onderwerp Werk en inkomen).",
                overview.hidden,
            )
            % {"n": overview.hidden}
        )
    return part
