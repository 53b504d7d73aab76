"""The verbs of the ombudsman desk. Every state change runs in a transaction, follows
`transitions.TABLE` and writes one row of the append-only history.

Deadlines are Awb 9:11 (`rules.deadlines.klacht_deadline`: six weeks after receipt, Atw
applied, four more when adjourned). The tick (`ombudsman_tick`) marks late cases and
hands a case that is three terms late to the action team; "van het kastje naar de muur"
does the same at once. The action team is the help routes' regie team
(`routes.services.regie_organisation`); it has no way to refuse a case.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from leefwereld.core.actor import Actor
from leefwereld.core.models import Neighbourhood, Organisation, Resident
from leefwereld.core.roles import Role
from leefwereld.routes.services import regie_organisation
from leefwereld.rules.deadlines import klacht_deadline, klacht_keer_te_laat
from leefwereld.vault import access as vault

from .authorisation import REGISTRARS, action_team_organisations
from .models import Category, ComplainantContact, Complaint, ComplaintEvent, PolicySignal
from .transitions import Event, IllegalTransition, State, next_state

# Characters of the follow code: no 0/O, 1/I/L, so it can be read from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
# The contact details of a closed complaint are kept this long, then deleted.
CONTACT_RETENTION_DAYS = 365
THREE_TIMES = 3


def _today(now: datetime.datetime | None = None) -> datetime.date:
    return timezone.localdate(now or timezone.now())


def code_digest(number: str, code: str) -> str:
    """A keyed hash of the follow code: a stolen table reveals no code."""
    key = settings.SECRET_KEY.encode()
    message = f"{number}:{code.strip().upper().replace(' ', '').replace('-', '')}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _n in range(CODE_LENGTH))


def _number(received: datetime.date) -> str:
    """K-<year>-<six digits>: the year's next free number (the row lock makes it unique)."""
    prefix = f"K-{received.year}-"
    last = (
        Complaint.objects.select_for_update()
        .filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    following = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{following:06d}"


def _record(
    complaint: Complaint, actor: Actor | None, kind: str, before: str, note: str = ""
) -> None:
    ComplaintEvent.objects.create(
        complaint=complaint,
        actor=actor.user if actor is not None and actor.user.is_authenticated else None,
        kind=kind,
        from_state=before,
        to_state=complaint.state,
        note=note,
    )


@dataclass(frozen=True)
class Filed:
    complaint: Complaint
    code: str  # shown once, on the receipt


STAFF_CHANNELS = (Complaint.Channel.PHONE, Complaint.Channel.LETTER, Complaint.Channel.COUNTER)


def file_complaint(
    actor: Actor | None,
    *,
    about: str,
    category: Category,
    summary: str,
    description: str,
    organisation: Organisation | None = None,
    neighbourhood: Neighbourhood | None = None,
    contact: dict[str, str] | None = None,
    channel: str | None = None,
    now: datetime.datetime | None = None,
) -> Filed:
    """Receive a complaint: from a logged-in resident about themself, from anyone without
    logging in (with contact details), or registered by staff (phone, letter, counter)."""
    now = now or timezone.now()
    today = _today(now)
    resident: Resident | None = None
    errors: dict[str, str] = {}
    role = actor.role if actor is not None and actor.user.is_authenticated else None
    if role == Role.RESIDENT:
        resident = vault.own_resident(actor)  # type: ignore[arg-type]
        if resident is None:
            raise PermissionDenied(_("Uw account is nog niet gekoppeld aan een inwoner."))
        channel = Complaint.Channel.WEB
        address = resident.household.address if resident.household is not None else None
        neighbourhood = address.neighbourhood if address is not None else neighbourhood
    elif role is None:
        channel = Complaint.Channel.WEB_ANONYMOUS
    elif role in REGISTRARS:
        if channel not in STAFF_CHANNELS:
            errors["channel"] = _("Kies hoe de klacht binnenkwam: telefoon, brief of balie.")
    else:
        raise PermissionDenied(_("Met deze rol kunt u geen klacht indienen of registreren."))
    if resident is None:
        contact = {k: (v or "").strip() for k, v in (contact or {}).items()}
        if not contact.get("name"):
            errors["name"] = _("Vul uw naam in, zodat wij u kunnen antwoorden.")
        if not contact.get("email") and not contact.get("phone"):
            errors["email"] = _("Vul een e-mailadres of een telefoonnummer in.")
    if not category.active:
        errors["category"] = _("Deze categorie is niet meer in gebruik. Kies een andere.")
    if about in (Complaint.About.PROVIDER, Complaint.About.TEAM) and organisation is None:
        errors["organisation"] = _("Kies over welke organisatie uw klacht gaat.")
    if errors:
        raise ValidationError(errors)
    if organisation is None and about in (Complaint.About.DEBT_FUND, Complaint.About.MUNICIPALITY):
        organisation = (
            Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by("pk").first()
        )
    code = new_code()
    with transaction.atomic():
        number = _number(today)
        complaint = Complaint.objects.create(
            number=number,
            code_digest=code_digest(number, code),
            resident=resident,
            neighbourhood=neighbourhood,
            about=about,
            organisation=organisation,
            category=category,
            summary=summary.strip(),
            description=description.strip(),
            channel=str(channel),
            registered_by=actor.user if role in REGISTRARS else None,  # type: ignore[union-attr]
            received_on=today,
            term_start=today,
            deadline=klacht_deadline(today),
            created_at=now,
        )
        if resident is None:
            ComplainantContact.objects.create(
                complaint=complaint,
                name=contact["name"],  # type: ignore[index]
                email=contact.get("email", ""),  # type: ignore[union-attr]
                phone=contact.get("phone", ""),  # type: ignore[union-attr]
            )
        _record(complaint, actor, "filed", "")
    return Filed(complaint, code)


def find_by_code(number: str, code: str) -> Complaint | None:
    """The complaint with this number if the code matches; None otherwise (same answer
    whether the number does not exist or the code is wrong)."""
    complaint = Complaint.objects.filter(number=number.strip().upper()).first()
    if complaint is None or not hmac.compare_digest(
        complaint.code_digest, code_digest(complaint.number, code)
    ):
        return None
    return complaint


# --- handling ---------------------------------------------------------------------------------


def _lock(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def _require_ombudsman(actor: Actor) -> None:
    if actor.role != Role.OMBUDSMAN or not actor.user.is_active:
        raise PermissionDenied(_("Alleen de ombudsman behandelt klachten."))


def _step(complaint: Complaint, event: Event) -> str:
    """Move the (locked) complaint by `event`; the state before, or a plain refusal."""
    before = complaint.state
    try:
        complaint.state = next_state(before, event).value
    except IllegalTransition:
        raise ValidationError(
            _("Dit kan nu niet: de klacht is %(state)s.")
            % {"state": Complaint.StateChoices(before).label}
        ) from None
    return before


def _hand_to_team(complaint: Complaint, team: Organisation | None, now) -> None:
    complaint.action_team = team or regie_organisation(
        complaint.organisation.municipality_id if complaint.organisation else None
    )


def transition(
    actor: Actor,
    complaint: Complaint,
    event: Event | str,
    *,
    note: str = "",
    team: Organisation | None = None,
    now: datetime.datetime | None = None,
) -> Complaint:
    """The ombudsman's steps: take up, adjourn (once, with a reason), hand to the action
    team, answer (the answer text is required), close, withdraw (at the resident's wish)."""
    _require_ombudsman(actor)
    event = Event(event)
    if event in (Event.RESOLVE, Event.SATISFIED, Event.REOPEN):
        raise PermissionDenied(_("Deze stap is niet aan de ombudsman."))
    now = now or timezone.now()
    note = note.strip()
    with transaction.atomic():
        complaint = _lock(complaint)
        before = _step(complaint, event)
        if event == Event.EXTEND:
            if complaint.extended:
                raise ValidationError(
                    {"note": _("De termijn is al eens verdaagd; dat kan maar één keer.")}
                )
            if not note:
                raise ValidationError({"note": _("Schrijf waarom de termijn wordt verdaagd.")})
            complaint.extended = True
            complaint.deadline = klacht_deadline(complaint.term_start, verdaagd=True)
        elif event == Event.HAND_OFF:
            _hand_to_team(complaint, team, now)
        elif event == Event.ANSWER:
            if not note:
                raise ValidationError({"note": _("Schrijf het antwoord aan de inwoner.")})
            complaint.answer = note
            complaint.answered_on = _today(now)
        elif event in (Event.CLOSE, Event.WITHDRAW):
            complaint.closed_on = _today(now)
        complaint.save()
        _record(complaint, actor, event.value, before, note)
    return complaint


def tag_cause(actor: Actor, complaint: Complaint, cause: str) -> Complaint:
    _require_ombudsman(actor)
    if cause not in Complaint.Cause.values:
        raise ValidationError({"cause": _("Kies een beleidsoorzaak uit de lijst.")})
    with transaction.atomic():
        complaint = _lock(complaint)
        complaint.cause = cause
        complaint.save(update_fields=["cause"])
        _record(complaint, actor, "cause", complaint.state, str(Complaint.Cause(cause).label))
    return complaint


def report_pillar_to_post(
    actor: Actor | None, complaint: Complaint, now: datetime.datetime | None = None
) -> Complaint:
    """'Ik word van het kastje naar de muur gestuurd': flagged and at once with the action
    team, whatever the handling state (an answered case is reopened first)."""
    now = now or timezone.now()
    with transaction.atomic():
        complaint = _lock(complaint)
        if not complaint.is_open and complaint.state != State.ANSWERED:
            raise ValidationError(_("Deze klacht is afgesloten."))
        before = complaint.state
        complaint.pillar_to_post = True
        if complaint.state == State.ANSWERED:
            complaint.state = next_state(complaint.state, Event.REOPEN).value
        if complaint.state != State.ACTION_TEAM:
            complaint.state = next_state(complaint.state, Event.HAND_OFF).value
            _hand_to_team(complaint, None, now)
        complaint.save()
        _record(complaint, actor, "pillar_to_post", before)
    return complaint


def resolve(actor: Actor, complaint: Complaint, resolution: str) -> Complaint:
    """The action team reports what it did; the case goes back to the ombudsman to answer."""
    resolution = resolution.strip()
    if not resolution:
        raise ValidationError({"resolution": _("Schrijf wat het actieteam heeft gedaan.")})
    with transaction.atomic():
        complaint = _lock(complaint)
        if complaint.action_team_id not in action_team_organisations(actor):
            raise PermissionDenied(_("Alleen het actieteam van deze klacht kan dit."))
        before = _step(complaint, Event.RESOLVE)
        complaint.resolution = resolution
        complaint.save()
        _record(complaint, actor, Event.RESOLVE.value, before, resolution)
    return complaint


def give_feedback(
    actor: Actor | None,
    complaint: Complaint,
    *,
    satisfied: bool,
    note: str = "",
    now: datetime.datetime | None = None,
) -> Complaint:
    """The resident's answer to 'are you satisfied?': closes the case, or reopens it with a
    new term of six weeks from today."""
    now = now or timezone.now()
    with transaction.atomic():
        complaint = _lock(complaint)
        before = _step(complaint, Event.SATISFIED if satisfied else Event.REOPEN)
        complaint.satisfied = satisfied
        if satisfied:
            complaint.closed_on = _today(now)
        else:
            complaint.term_start = _today(now)
            complaint.extended = False
            complaint.deadline = klacht_deadline(complaint.term_start)
            complaint.times_late = 0
        complaint.save()
        _record(
            complaint,
            actor,
            Event.SATISFIED.value if satisfied else Event.REOPEN.value,
            before,
            note.strip(),
        )
    return complaint


# --- time ---------------------------------------------------------------------------------------


def tick(now: datetime.datetime | None = None) -> dict[str, int]:
    """Mark open complaints that became late (once per level) and hand those three terms
    late to the action team; delete contact details whose retention has passed. Idempotent."""
    now = now or timezone.now()
    today = _today(now)
    counts = {"late": 0, "late_3x": 0, "contacts_deleted": 0}
    candidates = Complaint.objects.filter(
        state__in=[s.value for s in (State.RECEIVED, State.HANDLING, State.ACTION_TEAM)],
        deadline__lt=today,
    ).values_list("pk", flat=True)
    for pk in list(candidates):
        with transaction.atomic():
            complaint = Complaint.objects.select_for_update().get(pk=pk)
            level = klacht_keer_te_laat(complaint.term_start, today, verdaagd=complaint.extended)
            if level <= complaint.times_late or not complaint.is_open:
                continue
            before = complaint.state
            if complaint.times_late == 0:
                counts["late"] += 1
                _record(complaint, None, "late", before)
            if level >= THREE_TIMES > complaint.times_late:
                counts["late_3x"] += 1
                if complaint.state != State.ACTION_TEAM:
                    complaint.state = next_state(complaint.state, Event.HAND_OFF).value
                    _hand_to_team(complaint, None, now)
                _record(complaint, None, "late_3x", before)
            complaint.times_late = level
            complaint.save()
    limit = today - datetime.timedelta(days=CONTACT_RETENTION_DAYS)
    expired = ComplainantContact.objects.filter(complaint__closed_on__lt=limit)
    counts["contacts_deleted"] = expired.delete()[0]
    return counts


# --- signals to policy ----------------------------------------------------------------------------


def send_signal(
    actor: Actor,
    *,
    title: str,
    recommendation: str,
    complaints: QuerySet[Complaint] | list[Complaint],
    cause: str = "",
    blocking_rule=None,
    now: datetime.datetime | None = None,
) -> PolicySignal:
    _require_ombudsman(actor)
    errors = {}
    if not title.strip():
        errors["title"] = _("Geef het signaal een titel.")
    if not recommendation.strip():
        errors["recommendation"] = _("Schrijf uw aanbeveling aan de gemeente.")
    if cause and cause not in Complaint.Cause.values:
        errors["cause"] = _("Kies een beleidsoorzaak uit de lijst.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        signal = PolicySignal.objects.create(
            title=title.strip(),
            recommendation=recommendation.strip(),
            cause=cause,
            blocking_rule=blocking_rule,
            created_by=actor.user,
            created_at=now or timezone.now(),
        )
        signal.complaints.set(complaints)
    return signal


def respond_to_signal(
    actor: Actor,
    signal: PolicySignal,
    *,
    follow_up: str,
    close: bool = False,
    now: datetime.datetime | None = None,
) -> PolicySignal:
    """The policy officer writes what the municipality does with a signal, and may close it."""
    if actor.role != Role.POLICY_OFFICER:
        raise PermissionDenied(_("Alleen een beleidsmedewerker legt de opvolging vast."))
    if not follow_up.strip():
        raise ValidationError({"follow_up": _("Schrijf wat de gemeente met dit signaal doet.")})
    now = now or timezone.now()
    with transaction.atomic():
        signal = PolicySignal.objects.select_for_update().get(pk=signal.pk)
        if signal.closed_at is not None:
            raise ValidationError(_("Dit signaal is al afgesloten."))
        signal.follow_up = follow_up.strip()
        signal.follow_up_at = now
        if close:
            signal.closed_at = now
        signal.save()
    return signal


def save_category(
    actor: Actor, *, name: str, parent: Category | None, active: bool, category=None
) -> Category:
    """Add or change a category (the ombudsman; no code change needed)."""
    _require_ombudsman(actor)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Vul een naam in.")})
    if parent is not None and parent.parent_id is not None:
        raise ValidationError({"parent": _("Een subcategorie kan geen subcategorieën hebben.")})
    if category is not None and parent is not None and parent.pk == category.pk:
        raise ValidationError({"parent": _("Een categorie kan niet onder zichzelf vallen.")})
    clash = Category.objects.filter(parent=parent, name__iexact=name)
    if category is not None:
        clash = clash.exclude(pk=category.pk)
    if clash.exists():
        raise ValidationError({"name": _("Die naam bestaat al op deze plek.")})
    with transaction.atomic():
        category = category or Category()
        category.name, category.parent, category.active = name, parent, active
        category.save()
    return category
