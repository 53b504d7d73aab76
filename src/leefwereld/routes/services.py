"""The only place that changes a help route or an involvement: named verbs in transactions.

Principle 4 of the mission: at most two referrals to the right help. Every referral is a
hop; the second shows a warning; a third is impossible — attempting it opens an
escalation to the municipality's cross-sector regie team, who must take ownership within
LEEFWERELD_ESCALATION_WORKING_DAYS working days. Handovers are warm: the sender stays
responsible until the receiving organisation accepts, which it must do within
LEEFWERELD_HANDOVER_ACCEPT_WORKING_DAYS working days, or the request escalates by itself.

Deadlines count Dutch working days (`leefwereld.rules`): weekends and the public holidays
of the Algemene termijnenwet do not count.

Personal content (the question, notes) goes only through ``leefwereld.vault.access``.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leefwereld.core.actor import Actor
from leefwereld.core.models import Organisation, Resident
from leefwereld.core.numbers import parse_id
from leefwereld.core.roles import Role
from leefwereld.rules import add_working_days, consent
from leefwereld.vault import access as vault
from leefwereld.vault import services as vault_services
from leefwereld.vault.models import ALL_CATEGORIES, Grant, Mode, Record

from . import notify
from .authorisation import active_involvements, is_subject, may_reach, works_for
from .models import (
    Escalation,
    Handover,
    HelpRequest,
    Involvement,
    InvolvementArchive,
    InvolvementSignal,
)
from .models import RouteEvent as Event

Status = HelpRequest.Status
Kind = Handover.Kind
Cause = Escalation.Cause

# Principle 4 of the mission (docs/adr/0007): a fixed number, not a setting.
MAX_REFERRALS = 2
# The purpose of the resident's consent to let an organisation on the route read the
# question (vault grants are purpose-bound).
SHARE_PURPOSE = "hulpvraag"
RECORD_KIND = "help-request"
RECORD_SOURCE = "routes"
# Verwijsindex (Jeugdwet art. 7.1.4.5 and 7.1.4.6, geldend vanaf 2015-01-01): deleted
# after two years at the latest; the historical archive keeps five years.
INVOLVEMENT_YEARS = 2
ARCHIVE_YEARS = 5
# Jeugdwet art. 7.1.1.1: the Verwijsindex is for young people under 23; an adult only
# with their consent.
VERWIJSINDEX_AGE_LIMIT = 23
# One answer for a resident out of reach and for a BSN that does not exist, so an attempt
# reveals nothing (ADR 0011: names only after a lawful look-up).
OUT_OF_REACH = gettext_lazy(
    "Voor dit BSN kunt u niets doen: er woont niemand met dit BSN in het werkgebied van uw "
    "team, en u heeft geen toestemming of wettelijke grondslag voor zo iemand."
)

# The explicit status-transition table: (status before, action) → status after. Anything
# not in this table is refused (InvalidTransition).
TRANSITIONS: dict[tuple[str | None, str], str] = {
    (None, "open"): Status.WAITING,  # a resident asks an organisation
    (None, "open_accepted"): Status.IN_PROGRESS,  # a professional opens at their own
    (Status.WAITING, "accept"): Status.IN_PROGRESS,
    (Status.WAITING, "refuse"): Status.WAITING,  # back to the sender, who must act
    (Status.WAITING, "refer"): Status.WAITING,  # passed on before accepting
    (Status.IN_PROGRESS, "refer"): Status.WAITING,
    (Status.WAITING, "escalate"): Status.ESCALATED,
    (Status.IN_PROGRESS, "escalate"): Status.ESCALATED,
    (Status.ESCALATED, "take_ownership"): Status.IN_PROGRESS,
    (Status.IN_PROGRESS, "close"): Status.CLOSED,
    (Status.WAITING, "withdraw"): Status.CLOSED,
    (Status.IN_PROGRESS, "withdraw"): Status.CLOSED,
    (Status.ESCALATED, "withdraw"): Status.CLOSED,
}


logger = logging.getLogger(__name__)


class InvalidTransition(ValidationError):
    """The action does not fit the request's status (see TRANSITIONS)."""


@dataclass
class ReferResult:
    """A referral either hands the request over (with a warning at the second hop) or, as
    a third attempt, escalates it."""

    request: HelpRequest
    handover: Handover | None = None
    escalation: Escalation | None = None
    warning: str = ""

    @property
    def escalated(self) -> bool:
        return self.escalation is not None


# --- settings -----------------------------------------------------------------------------


def accept_working_days() -> int:
    return int(getattr(settings, "LEEFWERELD_HANDOVER_ACCEPT_WORKING_DAYS", 3))


def escalation_working_days() -> int:
    return int(getattr(settings, "LEEFWERELD_ESCALATION_WORKING_DAYS", 2))


def regie_organisation(municipality_id: int | None = None) -> Organisation:
    """The cross-sector team with a mandate: LEEFWERELD_REGIE_ORGANISATION (a primary key
    or an organisation's name), else the (first) municipality organisation."""
    configured = getattr(settings, "LEEFWERELD_REGIE_ORGANISATION", None)
    if configured is not None and configured != "":
        if isinstance(configured, Organisation):
            return configured
        pk = parse_id(configured)
        found = (
            Organisation.objects.filter(pk=pk)
            if pk is not None
            else Organisation.objects.filter(name=str(configured))
        ).first()
        if found is None:
            raise ImproperlyConfigured(
                f"LEEFWERELD_REGIE_ORGANISATION={configured!r} is not an organisation"
            )
        return found
    municipalities = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
    found = None
    if municipality_id is not None:
        found = municipalities.filter(municipality_id=municipality_id).order_by("pk").first()
    found = found or municipalities.order_by("pk").first()
    if found is None:
        raise ImproperlyConfigured(
            "No regie organisation: add an organisation of kind 'municipality' or set "
            "LEEFWERELD_REGIE_ORGANISATION."
        )
    return found


def _today(now: datetime.datetime) -> datetime.date:
    return timezone.localtime(now).date()


def deadline(now: datetime.datetime, working_days: int) -> datetime.date:
    """The last day of a term of `working_days` Dutch working days starting after `now`."""
    return add_working_days(_today(now), working_days)


# --- who may do what: routes/authorisation.py ----------------------------------------------


def open_escalation(request: HelpRequest) -> Escalation | None:
    """The escalation waiting for an owner, if any."""
    return (
        request.escalations.filter(owner__isnull=True, cancelled_at__isnull=True)
        .order_by("-opened_at", "-pk")
        .first()
    )


def held_by_regie(request: HelpRequest) -> Escalation | None:
    """The owned escalation under which the regie team now holds the request itself."""
    if request.status != Status.IN_PROGRESS or request.current_handover_id is not None:
        return None
    return (
        request.escalations.filter(owner__isnull=False, cancelled_at__isnull=True)
        .order_by("-owned_at", "-pk")
        .first()
    )


def _lock(request: HelpRequest) -> HelpRequest:
    # Lock the request row only: PostgreSQL refuses FOR UPDATE on the nullable side of
    # the outer joins select_related makes.
    return (
        HelpRequest.objects.select_for_update(of=("self",))
        .select_related("resident", "current_handover", "current_organisation")
        .get(pk=request.pk)
    )


def _move(request: HelpRequest, action: str) -> str:
    before = request.status or None
    after = TRANSITIONS.get((before, action))
    if after is None:
        raise InvalidTransition(
            _("Dit kan nu niet: de hulpvraag heeft de status '%(status)s'.")
            % {"status": request.get_status_display() if before else "-"},
            code="invalid_transition",
        )
    request.status = after
    return after


def _event(request: HelpRequest, kind: str, now: datetime.datetime, actor: Actor | None, **kw):
    user = actor.user if actor is not None else None
    return Event.objects.create(request=request, kind=kind, occurred_at=now, actor=user, **kw)


def _next_sequence(request: HelpRequest) -> int:
    last = request.handovers.order_by("-sequence").values_list("sequence", flat=True).first()
    return 0 if last is None else last + 1


# --- content in the vault -----------------------------------------------------------------


def _write_purpose(actor: Actor, resident: Resident, category: str) -> str | None:
    """The purpose under which `actor` may write `category` for `resident`, if any."""
    if is_subject(actor, resident):
        return SHARE_PURPOSE
    return vault.writable_purposes(actor, resident).get(category)


def may_write_content(actor: Actor, request: HelpRequest) -> bool:
    return _write_purpose(actor, request.resident, request.category) is not None


def may_read_content(actor: Actor, request: HelpRequest) -> bool:
    """Whether the vault would let `actor` read the question (checked without logging)."""
    if request.record_id is None:
        return False
    return any(
        request.category in basis.categories for basis in vault.bases_for(actor, [request.resident])
    )


def read_content(actor: Actor, request: HelpRequest) -> dict[str, Any]:
    """The question and notes, through the vault's audited read (one access-log row).
    Raises vault.AccessDenied without a basis, vault.RecordErased when the resident erased
    the text."""
    if request.record_id is None:
        return {}
    try:
        opened = vault.read_record(actor, request.record_id)
    except Record.DoesNotExist as error:
        raise vault.RecordErased(str(request.record_id)) from error
    return opened.payload


def _add_to_record(
    actor: Actor,
    request: HelpRequest,
    *,
    question: str = "",
    note: str = "",
    organisation: Organisation | None = None,
    now: datetime.datetime,
) -> None:
    """Write the question or append a note to the request's vault record (or create it)."""
    purpose = _write_purpose(actor, request.resident, request.category)
    if purpose is None:
        raise PermissionDenied(_("U mag niets in de kluis van deze inwoner zetten."))
    entry = {
        "at": timezone.localtime(now).isoformat(timespec="minutes"),
        "by": actor.user.display_name,
        "organisation": organisation.name if organisation else "",
        "text": note,
    }
    if request.record_id is None:
        payload = {
            "title": _("Hulpvraag van %(date)s")
            % {"date": timezone.localtime(request.opened_at).strftime("%d-%m-%Y")},
            "text": question,
            "notes": [entry] if note else [],
        }
        record = vault.write_record(
            actor,
            request.resident,
            request.category,
            payload=payload,
            purpose=purpose,
            kind=RECORD_KIND,
            source=RECORD_SOURCE,
        )
        request.record_id = record.pk
        request.save(update_fields=["record_id"])
        return
    opened = vault.read_record(actor, request.record_id)
    payload = dict(opened.payload)
    if question:
        payload["text"] = question
    if note:
        payload["notes"] = [*payload.get("notes", []), entry]
    vault.update_record(actor, opened.record, payload, purpose=purpose)


def _check_content_allowed(actor: Actor, resident: Resident, category: str, field: str) -> None:
    if _write_purpose(actor, resident, category) is None:
        raise ValidationError(
            {
                field: _(
                    "U mag voor dit onderwerp niets in de kluis van deze inwoner zetten. "
                    "Laat dit veld leeg, of vraag de inwoner eerst om toestemming."
                )
            }
        )


# --- the verbs of a route -------------------------------------------------------------------


@transaction.atomic
def open_request(
    actor: Actor,
    resident: Resident,
    *,
    organisation: Organisation,
    category: str,
    question: str = "",
    share: bool = False,
    now: datetime.datetime | None = None,
) -> HelpRequest:
    """A resident asks an organisation for help, or a professional opens a request at
    their own organisation on a resident's behalf (accepted at once: they help first)."""
    now = now or timezone.now()
    if category not in ALL_CATEGORIES:
        raise ValidationError({"category": _("Kies waar uw vraag over gaat.")})
    by_professional = actor.role != Role.RESIDENT
    if not may_reach(actor, resident):
        raise PermissionDenied(
            OUT_OF_REACH
            if by_professional
            else _("U kunt geen hulpvraag stellen voor deze inwoner.")
        )
    if by_professional and not works_for(actor, organisation.pk):
        raise ValidationError(
            {"organisation": _("U kunt alleen een hulpvraag openen bij uw eigen organisatie.")}
        )
    question = (question or "").strip()
    if question:
        _check_content_allowed(actor, resident, category, "question")

    hood = (
        Resident.objects.filter(pk=resident.pk)
        .values_list("household__address__neighbourhood_id", flat=True)
        .first()
    )
    request = HelpRequest(
        resident=resident,
        neighbourhood_id=hood,
        category=category,
        opened_by=actor.user,
        opened_at=now,
        current_organisation=organisation,
    )
    _move(request, "open_accepted" if by_professional else "open")
    accept_by = deadline(now, accept_working_days())
    if by_professional:
        request.responsible_user = actor.user
        request.last_accepted_at = now
    else:
        request.next_deadline = accept_by
    request.save()
    handover = Handover.objects.create(
        request=request,
        sequence=0,
        hop=0,
        kind=Kind.INTAKE,
        to_organisation=organisation,
        sent_by=actor.user,
        sent_at=now,
        accept_by=accept_by,
        status=Handover.Status.ACCEPTED if by_professional else Handover.Status.PENDING,
        decided_at=now if by_professional else None,
        decided_by=actor.user if by_professional else None,
    )
    request.current_handover = handover
    request.save(update_fields=["current_handover"])
    _event(request, Event.Kind.OPENED, now, actor, organisation=organisation, handover=handover)
    if by_professional:
        _event(
            request, Event.Kind.ACCEPTED, now, actor, organisation=organisation, handover=handover
        )
    if question:
        _add_to_record(actor, request, question=question, now=now)
    if share and not by_professional and request.record_id:
        _share(actor, request, organisation, now)

    notify.send(
        notify.resident_addresses(resident),
        _("Uw hulpvraag is ontvangen"),
        _(
            "Uw hulpvraag staat in Leefwereld. Op de pagina 'Waar sta ik?' ziet u wie u helpt "
            "en wat de volgende stap is: %(url)s"
        )
        % {"url": notify.link("routes:where_am_i")},
    )
    if not by_professional:
        notify.send(
            notify.organisation_addresses(organisation),
            _("Nieuwe hulpvraag voor uw organisatie"),
            _(
                "Een inwoner vraagt uw organisatie om hulp. Accepteer de vraag uiterlijk "
                "%(date)s, anders gaat hij naar het regieteam van de gemeente: %(url)s"
            )
            % {"date": accept_by.strftime("%d-%m-%Y"), "url": notify.link("routes:worklist")},
        )
    return request


@transaction.atomic
def refer(
    actor: Actor,
    request: HelpRequest,
    *,
    to_organisation: Organisation,
    note: str = "",
    now: datetime.datetime | None = None,
) -> ReferResult:
    """Hand the request to another organisation. The second referral comes with a warning;
    a third attempt opens an escalation to the regie team instead (principle 4)."""
    now = now or timezone.now()
    request = _lock(request)
    regie = held_by_regie(request)
    if regie is not None:
        if not works_for(actor, regie.regie_organisation_id):
            raise PermissionDenied(_("Alleen het regieteam kan deze vraag toewijzen."))
    elif not works_for(actor, request.current_organisation_id):
        raise PermissionDenied(_("Alleen de organisatie die de vraag nu heeft kan doorverwijzen."))
    if to_organisation.pk == request.current_organisation_id:
        raise ValidationError(
            {"to_organisation": _("Kies een andere organisatie dan die de vraag nu heeft.")}
        )
    note = (note or "").strip()
    if note:
        _check_content_allowed(actor, request.resident, request.category, "note")
    if request.status not in (Status.WAITING, Status.IN_PROGRESS):
        _move(request, "refer")  # raises InvalidTransition

    if regie is None and request.referral_count >= MAX_REFERRALS:
        # Principle 4: the third hop is not a referral but an escalation.
        escalation = _escalate(request, Cause.THIRD_REFERRAL, actor, now, suggested=to_organisation)
        return ReferResult(request=request, escalation=escalation)

    _move(request, "refer")
    previous = request.current_handover
    if previous is not None and previous.status == Handover.Status.PENDING:
        previous.status = Handover.Status.PASSED_ON
        previous.decided_at = now
        previous.decided_by = actor.user
        previous.save(update_fields=["status", "decided_at", "decided_by"])
    hop = request.referral_count + 1
    accept_by = deadline(now, accept_working_days())
    from_organisation = request.current_organisation
    handover = Handover.objects.create(
        request=request,
        sequence=_next_sequence(request),
        hop=hop,
        kind=Kind.REGIE if regie is not None else Kind.REFERRAL,
        from_organisation=from_organisation,
        to_organisation=to_organisation,
        sent_by=actor.user,
        sent_at=now,
        accept_by=accept_by,
    )
    request.current_organisation = to_organisation
    request.current_handover = handover
    # Warm: the sender stays responsible until the receiving organisation accepts.
    request.responsible_user = actor.user
    request.referral_count = hop
    request.next_deadline = accept_by
    request.save(
        update_fields=[
            "status",
            "current_organisation",
            "current_handover",
            "responsible_user",
            "referral_count",
            "next_deadline",
        ]
    )
    _event(
        request,
        Event.Kind.REFERRED,
        now,
        actor,
        organisation=to_organisation,
        handover=handover,
        hop=hop,
    )
    if note:
        _add_to_record(
            actor,
            request,
            note=note,
            organisation=from_organisation,
            now=now,
        )
        _event(request, Event.Kind.NOTE_ADDED, now, actor, organisation=from_organisation)
    warning = ""
    if regie is None and hop == MAX_REFERRALS:
        warning = _(
            "Dit was de tweede verwijzing. Nog een keer doorverwijzen kan niet: dan gaat de "
            "vraag naar het regieteam van de gemeente."
        )
    notify.send(
        notify.resident_addresses(request.resident),
        _("Uw hulpvraag is doorgestuurd"),
        _(
            "Uw hulpvraag is doorgestuurd naar een andere organisatie. Zij laten uiterlijk "
            "%(date)s weten of zij u helpen. Tot die tijd blijft uw vorige contactpersoon "
            "verantwoordelijk. Kijk op 'Waar sta ik?': %(url)s"
        )
        % {"date": accept_by.strftime("%d-%m-%Y"), "url": notify.link("routes:where_am_i")},
    )
    notify.send(
        notify.organisation_addresses(to_organisation),
        _("Nieuwe verwijzing voor uw organisatie"),
        _(
            "Uw organisatie heeft een verwijzing gekregen. Accepteer of weiger uiterlijk "
            "%(date)s; anders gaat de vraag vanzelf naar het regieteam: %(url)s"
        )
        % {"date": accept_by.strftime("%d-%m-%Y"), "url": notify.link("routes:worklist")},
    )
    return ReferResult(request=request, handover=handover, warning=warning)


def _current_pending(request: HelpRequest, handover: Handover) -> Handover:
    current = request.current_handover
    if (
        current is None
        or current.pk != handover.pk
        or current.status != Handover.Status.PENDING
        or request.status != Status.WAITING
    ):
        raise InvalidTransition(
            _("Deze overdracht is niet meer open."), code="handover_not_pending"
        )
    return current


@transaction.atomic
def accept_handover(
    actor: Actor, handover: Handover, *, now: datetime.datetime | None = None
) -> HelpRequest:
    """The receiving organisation takes the request on; the accepting person is
    responsible from now on."""
    now = now or timezone.now()
    request = _lock(handover.request)
    handover = _current_pending(request, handover)
    if not works_for(actor, handover.to_organisation_id):
        raise PermissionDenied(_("Alleen de ontvangende organisatie kan accepteren."))
    _move(request, "accept")
    handover.status = Handover.Status.ACCEPTED
    handover.decided_at = now
    handover.decided_by = actor.user
    handover.save(update_fields=["status", "decided_at", "decided_by"])
    request.responsible_user = actor.user
    request.next_deadline = None
    request.last_accepted_at = now
    request.save(update_fields=["status", "responsible_user", "next_deadline", "last_accepted_at"])
    _event(
        request,
        Event.Kind.ACCEPTED,
        now,
        actor,
        organisation=handover.to_organisation,
        handover=handover,
        hop=handover.hop,
    )
    notify.send(
        notify.resident_addresses(request.resident),
        _("Er is iemand die u helpt"),
        _(
            "Een organisatie heeft uw hulpvraag aangenomen. Op 'Waar sta ik?' staat wie u "
            "helpt en hoe u die persoon bereikt: %(url)s"
        )
        % {"url": notify.link("routes:where_am_i")},
    )
    notify.send(
        notify.user_address(handover.sent_by) if handover.sent_by_id != actor.user.pk else [],
        _("Uw verwijzing is geaccepteerd"),
        _("De organisatie waar u een hulpvraag naartoe stuurde, heeft hem aangenomen: %(url)s")
        % {"url": notify.link("routes:request_detail", request.pk)},
    )
    return request


@transaction.atomic
def refuse_handover(
    actor: Actor, handover: Handover, *, now: datetime.datetime | None = None
) -> HelpRequest:
    """The receiving organisation cannot help: the request goes back to the sender, who
    must accept it back or refer again. The refused referral still counts as a hop."""
    now = now or timezone.now()
    request = _lock(handover.request)
    handover = _current_pending(request, handover)
    if not works_for(actor, handover.to_organisation_id):
        raise PermissionDenied(_("Alleen de ontvangende organisatie kan weigeren."))
    if handover.kind != Kind.REFERRAL:
        raise InvalidTransition(
            _(
                "Deze vraag kunt u niet weigeren: neem hem aan of verwijs door. Bij een "
                "toewijzing door het regieteam heeft het regieteam doorzettingsmacht."
            ),
            code="not_refusable",
        )
    _move(request, "refuse")
    handover.status = Handover.Status.REFUSED
    handover.decided_at = now
    handover.decided_by = actor.user
    handover.save(update_fields=["status", "decided_at", "decided_by"])
    accept_by = deadline(now, accept_working_days())
    # A referral comes from the request's current organisation, which every verb sets.
    assert handover.from_organisation is not None
    back = Handover.objects.create(
        request=request,
        sequence=_next_sequence(request),
        hop=0,
        kind=Kind.RETURN,
        from_organisation=handover.to_organisation,
        to_organisation=handover.from_organisation,
        sent_by=actor.user,
        sent_at=now,
        accept_by=accept_by,
    )
    request.current_organisation = handover.from_organisation
    request.current_handover = back
    request.responsible_user = handover.sent_by
    request.next_deadline = accept_by
    request.save(
        update_fields=[
            "status",
            "current_organisation",
            "current_handover",
            "responsible_user",
            "next_deadline",
        ]
    )
    _event(
        request,
        Event.Kind.REFUSED,
        now,
        actor,
        organisation=handover.to_organisation,
        handover=handover,
        hop=handover.hop,
    )
    _event(
        request, Event.Kind.RETURNED, now, actor, organisation=back.to_organisation, handover=back
    )
    notify.send(
        notify.resident_addresses(request.resident),
        _("Uw hulpvraag gaat terug"),
        _(
            "De organisatie waar uw vraag naartoe ging, kan u niet helpen. Uw vraag gaat "
            "terug naar uw vorige contactpersoon, die uiterlijk %(date)s een nieuwe stap zet. "
            "Voelt u zich van het kastje naar de muur gestuurd? Zeg het op 'Waar sta ik?': "
            "%(url)s"
        )
        % {"date": accept_by.strftime("%d-%m-%Y"), "url": notify.link("routes:where_am_i")},
    )
    notify.send(
        notify.user_address(handover.sent_by) + notify.organisation_addresses(back.to_organisation),
        _("Uw verwijzing is geweigerd"),
        _(
            "De organisatie waar u een hulpvraag naartoe stuurde, kan niet helpen. Neem de "
            "vraag uiterlijk %(date)s terug of verwijs door: %(url)s"
        )
        % {
            "date": accept_by.strftime("%d-%m-%Y"),
            "url": notify.link("routes:request_detail", request.pk),
        },
    )
    return request


def _escalate(
    request: HelpRequest,
    cause: str,
    actor: Actor | None,
    now: datetime.datetime,
    *,
    suggested: Organisation | None = None,
) -> Escalation:
    """Give a (locked) request to the regie team. Callers hold the transaction."""
    from_organisation = request.current_organisation
    _move(request, "escalate")
    current = request.current_handover
    if current is not None and current.status == Handover.Status.PENDING:
        current.status = Handover.Status.SUPERSEDED
        current.decided_at = now
        current.save(update_fields=["status", "decided_at"])
    municipality_id = from_organisation.municipality_id if from_organisation else None
    try:
        regie = regie_organisation(municipality_id)
    except ImproperlyConfigured as error:
        # A set-up fault of the municipality, not of the person escalating: tell them in
        # plain Dutch (the transaction rolls back) and leave the details for the log.
        logger.error("Escalation impossible: %s", error)
        raise ValidationError(
            _(
                "Doorzetten naar het regieteam kan nu niet: de gemeente heeft nog geen "
                "regieteam ingesteld. Er is niets veranderd. Meld dit aan de beheerder."
            ),
            code="no_regie_team",
        ) from error
    own_by = deadline(now, escalation_working_days())
    escalation = Escalation.objects.create(
        request=request,
        cause=cause,
        opened_at=now,
        opened_by=actor.user if actor is not None else None,
        from_organisation=from_organisation,
        suggested_organisation=suggested,
        regie_organisation=regie,
        own_by=own_by,
    )
    request.current_organisation = regie
    request.current_handover = None
    request.responsible_user = None
    request.escalation_count += 1
    request.next_deadline = own_by
    request.save(
        update_fields=[
            "status",
            "current_organisation",
            "current_handover",
            "responsible_user",
            "escalation_count",
            "next_deadline",
        ]
    )
    _event(request, Event.Kind.ESCALATED, now, actor, organisation=regie, escalation=escalation)
    notify.send(
        notify.resident_addresses(request.resident),
        _("Het regieteam van de gemeente neemt uw hulpvraag over"),
        _(
            "Uw hulpvraag gaat naar het regieteam van de gemeente. Dat team mag over alle "
            "organisaties heen beslissen. Uiterlijk %(date)s neemt iemand van het regieteam "
            "uw vraag over. Kijk op 'Waar sta ik?': %(url)s"
        )
        % {"date": own_by.strftime("%d-%m-%Y"), "url": notify.link("routes:where_am_i")},
    )
    notify.send(
        notify.organisation_addresses(regie, members=True),
        _("Nieuwe escalatie voor het regieteam"),
        _(
            "Een hulpvraag is naar het regieteam gegaan (%(cause)s). Neem de regie uiterlijk "
            "%(date)s: %(url)s"
        )
        % {
            "cause": escalation.get_cause_display(),
            "date": own_by.strftime("%d-%m-%Y"),
            "url": notify.link("routes:worklist"),
        },
    )
    return escalation


@transaction.atomic
def escalate(
    actor: Actor, request: HelpRequest, *, now: datetime.datetime | None = None
) -> Escalation:
    """A professional of the organisation holding the request asks the regie team."""
    now = now or timezone.now()
    request = _lock(request)
    if not works_for(actor, request.current_organisation_id):
        raise PermissionDenied(_("Alleen de organisatie die de vraag nu heeft kan escaleren."))
    return _escalate(request, Cause.PROFESSIONAL, actor, now)


@transaction.atomic
def report_pillar_to_post(
    actor: Actor, request: HelpRequest, *, now: datetime.datetime | None = None
) -> Escalation:
    """The resident feels sent from pillar to post: the request escalates at once. If it
    is already with the regie team, the report is recorded and the open escalation stands.

    The resident says it in the portal; a resident without an account may say it by phone
    to the organisation that holds the request, whose professional records it for them.
    """
    now = now or timezone.now()
    request = _lock(request)
    if not (
        is_subject(actor, request.resident) or works_for(actor, request.current_organisation_id)
    ):
        raise PermissionDenied(_("Alleen de inwoner zelf kan dit melden."))
    if request.status == Status.CLOSED:
        raise InvalidTransition(
            _("Deze hulpvraag is afgerond. Stel een nieuwe vraag als u weer hulp nodig heeft."),
            code="closed",
        )
    _event(
        request, Event.Kind.PILLAR_TO_POST, now, actor, organisation=request.current_organisation
    )
    existing = open_escalation(request)
    if request.status == Status.ESCALATED and existing is not None:
        return existing
    return _escalate(request, Cause.PILLAR_TO_POST, actor, now)


@transaction.atomic
def take_ownership(
    actor: Actor, escalation: Escalation, *, now: datetime.datetime | None = None
) -> HelpRequest:
    """Someone of the regie team takes the request on, with a mandate across sectors."""
    now = now or timezone.now()
    request = _lock(escalation.request)
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if escalation.owner_id is not None or escalation.cancelled_at is not None:
        raise InvalidTransition(_("Iemand anders heeft de regie al genomen."), code="owned")
    if not works_for(actor, escalation.regie_organisation_id):
        raise PermissionDenied(_("Alleen het regieteam kan de regie nemen."))
    _move(request, "take_ownership")
    escalation.owner = actor.user
    escalation.owned_at = now
    escalation.save(update_fields=["owner", "owned_at"])
    request.current_organisation = escalation.regie_organisation
    request.current_handover = None
    request.responsible_user = actor.user
    request.next_deadline = None
    request.last_accepted_at = now
    request.save(
        update_fields=[
            "status",
            "current_organisation",
            "current_handover",
            "responsible_user",
            "next_deadline",
            "last_accepted_at",
        ]
    )
    _event(
        request,
        Event.Kind.OWNERSHIP_TAKEN,
        now,
        actor,
        organisation=escalation.regie_organisation,
        escalation=escalation,
    )
    notify.send(
        notify.resident_addresses(request.resident),
        _("Iemand van het regieteam helpt u nu"),
        _(
            "Iemand van het regieteam van de gemeente heeft uw hulpvraag overgenomen. Op "
            "'Waar sta ik?' staat wie het is en hoe u die persoon bereikt: %(url)s"
        )
        % {"url": notify.link("routes:where_am_i")},
    )
    return request


@transaction.atomic
def close_request(
    actor: Actor,
    request: HelpRequest,
    *,
    outcome: str = HelpRequest.Outcome.HELPED,
    now: datetime.datetime | None = None,
) -> HelpRequest:
    """The organisation that helps (or the regie team) closes the request."""
    now = now or timezone.now()
    request = _lock(request)
    if outcome not in (HelpRequest.Outcome.HELPED, HelpRequest.Outcome.NOT_NEEDED):
        raise ValidationError({"outcome": _("Kies een uitkomst.")})
    if not works_for(actor, request.current_organisation_id):
        raise PermissionDenied(_("Alleen de organisatie die helpt kan de vraag afronden."))
    _move(request, "close")
    _finish(request, outcome, now)
    _event(request, Event.Kind.CLOSED, now, actor, organisation=request.current_organisation)
    notify.send(
        notify.resident_addresses(request.resident),
        _("Uw hulpvraag is afgerond"),
        _(
            "Uw hulpvraag is afgerond. Heeft u weer hulp nodig? Stel dan een nieuwe vraag "
            "in Leefwereld: %(url)s"
        )
        % {"url": notify.link("routes:where_am_i")},
    )
    return request


def _finish(request: HelpRequest, outcome: str, now: datetime.datetime) -> None:
    request.outcome = outcome
    request.closed_at = now
    request.next_deadline = None
    if outcome == HelpRequest.Outcome.HELPED and request.last_accepted_at is not None:
        request.days_to_help = max(0, (request.last_accepted_at - request.opened_at).days)
    request.save(update_fields=["status", "outcome", "closed_at", "next_deadline", "days_to_help"])


@transaction.atomic
def withdraw_request(
    actor: Actor, request: HelpRequest, *, now: datetime.datetime | None = None
) -> HelpRequest:
    """The resident no longer wants help with this question."""
    now = now or timezone.now()
    request = _lock(request)
    if not is_subject(actor, request.resident):
        raise PermissionDenied(_("Alleen de inwoner zelf kan een hulpvraag intrekken."))
    _move(request, "withdraw")
    current = request.current_handover
    if current is not None and current.status == Handover.Status.PENDING:
        current.status = Handover.Status.CLOSED
        current.decided_at = now
        current.decided_by = actor.user
        current.save(update_fields=["status", "decided_at", "decided_by"])
    request.escalations.filter(owner__isnull=True, cancelled_at__isnull=True).update(
        cancelled_at=now
    )
    _finish(request, HelpRequest.Outcome.WITHDRAWN, now)
    _event(request, Event.Kind.WITHDRAWN, now, actor, organisation=request.current_organisation)
    notify.send(
        notify.organisation_addresses(request.current_organisation),
        _("Een hulpvraag is ingetrokken"),
        _("Een inwoner heeft een hulpvraag ingetrokken: %(url)s")
        % {"url": notify.link("routes:request_detail", request.pk)},
    )
    return request


def _share(actor: Actor, request: HelpRequest, organisation: Organisation, now) -> Grant:
    grant = vault_services.grant_access(
        actor,
        request.resident,
        categories=[request.category],
        purpose=SHARE_PURPOSE,
        mode=Mode.READ,
        grantee_organisation=organisation,
    )
    _event(request, Event.Kind.SHARED, now, actor, organisation=organisation)
    return grant


def shared_with(request: HelpRequest, organisation_id: int | None) -> bool:
    """Whether the resident's consent lets `organisation_id` read this request now."""
    if organisation_id is None:
        return False
    grants = Grant.objects.active().filter(
        resident_id=request.resident_id, grantee_organisation_id=organisation_id
    )
    return any(request.category in g.categories for g in grants.only("categories"))


@transaction.atomic
def share_with_current_organisation(
    actor: Actor, request: HelpRequest, *, now: datetime.datetime | None = None
) -> Grant:
    """The resident lets the organisation that holds the request read the question (a
    purpose-bound vault grant the resident can revoke in 'Mijn gegevens')."""
    now = now or timezone.now()
    request = _lock(request)
    if not is_subject(actor, request.resident):
        raise PermissionDenied(_("Alleen de inwoner zelf kan toestemming geven."))
    if request.record_id is None:
        raise ValidationError(_("Bij deze hulpvraag staat geen tekst in uw kluis."))
    if request.current_organisation is None or request.status == Status.CLOSED:
        raise InvalidTransition(_("Deze hulpvraag is afgerond."), code="closed")
    return _share(actor, request, request.current_organisation, now)


@transaction.atomic
def add_note(
    actor: Actor,
    request: HelpRequest,
    text: str,
    *,
    now: datetime.datetime | None = None,
) -> HelpRequest:
    """A professional (with write access to the resident's vault) adds a note."""
    now = now or timezone.now()
    request = _lock(request)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"note": _("Schrijf eerst iets op.")})
    if not (
        works_for(actor, request.current_organisation_id) or is_subject(actor, request.resident)
    ):
        raise PermissionDenied(_("U kunt bij deze hulpvraag niets toevoegen."))
    _check_content_allowed(actor, request.resident, request.category, "note")
    organisation = request.current_organisation if actor.role != Role.RESIDENT else None
    _add_to_record(actor, request, note=text, organisation=organisation, now=now)
    _event(request, Event.Kind.NOTE_ADDED, now, actor, organisation=organisation)
    return request


# --- deadlines: the tick, and the same checks lazily on every page --------------------------


def escalate_overdue(
    now: datetime.datetime | None = None, requests: QuerySet[HelpRequest] | None = None
) -> int:
    """Escalate every request whose receiving organisation did not accept in time.

    Idempotent: an escalated request has no pending handover any more. Pages call this for
    the requests they show, so they are right even if `routes_tick` has not run.
    """
    now = now or timezone.now()
    due = Handover.objects.filter(status=Handover.Status.PENDING, accept_by__lt=_today(now))
    if requests is not None:
        due = due.filter(request__in=requests.values("pk"))
    count = 0
    for request_id in list(due.values_list("request_id", flat=True).distinct()):
        with transaction.atomic():
            request = _lock(HelpRequest(pk=request_id))
            current = request.current_handover
            if (
                request.status == Status.WAITING
                and current is not None
                and current.status == Handover.Status.PENDING
                and current.accept_by < _today(now)
            ):
                _escalate(request, Cause.ACCEPTANCE_OVERDUE, None, now)
                count += 1
    return count


def flag_overdue_escalations(
    now: datetime.datetime | None = None, requests: QuerySet[HelpRequest] | None = None
) -> int:
    """Mark escalations nobody took on in time; the regie team hears once."""
    now = now or timezone.now()
    due = Escalation.objects.filter(
        owner__isnull=True,
        cancelled_at__isnull=True,
        overdue_at__isnull=True,
        own_by__lt=_today(now),
    )
    if requests is not None:
        due = due.filter(request__in=requests.values("pk"))
    count = 0
    for escalation in list(due.select_related("request", "regie_organisation")):
        with transaction.atomic():
            updated = Escalation.objects.filter(pk=escalation.pk, overdue_at__isnull=True).update(
                overdue_at=now
            )
            if not updated:
                continue
            _event(
                escalation.request,
                Event.Kind.ESCALATION_OVERDUE,
                now,
                None,
                organisation=escalation.regie_organisation,
                escalation=escalation,
            )
            notify.send(
                notify.organisation_addresses(escalation.regie_organisation, members=True),
                _("Escalatie te laat: niemand heeft de regie genomen"),
                _(
                    "Bij een escalatie heeft niemand van het regieteam op tijd de regie "
                    "genomen. Doe dat vandaag: %(url)s"
                )
                % {"url": notify.link("routes:worklist")},
            )
            count += 1
    return count


def catch_up(
    now: datetime.datetime | None = None, requests: QuerySet[HelpRequest] | None = None
) -> dict[str, int]:
    """Everything time-driven, idempotent: for the tick command and lazily for pages."""
    now = now or timezone.now()
    return {
        "escalated": escalate_overdue(now, requests),
        "escalations_overdue": flag_overdue_escalations(now, requests),
    }


# --- the involvement signal -----------------------------------------------------------------


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _related_residents(resident: Resident) -> tuple[list[int], list[int]]:
    """(children of the same parent, residents at the same non-institution address)."""
    parents = list(resident.parents.values_list("pk", flat=True))
    siblings = (
        list(
            Resident.objects.filter(parents__in=parents)
            .exclude(pk=resident.pk)
            .values_list("pk", flat=True)
            .distinct()
        )
        if parents
        else []
    )
    address = (
        Resident.objects.filter(pk=resident.pk)
        .values_list("household__address_id", "household__address__is_institution")
        .first()
    )
    same_address: list[int] = []
    if address and address[0] is not None and not address[1]:
        same_address = list(
            Resident.objects.filter(household__address_id=address[0])
            .exclude(pk=resident.pk)
            .values_list("pk", flat=True)
        )
    return siblings, same_address


def _match(involvement: Involvement, now: datetime.datetime) -> list[InvolvementSignal]:
    """Signals for both sides of every match with another organisation's involvement, and
    a one-time signal from the historical archive."""
    today = _today(now)
    resident = involvement.resident
    siblings, same_address = _related_residents(resident)
    others = (
        active_involvements(today)
        .filter(resident_id__in=[resident.pk, *siblings, *same_address])
        .exclude(organisation_id=involvement.organisation_id)
        .exclude(pk=involvement.pk)
    )
    sibling_set, address_set = set(siblings), set(same_address)
    signals: list[InvolvementSignal] = []
    for other in others:
        if other.resident_id == resident.pk:
            match = InvolvementSignal.Match.SAME_RESIDENT
        elif other.resident_id in sibling_set:
            match = InvolvementSignal.Match.SAME_PARENT
        elif other.resident_id in address_set:
            match = InvolvementSignal.Match.SAME_ADDRESS
        else:  # pragma: no cover - the filter above only yields these
            continue
        signals.append(
            InvolvementSignal(recipient=involvement, other=other, match=match, created_at=now)
        )
        signals.append(
            InvolvementSignal(recipient=other, other=involvement, match=match, created_at=now)
        )
    history = list(
        InvolvementArchive.objects.filter(
            resident=resident, signalled_at__isnull=True, purge_after__gt=today
        ).exclude(organisation_id=involvement.organisation_id)
    )
    for entry in history:
        signals.append(
            InvolvementSignal(
                recipient=involvement,
                other_archive=entry,
                match=InvolvementSignal.Match.HISTORY,
                created_at=now,
            )
        )
    InvolvementArchive.objects.filter(pk__in=[e.pk for e in history]).update(signalled_at=now)
    InvolvementSignal.objects.bulk_create(signals)
    return signals


def _consented(actor: Actor, resident: Resident, organisation: Organisation) -> bool:
    """The resident's consent to this registration: an active vault grant from them to the
    registering organisation (or to the registering professional)."""
    return (
        Grant.objects.active()
        .filter(resident=resident)
        .filter(Q(grantee_organisation=organisation) | Q(grantee_user=actor.user))
        .exists()
    )


def check_may_register(
    actor: Actor, resident: Resident, organisation: Organisation, today: datetime.date
) -> None:
    """The Verwijsindex rules for one registration, in the order that reveals least.

    1. Only for one's own organisation.
    2. Only for a resident within reach (the work area of the actor's teams, or a basis in
       the vault) — exactly as opening a help request; refused with the same words as a
       BSN that does not exist.
    3. Without consent only for a young person under 23 (Jeugdwet art. 7.1.1.1: a
       *jeugdige* in the Verwijsindex is under 23; art. 7.1.4.1: reporting without
       consent); an adult of 23 or older only with their consent, an active grant to the
       registering organisation or professional.
    """
    if not works_for(actor, organisation.pk):
        raise PermissionDenied(_("U kunt alleen betrokkenheid voor uw eigen organisatie melden."))
    if not may_reach(actor, resident):
        raise PermissionDenied(OUT_OF_REACH)
    if resident.age_on(today) >= VERWIJSINDEX_AGE_LIMIT and not _consented(
        actor, resident, organisation
    ):
        raise ValidationError(
            _(
                "U kunt voor deze inwoner geen betrokkenheid melden zonder toestemming. De "
                "verwijsindex is er voor jongeren tot 23 jaar (Jeugdwet, artikel 7.1.1.1 en "
                "7.1.4.1); deze inwoner is 23 jaar of ouder. Vraag de inwoner om uw "
                "organisatie toegang te geven in Leefwereld; daarna kunt u melden."
            ),
            code="adult_without_consent",
        )


@transaction.atomic
def register_involvement(
    actor: Actor,
    resident: Resident,
    *,
    organisation: Organisation,
    starts_on: datetime.date | None = None,
    contact_phone: str | None = None,
    now: datetime.datetime | None = None,
) -> tuple[Involvement, list[InvolvementSignal]]:
    """A professional registers that their organisation is involved. Never a reason.

    Returns the involvement and the signals it caused (for both sides of each match)."""
    now = now or timezone.now()
    today = _today(now)
    check_may_register(actor, resident, organisation, today)
    starts_on = starts_on or today
    if starts_on > today:
        raise ValidationError({"starts_on": _("Deze datum ligt in de toekomst.")})
    existing = Involvement.objects.filter(resident=resident, organisation=organisation).first()
    if existing is not None and existing.delete_after > today:
        raise ValidationError(
            _("Uw organisatie heeft al betrokkenheid bij deze inwoner gemeld."), code="exists"
        )
    if existing is not None:  # expired, not yet purged by the tick: purge it now
        _archive([existing], InvolvementArchive.Reason.EXPIRED, now)
    user = actor.user
    involvement = Involvement.objects.create(
        resident=resident,
        organisation=organisation,
        professional=user,
        contact_name=user.display_name,
        contact_phone=(contact_phone if contact_phone is not None else user.phone)
        or organisation.phone,
        contact_email=user.email or organisation.email,
        registered_at=now,
        starts_on=starts_on,
        # Two years at most, and gone on the 23rd birthday for a young person registered
        # without consent (Jeugdwet 7.1.1.1: rules.consent); the tick deletes it then.
        delete_after=min(
            _years_later(today, INVOLVEMENT_YEARS),
            consent.verwijsindex_end(resident.birth_date)
            if consent.verwijsindex_without_consent(resident.birth_date, today)
            else datetime.date.max,
        ),
    )
    signals = _match(involvement, now)
    recipients = {s.recipient.contact_email for s in signals}
    notify.send(
        recipients,
        _("Signaal: een andere organisatie is ook betrokken"),
        _(
            "Een andere organisatie is betrokken bij een inwoner met wie u werkt, of bij "
            "iemand uit dezelfde familie of van hetzelfde adres. Neem contact op en laat in "
            "Leefwereld weten dat u dat gedaan heeft: %(url)s"
        )
        % {"url": notify.link("routes:involvements")},
    )
    return involvement, signals


def _archive(involvements: list[Involvement], reason: str, now: datetime.datetime) -> None:
    purge_after = _years_later(_today(now), ARCHIVE_YEARS)
    InvolvementArchive.objects.bulk_create(
        InvolvementArchive(
            resident_id=i.resident_id,
            organisation_id=i.organisation_id,
            professional_id=i.professional_id,
            contact_name=i.contact_name,
            contact_phone=i.contact_phone,
            contact_email=i.contact_email,
            registered_at=i.registered_at,
            archived_at=now,
            reason=reason,
            purge_after=purge_after,
        )
        for i in involvements
    )
    Involvement.objects.filter(pk__in=[i.pk for i in involvements]).delete()


@transaction.atomic
def end_involvement(
    actor: Actor,
    involvement: Involvement,
    *,
    unjustified: bool = False,
    now: datetime.datetime | None = None,
) -> None:
    """The involvement ended: deleted from the register (and its signals with it). An
    ended involvement goes to the five-year archive; an unjustified one leaves no trace."""
    now = now or timezone.now()
    if not works_for(actor, involvement.organisation_id):
        raise PermissionDenied(_("Alleen de eigen organisatie kan deze betrokkenheid beëindigen."))
    if unjustified:
        Involvement.objects.filter(pk=involvement.pk).delete()
    else:
        _archive([involvement], InvolvementArchive.Reason.ENDED, now)


@transaction.atomic
def purge_expired_involvements(now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete involvements after two years (into the archive) and the archive after five."""
    now = now or timezone.now()
    today = _today(now)
    expired = list(Involvement.objects.filter(delete_after__lte=today))
    if expired:
        _archive(expired, InvolvementArchive.Reason.EXPIRED, now)
    purged, _detail = InvolvementArchive.objects.filter(purge_after__lte=today).delete()
    return {"involvements_archived": len(expired), "archive_purged": purged}


@transaction.atomic
def mark_contact_made(
    actor: Actor, signal: InvolvementSignal, *, now: datetime.datetime | None = None
) -> InvolvementSignal:
    """The professional says they contacted the other professional; the team lead sees it."""
    now = now or timezone.now()
    signal = (
        InvolvementSignal.objects.select_for_update().select_related("recipient").get(pk=signal.pk)
    )
    if not (
        signal.recipient.professional_id == actor.user.pk
        or works_for(actor, signal.recipient.organisation_id)
    ):
        raise PermissionDenied(_("Dit signaal is niet voor u."))
    if signal.contact_made_at is None:
        signal.contact_made_at = now
        signal.contact_made_by = actor.user
        signal.save(update_fields=["contact_made_at", "contact_made_by"])
    return signal


def involved_organisations(
    resident: Resident, today: datetime.date | None = None
) -> QuerySet[Involvement]:
    """What the resident sees: which organisations registered involvement, and since when."""
    return (
        active_involvements(today)
        .filter(resident=resident)
        .select_related("organisation")
        .only("organisation__name", "organisation__phone", "starts_on", "resident_id")
        .order_by("organisation__name")
    )
