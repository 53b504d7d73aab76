"""'Waar sta ik?' in plain Dutch (B1): where a request is, who is responsible now (a name
and a phone number), what happens next and by when; and one sentence per event."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from .models import Escalation, Handover, HelpRequest, RouteEvent

Status = HelpRequest.Status


def _day(day: datetime.date | None) -> str:
    return formats.date_format(day, "l j F Y") if day else ""


@dataclass(frozen=True)
class Now:
    """What the resident needs to know about one request, right now."""

    where: str
    who: str
    phone: str
    next_step: str
    by: datetime.date | None
    late: bool = False


def now_for(
    request: HelpRequest, today: datetime.date, escalation: Escalation | None = None
) -> Now:
    """Needs request.current_organisation, .responsible_user, .current_handover (with its
    from_organisation) loaded; `escalation` is the open one when the status is ESCALATED."""
    org = request.current_organisation
    org_name = org.name if org else ""
    user = request.responsible_user
    handover: Handover | None = request.current_handover

    def phone_of(fallback) -> str:
        return (user.phone if user and user.phone else "") or (fallback.phone if fallback else "")

    if request.status == Status.CLOSED:
        return Now(
            where=_("Afgerond"),
            who="",
            phone="",
            next_step=_(
                "Uw vraag is afgerond op %(day)s. Heeft u weer hulp nodig? "
                "Stel dan een nieuwe vraag."
            )
            % {"day": _day(request.closed_at.date() if request.closed_at else None)},
            by=None,
        )
    if request.status == Status.ESCALATED:
        late = escalation is not None and escalation.is_overdue(today)
        if late:
            step = _(
                "Het regieteam had uw vraag uiterlijk %(day)s moeten overnemen. Dat is te laat. "
                "Bel het regieteam: %(phone)s."
            ) % {"day": _day(request.next_deadline), "phone": org.phone if org else ""}
        else:
            step = _(
                "Het regieteam van de gemeente neemt uw vraag over. Dat team mag over alle "
                "organisaties heen beslissen. Uiterlijk %(day)s belt iemand van het regieteam u."
            ) % {"day": _day(request.next_deadline)}
        return Now(
            where=_("Bij het regieteam: %(org)s") % {"org": org_name},
            who=org_name,
            phone=org.phone if org else "",
            next_step=step,
            by=request.next_deadline,
            late=late,
        )
    if request.status == Status.WAITING and handover is not None:
        sender = handover.from_organisation
        who = user.display_name if user else org_name
        if handover.kind == Handover.Kind.INTAKE:
            step = _(
                "%(org)s kijkt naar uw vraag. Uiterlijk %(day)s hoort u wie u gaat helpen. "
                "Gebeurt dat niet, dan gaat uw vraag vanzelf naar het regieteam van de gemeente."
            ) % {"org": org_name, "day": _day(request.next_deadline)}
            return Now(
                where=_("Bij %(org)s") % {"org": org_name},
                who=who,
                phone=phone_of(org),
                next_step=step,
                by=request.next_deadline,
            )
        if handover.kind == Handover.Kind.RETURN:
            step = _(
                "%(other)s kon u niet helpen. Uw vraag is terug bij %(who)s. Uiterlijk %(day)s "
                "zet %(who)s een nieuwe stap."
            ) % {
                "other": sender.name if sender else "",
                "who": who,
                "day": _day(request.next_deadline),
            }
            return Now(
                where=_("Terug bij %(org)s") % {"org": org_name},
                who=who,
                phone=phone_of(org),
                next_step=step,
                by=request.next_deadline,
            )
        step = _(
            "Uw vraag is doorgestuurd naar %(org)s. Zij laten uiterlijk %(day)s weten of zij u "
            "helpen. Tot dan blijft %(who)s uw contactpersoon. Gebeurt er niets, dan gaat uw "
            "vraag vanzelf naar het regieteam van de gemeente."
        ) % {"org": org_name, "day": _day(request.next_deadline), "who": who}
        return Now(
            where=_("Doorgestuurd naar %(org)s") % {"org": org_name},
            who=who,
            phone=phone_of(sender),
            next_step=step,
            by=request.next_deadline,
        )
    # In progress: someone accepted (or the regie team took ownership).
    who = user.display_name if user else org_name
    step = _("%(who)s van %(org)s helpt u. Wilt u iets weten? Bel %(phone)s.") % {
        "who": who,
        "org": org_name,
        "phone": phone_of(org),
    }
    return Now(
        where=_("Bij %(org)s") % {"org": org_name},
        who=who,
        phone=phone_of(org),
        next_step=step,
        by=None,
    )


def event_sentence(event: RouteEvent) -> str:
    """One line of the timeline. Needs event.organisation, .actor, .handover(+from) loaded."""
    org = event.organisation.name if event.organisation else ""
    who = event.actor.display_name if event.actor else ""
    kind = RouteEvent.Kind
    if event.kind == kind.OPENED:
        return _("De hulpvraag is gesteld bij %(org)s.") % {"org": org}
    if event.kind == kind.REFERRED:
        sender = (
            event.handover.from_organisation.name
            if event.handover and event.handover.from_organisation
            else ""
        )
        if event.handover and event.handover.kind == Handover.Kind.REGIE:
            return _("Het regieteam heeft de vraag toegewezen aan %(org)s.") % {"org": org}
        return _(
            "%(sender)s heeft de vraag doorgestuurd naar %(org)s "
            "(verwijzing %(hop)s van hoogstens 2)."
        ) % {
            "sender": sender,
            "org": org,
            "hop": event.hop,
        }
    if event.kind == kind.ACCEPTED:
        return _("%(who)s van %(org)s heeft de vraag aangenomen.") % {"who": who, "org": org}
    if event.kind == kind.REFUSED:
        return _("%(org)s kon niet helpen en heeft de vraag teruggestuurd.") % {"org": org}
    if event.kind == kind.RETURNED:
        return _("De vraag is terug bij %(org)s.") % {"org": org}
    if event.kind == kind.ESCALATED:
        if event.actor is None:
            return _(
                "Er is niet op tijd gereageerd. De vraag is vanzelf naar het regieteam "
                "(%(org)s) gegaan."
            ) % {"org": org}
        return _("De vraag is naar het regieteam (%(org)s) gegaan.") % {"org": org}
    if event.kind == kind.OWNERSHIP_TAKEN:
        return _("%(who)s van het regieteam heeft de vraag overgenomen.") % {"who": who}
    if event.kind == kind.ESCALATION_OVERDUE:
        return _("Het regieteam heeft de vraag niet op tijd overgenomen.")
    if event.kind == kind.PILLAR_TO_POST:
        return _("U heeft gemeld dat u van het kastje naar de muur wordt gestuurd.")
    if event.kind == kind.SHARED:
        return _("U heeft %(org)s toestemming gegeven om uw vraag te lezen.") % {"org": org}
    if event.kind == kind.NOTE_ADDED:
        return _("Er is een aantekening in uw kluis gezet.")
    if event.kind == kind.CLOSED:
        return _("%(org)s heeft de vraag afgerond.") % {"org": org}
    if event.kind == kind.WITHDRAWN:
        return _("De vraag is ingetrokken.")
    return str(event.get_kind_display())
