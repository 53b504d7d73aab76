"""State changes of the vault: grants, requests, legal bases, break-glass, network members.

Views and the API call these verbs; they check who may do what and run in a
transaction. Reading and writing records themselves is access.py's job (the one place
that touches record content).
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leefwereld.core.actor import Actor
from leefwereld.core.models import NetworkMembership, Organisation, Resident, User
from leefwereld.core.roles import Role
from leefwereld.rules import consent

from . import access, periods, registration
from .access import seal_for_resident, subjects_of
from .authorisation import CASEWORK, GRANTEES, REQUESTERS, may_record_legal_basis
from .models import (
    ALL_CATEGORIES,
    AccessRequest,
    BreakGlass,
    Grant,
    Invitation,
    LegalBasis,
    Mode,
    organisations_of,
)

log = logging.getLogger(__name__)

DEFAULT_GRANT_DAYS = 90
INVITATION_DAYS = 14
MIN_REASON_LENGTH = 20


def max_grant_days() -> int:
    return int(getattr(settings, "LEEFWERELD_GRANT_MAX_DAYS", 365))


def default_grant_days() -> int:
    return min(DEFAULT_GRANT_DAYS, max_grant_days())


def break_glass_hours() -> int:
    return int(getattr(settings, "LEEFWERELD_BREAK_GLASS_HOURS", 24))


def _tz():
    return timezone.get_current_timezone()


def _categories(categories: Iterable[str]) -> list[str]:
    chosen = sorted(set(categories))
    if not chosen:
        raise ValidationError({"categories": _("Kies minstens één onderwerp.")})
    unknown = set(chosen) - ALL_CATEGORIES
    if unknown:
        raise ValidationError(
            {"categories": _("Onbekend onderwerp: %(names)s.") % {"names": ", ".join(unknown)}}
        )
    return chosen


def _purpose(purpose: str) -> str:
    purpose = (purpose or "").strip()
    if not purpose:
        raise ValidationError({"purpose": _("Vul in waarvoor de toegang nodig is.")})
    return purpose


def _require_manager(
    actor: Actor, resident: Resident, categories: Iterable[str] | None = None
) -> None:
    """Only the resident or their legal representative manages the resident's vault: a
    young person under 16 through the holders of gezag (UAVG art. 5 lid 1), a
    bewindvoerder only the money category."""
    if resident.pk not in {r.pk for r in subjects_of(actor)}:
        raise PermissionDenied(_("Alleen de inwoner of diens wettelijk vertegenwoordiger mag dit."))
    own = access.own_resident(actor)
    if (
        own is not None
        and categories is not None
        and own.pk == resident.pk
        and consent.parents_manage_data(resident.birth_date, timezone.localdate())
    ):
        raise PermissionDenied(
            _(
                "Tot je 16e geven je ouders of voogd toestemming om je gegevens te delen "
                "(artikel 5 van de Uitvoeringswet AVG). Vraag het aan hen."
            )
        )
    if own is not None and own.pk != resident.pk and categories is not None:
        allowed = access.represented_categories(actor, resident)
        if not set(categories) <= allowed:
            raise PermissionDenied(
                _("Als bewindvoerder gaat u alleen over de gegevens over geld en schulden.")
            )


def _notify(recipients: Iterable[str | None], subject: str, body: str) -> None:
    """E-mail without personal details: the message only says to look in the portal.

    A failing mail server must not undo the change the mail is about.
    """
    to = sorted({address for address in recipients if address})
    if not to:
        return
    try:
        send_mail(subject, body, None, to)
    except Exception:  # any transport error; the change itself stands
        log.exception("vault notification could not be sent")


def _resident_addresses(resident: Resident) -> list[str | None]:
    addresses = [resident.user.email if resident.user_id else None]  # type: ignore[union-attr]
    rep = resident.legal_representative
    if rep is not None and rep.user_id:
        addresses.append(rep.user.email)  # type: ignore[union-attr]
    return addresses


def _window(days: int | None, ends_on: datetime.date | None, starts_at: datetime.datetime):
    tz = _tz()
    if ends_on is None:
        ends_on = periods.default_end_date(
            starts_at, default_grant_days() if days is None else days, tz
        )
    length = periods.length_in_days(starts_at, ends_on, tz)
    if length < 0:
        raise ValidationError({"ends_on": _("De einddatum ligt in het verleden.")})
    if length > max_grant_days():
        raise ValidationError(
            {
                "ends_on": _("Toegang kan voor hoogstens %(days)s dagen worden gegeven.")
                % {"days": max_grant_days()}
            }
        )
    return periods.window_until(starts_at, ends_on, tz)


# --- grants -------------------------------------------------------------------------------


@transaction.atomic
def grant_access(
    actor: Actor,
    resident: Resident,
    *,
    categories: Iterable[str],
    purpose: str,
    mode: str = Mode.READ,
    grantee_user: User | None = None,
    grantee_organisation: Organisation | None = None,
    ends_on: datetime.date | None = None,
    days: int | None = None,
    request: AccessRequest | None = None,
) -> Grant:
    """The resident (or representative) lets someone see chosen categories for a purpose."""
    categories = list(categories)
    _require_manager(actor, resident, categories)
    if (grantee_user is None) == (grantee_organisation is None):
        raise ValidationError({"grantee": _("Kies één persoon of één organisatie.")})
    if grantee_user is not None and grantee_user.role not in GRANTEES:
        raise ValidationError(
            {"grantee": _("Aan deze persoon kunt u geen toegang geven tot uw gegevens.")}
        )
    if mode not in Mode.values:
        raise ValidationError({"mode": _("Kies lezen of lezen en schrijven.")})
    starts_at = timezone.now()
    starts_at, ends_at = _window(days, ends_on, starts_at)
    return Grant.objects.create(
        resident=resident,
        grantee_user=grantee_user,
        grantee_organisation=grantee_organisation,
        categories=_categories(categories),
        purpose=_purpose(purpose),
        mode=mode,
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=actor.user,
        request=request,
    )


@transaction.atomic
def revoke_grant(actor: Actor, grant: Grant) -> Grant:
    """Effective from the very next request: access checks compare with revoked_at."""
    grant = Grant.objects.select_for_update().select_related("resident").get(pk=grant.pk)
    _require_manager(actor, grant.resident)
    _end_now(grant, actor)
    return grant


def _end_now(window: Grant | LegalBasis, actor: Actor) -> None:
    """Stop a grant or legal basis from now on (once; a second call changes nothing)."""
    if window.revoked_at is None:
        window.revoked_at = timezone.now()
        window.revoked_by = actor.user
        window.save(update_fields=["revoked_at", "revoked_by"])


# --- requests -----------------------------------------------------------------------------


@transaction.atomic
def request_access(
    actor: Actor,
    resident: Resident,
    *,
    categories: Iterable[str],
    purpose: str,
    mode: str = Mode.READ,
    days: int | None = None,
    organisation: Organisation | None = None,
    portal_url: str = "",
) -> AccessRequest:
    if actor.role not in REQUESTERS:
        raise PermissionDenied(_("Alleen medewerkers kunnen om toegang vragen."))
    if (
        organisation is not None
        and not organisations_of(actor.user).filter(organisation_id=organisation.pk).exists()
    ):
        raise ValidationError({"organisation": _("U werkt niet voor deze organisatie.")})
    days = default_grant_days() if days is None else days
    if not 1 <= days <= max_grant_days():
        raise ValidationError(
            {"days": _("Vraag toegang voor 1 tot %(days)s dagen.") % {"days": max_grant_days()}}
        )
    if mode not in Mode.values:
        raise ValidationError({"mode": _("Kies lezen of lezen en schrijven.")})
    request = AccessRequest.objects.create(
        resident=resident,
        requested_by=actor.user,
        organisation=organisation,
        categories=_categories(categories),
        purpose=_purpose(purpose),
        mode=mode,
        days=days,
    )
    _notify(
        _resident_addresses(resident),
        _("Nieuw verzoek om toegang tot uw gegevens"),
        _(
            "Iemand vraagt toegang tot uw gegevens in Leefwereld. U beslist zelf of u dat "
            "goed vindt. Log in om het verzoek te bekijken: %(url)s"
        )
        % {"url": portal_url or "Leefwereld"},
    )
    return request


def _decide(actor: Actor, request: AccessRequest) -> AccessRequest:
    request = (
        AccessRequest.objects.select_for_update()
        .select_related("resident", "requested_by")
        .get(pk=request.pk)
    )
    _require_manager(actor, request.resident)
    if request.status != AccessRequest.Status.PENDING:
        raise ValidationError(_("Over dit verzoek is al beslist."))
    return request


@transaction.atomic
def approve_request(
    actor: Actor, request: AccessRequest, *, ends_on: datetime.date | None = None
) -> Grant:
    request = _decide(actor, request)
    grantee_org = request.organisation
    grant = grant_access(
        actor,
        request.resident,
        categories=request.categories,
        purpose=request.purpose,
        mode=request.mode,
        grantee_user=None if grantee_org else request.requested_by,
        grantee_organisation=grantee_org,
        days=request.days,
        ends_on=ends_on,
        request=request,
    )
    request.status = AccessRequest.Status.APPROVED
    request.decided_at = timezone.now()
    request.decided_by = actor.user
    request.save(update_fields=["status", "decided_at", "decided_by"])
    _notify(
        [request.requested_by.email],
        _("Uw verzoek om toegang is goedgekeurd"),
        _(
            "De inwoner heeft uw verzoek om toegang goedgekeurd. "
            "U vindt de inwoner in uw werklijst."
        ),
    )
    return grant


@transaction.atomic
def decline_request(actor: Actor, request: AccessRequest) -> AccessRequest:
    request = _decide(actor, request)
    request.status = AccessRequest.Status.DECLINED
    request.decided_at = timezone.now()
    request.decided_by = actor.user
    request.save(update_fields=["status", "decided_at", "decided_by"])
    _notify(
        [request.requested_by.email],
        _("Uw verzoek om toegang is afgewezen"),
        _("De inwoner heeft uw verzoek om toegang afgewezen."),
    )
    return request


# --- legal bases --------------------------------------------------------------------------


@transaction.atomic
def record_legal_basis(
    actor: Actor,
    resident: Resident,
    *,
    law: str,
    article: str,
    explanation: str,
    purpose: str,
    categories: Iterable[str],
    ends_on: datetime.date,
    organisation: Organisation,
    mode: str = Mode.READ,
) -> LegalBasis:
    """Authorised staff record access that rests on a law; the resident sees it."""
    if law not in LegalBasis.Law.values:
        raise ValidationError({"law": _("Kies een wet uit de lijst.")})
    if not may_record_legal_basis(actor, law):
        raise PermissionDenied(_("U mag deze wettelijke grondslag niet vastleggen."))
    if (
        actor.role != Role.ADMINISTRATOR
        and not organisations_of(actor.user).filter(organisation_id=organisation.pk).exists()
    ):
        raise ValidationError({"organisation": _("U werkt niet voor deze organisatie.")})
    if not article.strip():
        raise ValidationError({"article": _("Vul het wetsartikel in.")})
    if not explanation.strip():
        raise ValidationError({"explanation": _("Leg in gewone woorden uit wat dit artikel zegt.")})
    if mode not in Mode.values:
        raise ValidationError({"mode": _("Kies lezen of lezen en schrijven.")})
    starts_at = timezone.now()
    tz = _tz()
    if ends_on < periods.local_date(starts_at, tz):
        raise ValidationError({"ends_on": _("De einddatum ligt in het verleden.")})
    _start, ends_at = periods.window_until(starts_at, ends_on, tz)
    basis = LegalBasis.objects.create(
        resident=resident,
        organisation=organisation,
        law=law,
        article=article.strip(),
        explanation=explanation.strip(),
        purpose=_purpose(purpose),
        categories=_categories(categories),
        mode=mode,
        starts_at=starts_at,
        ends_at=ends_at,
        recorded_by=actor.user,
    )
    _notify(
        _resident_addresses(resident),
        _("Een organisatie kijkt in uw gegevens op grond van de wet"),
        _(
            "Een organisatie heeft op grond van een wet toegang tot een deel van uw gegevens "
            "gekregen. Log in op Leefwereld om te zien welke wet en tot wanneer."
        ),
    )
    return basis


@transaction.atomic
def end_legal_basis(actor: Actor, basis: LegalBasis) -> LegalBasis:
    basis = LegalBasis.objects.select_for_update().get(pk=basis.pk)
    if not may_record_legal_basis(actor, basis.law):
        raise PermissionDenied(_("U mag deze wettelijke grondslag niet beëindigen."))
    _end_now(basis, actor)
    return basis


# --- break-glass --------------------------------------------------------------------------


@transaction.atomic
def break_glass(
    actor: Actor,
    resident: Resident,
    *,
    reason: str,
    categories: Iterable[str] | None = None,
) -> BreakGlass:
    """Emergency read access without a grant: flagged, limited in time, reviewed later."""
    if actor.role not in CASEWORK:
        raise PermissionDenied(_("Alleen hulpverleners kunnen noodtoegang gebruiken."))
    if not registration.work_area(actor).filter(pk=resident.pk).exists():
        raise PermissionDenied(_("Deze inwoner woont niet in uw werkgebied."))
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            {"reason": _("Beschrijf de reden in minstens %(n)s tekens.") % {"n": MIN_REASON_LENGTH}}
        )
    now = timezone.now()
    membership = organisations_of(actor.user).order_by("pk").first()
    glass = BreakGlass(
        resident=resident,
        actor=actor.user,
        organisation_id=membership["organisation_id"] if membership else None,
        categories=_categories(categories if categories is not None else ALL_CATEGORIES),
        purpose=_("noodtoegang"),
        starts_at=now,
        ends_at=now + datetime.timedelta(hours=break_glass_hours()),
        created_at=now,
    )
    glass.reason_ciphertext = seal_for_resident(resident, f"break-glass:{glass.uuid}", reason)
    glass.save(force_insert=True)
    _notify(
        _resident_addresses(resident),
        _("Uw gegevens zijn in een noodgeval geopend"),
        _(
            "Een hulpverlener heeft in een noodgeval uw gegevens geopend zonder uw "
            "toestemming. De ombudsman controleert dit. Log in op Leefwereld om te zien wie "
            "en waarom."
        ),
    )
    return glass


@transaction.atomic
def review_break_glass(actor: Actor, glass: BreakGlass, *, outcome: str, note: str) -> BreakGlass:
    if actor.role != Role.OMBUDSMAN:
        raise PermissionDenied(_("Alleen de ombudsman controleert noodtoegang."))
    glass = BreakGlass.objects.select_for_update().get(pk=glass.pk)
    if glass.reviewed_at is not None:
        raise ValidationError(_("Deze noodtoegang is al gecontroleerd."))
    if outcome not in BreakGlass.Outcome.values:
        raise ValidationError({"outcome": _("Kies terecht of onterecht.")})
    glass.reviewed_at = timezone.now()
    glass.reviewed_by = actor.user
    glass.review_outcome = outcome
    glass.review_note = note.strip()
    glass.save(update_fields=["reviewed_at", "reviewed_by", "review_outcome", "review_note"])
    return glass


# --- network members ----------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invite_network_member(
    actor: Actor,
    resident: Resident,
    *,
    name: str,
    email: str,
    relation: str = "",
    accept_url: str,
) -> tuple[Invitation, str]:
    """E-mail an invitation with a one-time link. `accept_url` contains `{token}`."""
    _require_manager(actor, resident)
    if resident.household_id is None:
        raise ValidationError(_("U heeft nog geen huishouden om iemand bij uit te nodigen."))
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        household_id=resident.household_id,
        invited_by=resident,
        name=name.strip(),
        email=email.strip(),
        relation=relation.strip(),
        token_hash=_token_hash(token),
        expires_at=timezone.now() + datetime.timedelta(days=INVITATION_DAYS),
    )
    _notify(
        [invitation.email],
        _("Uitnodiging voor Leefwereld"),
        _(
            "%(resident)s nodigt u uit als netwerklid in Leefwereld. Als netwerklid kunt u "
            "meedenken over het plan van het huishouden. U ziet geen persoonlijke gegevens, "
            "tenzij %(resident)s u daar toestemming voor geeft. Maak hier uw account aan "
            "(de link werkt %(days)s dagen): %(url)s"
        )
        % {
            "resident": resident.given_names,
            "days": INVITATION_DAYS,
            "url": accept_url.replace("{token}", token),
        },
    )
    return invitation, token


def open_invitation(token: str) -> Invitation | None:
    invitation = Invitation.objects.filter(token_hash=_token_hash(token)).first()
    return invitation if invitation is not None and invitation.is_open else None


@transaction.atomic
def accept_invitation(
    token: str,
    *,
    user: User | None = None,
    username: str = "",
    password: str = "",
    first_name: str = "",
    last_name: str = "",
) -> NetworkMembership:
    """Accept with an existing network-member account, or create one."""
    invitation = open_invitation(token)
    if invitation is None:
        raise ValidationError(_("Deze uitnodiging is verlopen, ingetrokken of al gebruikt."))
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if user is None:
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError({"username": _("Deze gebruikersnaam is al in gebruik.")})
        user = User(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=invitation.email,
            role=Role.NETWORK_MEMBER,
        )
        user.set_password(password)
        user.save()
    elif user.role != Role.NETWORK_MEMBER:
        raise ValidationError(
            _("Log uit en maak een nieuw account aan: dit account is geen netwerklid-account.")
        )
    membership, _created = NetworkMembership.objects.get_or_create(
        user=user,
        household_id=invitation.household_id,
        ended__isnull=True,
        defaults={"invited_by_id": invitation.invited_by_id, "relation": invitation.relation},
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def withdraw_invitation(actor: Actor, invitation: Invitation) -> Invitation:
    _require_manager(actor, invitation.invited_by)
    if invitation.withdrawn_at is None and invitation.accepted_at is None:
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])
    return invitation


@transaction.atomic
def end_network_membership(actor: Actor, membership: NetworkMembership) -> NetworkMembership:
    """End a network membership and, with it, every grant the household gave that person."""
    own = subjects_of(actor)
    if not own or own[0].household_id != membership.household_id:
        raise PermissionDenied(_("Alleen iemand uit het huishouden kan dit netwerklid stoppen."))
    now = timezone.now()
    if membership.ended is None:
        membership.ended = timezone.localdate()
        membership.save(update_fields=["ended"])
    Grant.objects.active(now).filter(
        grantee_user_id=membership.user_id, resident__household_id=membership.household_id
    ).update(revoked_at=now, revoked_by=actor.user)
    return membership
