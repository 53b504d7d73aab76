"""The verbs of youth care: register access (a team request or a medical referral),
decide, inform the child and the holders of gezag, and record the child's own view."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leefwereld.core import gezag
from leefwereld.core.actor import Actor
from leefwereld.core.mail import link, send
from leefwereld.core.models import Organisation, Resident
from leefwereld.rules import consent
from leefwereld.vault import access as vault
from leefwereld.vault.models import Category

from .authorisation import CASEWORK, organisation_ids, reachable_children
from .models import Access, Decision, Notice, Product

# Jeugdwet art. 1.1: a jeugdige is under 18 (continued help up to 23 is not in this slice).
ADULT_AGE = 18
VOICE_KIND = "youth-voice"


def _check_period(volume: int, starts_on: datetime.date | None, ends_on: datetime.date | None):
    if volume <= 0:
        raise ValidationError({"volume": _("Vul een omvang groter dan nul in.")})
    if starts_on is None or ends_on is None:
        raise ValidationError({"starts_on": _("Vul de begin- en einddatum in.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("De einddatum ligt voor de begindatum.")})


@transaction.atomic
def register(
    actor: Actor,
    child: Resident,
    *,
    route: str,
    team: Organisation,
    product: Product,
    provider: Organisation,
    received_on: datetime.date,
    referrer_name: str = "",
    referrer_agb: str = "",
    volume: int = 0,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Access:
    """Register a way in. A referral by a GP, youth doctor or medical specialist is
    registered and granted as referred (Jeugdwet art. 2.6 lid 1 onder e: the municipality
    does not re-assess it); a team request waits for the team's decision. Either way the
    provider must be contracted for the product."""
    if actor.role not in CASEWORK or team.pk not in organisation_ids(actor):
        raise PermissionDenied(_("U registreert alleen voor uw eigen team."))
    if not reachable_children(actor).filter(pk=child.pk).exists():
        raise ValidationError({"bsn": _("Geen inwoner gevonden met dit BSN in uw werkgebied.")})
    if route not in Access.Route.values:
        raise ValidationError({"route": _("Kies hoe de jeugdige binnenkwam.")})
    if child.age_on(received_on) >= ADULT_AGE:
        raise ValidationError({"bsn": _("Jeugdhulp is voor jongeren onder de 18 jaar.")})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("De datum van ontvangst ligt in de toekomst.")})
    if not product.contracted_providers.filter(pk=provider.pk).exists():
        raise ValidationError(
            {
                "provider": _("Deze aanbieder heeft geen contract voor %(product)s.")
                % {"product": product}
            }
        )
    medical = route in Access.MEDICAL
    if medical:
        if not referrer_name.strip():
            raise ValidationError({"referrer_name": _("Vul de naam van de verwijzer in.")})
        if not (referrer_agb.isdigit() and len(referrer_agb) == 8):
            raise ValidationError({"referrer_agb": _("Een AGB-code heeft 8 cijfers.")})
        _check_period(volume, starts_on, ends_on)
    row = Access.objects.create(
        child=child,
        route=route,
        team=team,
        referrer_name=referrer_name.strip() if medical else "",
        referrer_agb=referrer_agb if medical else "",
        product=product,
        provider=provider,
        received_on=received_on,
        registered_by=actor.user,
    )
    decision = Decision.objects.create(access=row)
    if medical:
        _settle(actor, decision, Decision.Outcome.GRANTED, volume, starts_on, ends_on)
    return row


@transaction.atomic
def decide(
    actor: Actor,
    decision: Decision,
    *,
    outcome: str,
    volume: int = 0,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Decision:
    """The team's decision on a request that came in through the team."""
    decision = Decision.objects.select_for_update().select_related("access").get(pk=decision.pk)
    if actor.role not in CASEWORK or decision.access.team_id not in organisation_ids(actor):
        raise PermissionDenied(_("Alleen het wijkteam van deze aanvraag beslist."))
    if decision.outcome != Decision.Outcome.PENDING:
        raise ValidationError(_("Op deze aanvraag is al besloten."))
    if outcome not in (Decision.Outcome.GRANTED, Decision.Outcome.REFUSED):
        raise ValidationError({"outcome": _("Kies toekennen of afwijzen.")})
    if outcome == Decision.Outcome.GRANTED:
        _check_period(volume, starts_on, ends_on)
    else:
        volume, starts_on, ends_on = 0, None, None
    return _settle(actor, decision, outcome, volume, starts_on, ends_on)


def _settle(actor, decision, outcome, volume, starts_on, ends_on) -> Decision:
    today = timezone.localdate()
    child = decision.access.child
    rule = consent.care_consent(child.birth_date, today)
    decision.outcome = outcome
    decision.volume = volume
    decision.starts_on = starts_on
    decision.ends_on = ends_on
    decision.decided_on = today
    decision.decided_by = actor.user
    decision.consenter = rule.consenter.value
    decision.consent_article = rule.article
    decision.save()
    inform(decision, rule)
    return decision


def recipients(child: Resident, rule: consent.Consent) -> list[tuple[Resident, str]]:
    """Who is told of a decision: always the child; the holders of gezag while the
    child is under 16 (rules.consent)."""
    people: list[tuple[Resident, str]] = [(child, Notice.Role.CHILD)]
    if rule.parents_informed:
        people += [(parent, Notice.Role.PARENT) for parent in gezag.holders_of(child)]
    return people


def inform(decision: Decision, rule: consent.Consent) -> list[Notice]:
    """One notice per person, and a mail without personal details after the commit."""
    people = recipients(decision.access.child, rule)
    notices = [Notice(decision=decision, recipient=p, role=role) for p, role in people]
    Notice.objects.bulk_create(notices, ignore_conflicts=True)
    addresses = list(
        Resident.objects.filter(pk__in=[p.pk for p, _r in people], user__isnull=False).values_list(
            "user__email", flat=True
        )
    )
    send(
        addresses,
        _("Er is besloten over jeugdhulp"),
        _("Er is een besluit over jeugdhulp genomen. Lees het in Leefwereld: %(url)s")
        % {"url": link("youth:detail", decision.pk)},
    )
    return notices


def record_voice(actor: Actor, decision: Decision, text: str) -> None:
    """The child's own view, in the child's vault (written by the child, or by a parent
    who manages the child's data); the decision page shows it to whoever may read it."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Schrijf op wat de jeugdige zelf vindt.")})
    if len(text) > 2000:
        raise ValidationError({"text": _("Houd het korter dan 2000 tekens.")})
    vault.write_record(
        actor,
        decision.access.child,
        Category.FAMILY,
        "jeugdhulp",
        {"title": _("Mijn mening over de jeugdhulp"), "text": text, "decision_id": decision.pk},
        kind=VOICE_KIND,
        source="youth",
    )


def voices(actor: Actor, decision: Decision) -> list[str]:
    """The child's own views on this decision the actor may read (an audited read; not
    attempted without a basis, so a team member without one causes no refused read)."""
    if not vault.bases_for(actor, [decision.access.child]):
        return []
    try:
        opened = vault.read_records(
            actor, decision.access.child, categories=[Category.FAMILY], include_household=False
        )
    except vault.AccessDenied:
        return []
    return [
        r.payload.get("text", "")
        for r in opened.records
        if r.record.kind == VOICE_KIND and r.payload.get("decision_id") == decision.pk
    ]
