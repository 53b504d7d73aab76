"""The verbs of an objection: file it, plan or record the hearing, decide on it."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leefwereld.core.actor import Actor
from leefwereld.core.mail import link, send
from leefwereld.core.roles import Role
from leefwereld.vault import access as vault
from leefwereld.vault.models import Category

from .authorisation import CASEWORK
from .models import Objection
from .registry import Objectable

GROUNDS_KIND = "objection-grounds"


@transaction.atomic
def file(
    actor: Actor,
    target: Objectable,
    *,
    grounds: str,
    received_on: datetime.date | None = None,
    committee: bool = False,
) -> Objection:
    """File an objection against a decision the actor may see. The grounds go to the
    resident's vault; a late objection is still filed (Awb 6:11: the municipality judges
    whether the delay is excusable) and the page says it is late."""
    if actor.role not in (Role.RESIDENT, *CASEWORK):
        raise PermissionDenied
    today = timezone.localdate()
    received_on = received_on or today
    if actor.role == Role.RESIDENT:
        received_on = today  # a resident files today; staff register a letter's date
    if received_on > today:
        raise ValidationError({"received_on": _("De datum van ontvangst ligt in de toekomst.")})
    if received_on < target.announced_on:
        raise ValidationError(
            {"received_on": _("Het bezwaar is ontvangen voordat het besluit bekend was.")}
        )
    grounds = grounds.strip()
    if not grounds:
        raise ValidationError(
            {"grounds": _("Schrijf op waarom u het niet eens bent met het besluit.")}
        )
    if len(grounds) > 5000:
        raise ValidationError({"grounds": _("Houd de gronden korter dan 5000 tekens.")})
    objection = Objection.objects.create(
        content_type=ContentType.objects.get_for_model(target.decision),
        object_id=target.decision.pk,
        decision_label=target.label,
        resident=target.resident,
        announced_on=target.announced_on,
        received_on=received_on,
        committee=committee,
        filed_by=actor.user,
    )
    vault.write_record(
        actor,
        target.resident,
        Category.OTHER,
        "bezwaar",
        {"title": str(objection), "text": grounds, "objection_id": objection.pk},
        kind=GROUNDS_KIND,
        source="objections",
    )
    return objection


def _handler(actor: Actor, objection: Objection) -> None:
    if actor.role not in CASEWORK or not vault.bases_for(actor, [objection.resident]):
        raise PermissionDenied(_("U behandelt dit bezwaar niet."))


def _tell(objection: Objection, subject: str) -> None:
    user = objection.resident.user
    send(
        [user.email if user else None],
        subject,
        _("Er is nieuws over uw bezwaar. Lees het in Leefwereld: %(url)s")
        % {"url": link("objections:detail", objection.pk)},
    )


@transaction.atomic
def plan_hearing(
    actor: Actor, objection: Objection, *, state: str, at: datetime.datetime | None = None
) -> Objection:
    """Plan the hearing (Awb 7:2), record that it was held, or that it was waived (Awb 7:3)."""
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    _handler(actor, objection)
    if objection.outcome != Objection.Outcome.PENDING:
        raise ValidationError(_("Op dit bezwaar is al beslist."))
    if state not in Objection.Hearing.values or state == Objection.Hearing.NOT_PLANNED:
        raise ValidationError({"state": _("Kies plannen, gehouden of afgezien.")})
    if state == Objection.Hearing.PLANNED and at is None:
        raise ValidationError({"at": _("Vul de datum en tijd van de hoorzitting in.")})
    objection.hearing = state
    objection.hearing_at = at if at is not None else objection.hearing_at
    objection.save(update_fields=["hearing", "hearing_at"])
    if state == Objection.Hearing.PLANNED:
        _tell(objection, _("Uw hoorzitting is gepland"))
    return objection


@transaction.atomic
def decide(
    actor: Actor, objection: Objection, *, outcome: str, postponed: bool = False
) -> Objection:
    """Record the decision on the objection. An objection that is not plainly inadmissible
    or withdrawn is decided only after the hearing was held or waived (Awb 7:2, 7:3)."""
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    _handler(actor, objection)
    if objection.outcome != Objection.Outcome.PENDING:
        raise ValidationError(_("Op dit bezwaar is al beslist."))
    if outcome not in Objection.Outcome.values or outcome == Objection.Outcome.PENDING:
        raise ValidationError({"outcome": _("Kies een uitkomst.")})
    needs_hearing = outcome not in (Objection.Outcome.INADMISSIBLE, Objection.Outcome.WITHDRAWN)
    if needs_hearing and objection.hearing not in (
        Objection.Hearing.HELD,
        Objection.Hearing.WAIVED,
    ):
        raise ValidationError(
            {"outcome": _("Hoor de indiener eerst, of leg vast dat van horen is afgezien.")}
        )
    objection.outcome = outcome
    objection.decided_on = timezone.localdate()
    objection.save(update_fields=["outcome", "decided_on"])
    _tell(objection, _("Er is beslist op uw bezwaar"))
    return objection


@transaction.atomic
def postpone(actor: Actor, objection: Objection) -> Objection:
    """Awb 7:10 lid 3: postpone the decision by six weeks (once)."""
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    _handler(actor, objection)
    if objection.postponed:
        raise ValidationError(_("Dit bezwaar is al verdaagd."))
    objection.postponed = True
    objection.save(update_fields=["postponed"])
    return objection
