"""Support's part of the household timeline (core/timeline.py): meldingen, decisions and
the plan's goals and actions.

Queries are bounded whatever the number of items: the members, the actor's bases (at most
three), one for meldingen, one for decisions, the plan and its current version, and the
plan's content through the vault (a logged read). A member the actor has no support basis
for is left out and named as hidden; so is the plan when the vault refuses to open it.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leefwereld.core.actor import Actor
from leefwereld.core.models import NetworkMembership, Resident
from leefwereld.core.roles import Role
from leefwereld.core.timeline import Item, Part
from leefwereld.vault import access as vault

from .authorisation import CATEGORY, PROFESSIONALS
from .forms import OWNER_CHOICES, STATUS_CHOICES
from .models import Decision, Melding, Plan, PlanVersion


def _visible_members(actor: Actor, members: list[Resident]) -> set[int]:
    """The members whose support the actor may see: a basis covering support's category."""
    if actor.role == Role.NETWORK_MEMBER and not (
        members
        and NetworkMembership.objects.filter(
            user=actor.user, household=members[0].household_id, ended__isnull=True
        ).exists()
    ):
        return set()
    return {
        b.resident_id
        for b in vault.bases_for(actor, members)
        if b.is_own or CATEGORY in b.categories
    }


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _plan_items(actor: Actor, household_id: int, url: str) -> tuple[list[Item], list[str]]:
    plan = Plan.objects.filter(household_id=household_id).first()
    if plan is None or not plan.current_version:
        return [], []
    version = PlanVersion.objects.filter(plan=plan, number=plan.current_version).first()
    if version is None:
        return [], []
    try:
        content = vault.read_record(actor, version.record).payload
    except (vault.AccessDenied, vault.RecordErased):
        return [], [
            _(
                "De doelen en acties van het plan: u heeft geen toestemming of wettelijke "
                "grond om het plan te lezen."
            )
        ]
    owners = dict(OWNER_CHOICES)
    statuses = dict(STATUS_CHOICES)
    items = []
    for goal in content.get("goals", []):
        actions = [a for a in content.get("actions", []) if a.get("goal") == goal["id"]]
        open_actions = [a for a in actions if a.get("status") in ("open", "busy")]
        dues = [d for d in (_date(a.get("due")) for a in open_actions) if d]
        items.append(
            Item(
                app="support",
                kind="goal",
                title=goal.get("text", ""),
                status=(
                    _("%(open)s van %(total)s acties lopen nog")
                    % {"open": len(open_actions), "total": len(actions)}
                    if actions
                    else _("Nog geen acties")
                ),
                date=min(dues) if dues else None,
                domain=goal.get("domain") or "",
                owner=goal.get("person") or _("Het huishouden"),
                url=url,
            )
        )
    for action in content.get("actions", []):
        items.append(
            Item(
                app="support",
                kind="action",
                title=action.get("text", ""),
                status=str(statuses.get(action.get("status", "open"), "")),
                date=_date(action.get("due")),
                domain=next(
                    (
                        g.get("domain") or ""
                        for g in content.get("goals", [])
                        if g["id"] == action.get("goal")
                    ),
                    "",
                ),
                owner=action.get("owner_name") or str(owners.get(action.get("owner_kind"), "")),
                url=url,
            )
        )
    return items, []


def timeline(actor: Actor, household_id: int) -> Part:
    members = list(Resident.objects.filter(household_id=household_id).order_by("pk"))
    visible = _visible_members(actor, members)
    part = Part()
    if not members:
        return part
    unseen = sum(1 for member in members if member.pk not in visible)
    if unseen:
        part.hidden.append(
            ngettext(
                "Wmo-meldingen en besluiten van %(n)s gezinslid: u heeft voor deze persoon "
                "geen toestemming of wettelijke grond (onderwerp Overig).",
                "Wmo-meldingen en besluiten van %(n)s gezinsleden: u heeft voor hen "
                "geen toestemming of wettelijke grond (onderwerp Overig).",
                unseen,
            )
            % {"n": unseen}
        )
    if not visible:
        return part
    case_worker = actor.role in PROFESSIONALS  # they may open the case page
    resident = actor.role == Role.RESIDENT
    for melding in (
        Melding.objects.filter(resident_id__in=visible)
        .select_related("team")
        .order_by("-received_on", "-pk")
    ):
        url = ""
        if case_worker:
            url = reverse("support:case", args=[melding.pk])
        elif resident:
            url = reverse("support:receipt", args=[melding.pk])
        part.items.append(
            Item(
                app="support",
                kind="melding",
                title=_("Melding voor ondersteuning (Wmo)"),
                status=melding.get_status_display(),
                date=melding.closed_on or melding.received_on,
                owner=melding.team.name if melding.team else _("Het wijkteam"),
                member_id=melding.resident_id,
                url=url,
            )
        )
    for decision in (
        Decision.objects.filter(application__resident_id__in=visible)
        .select_related("application")
        .order_by("-decided_on", "-pk")
    ):
        part.items.append(
            Item(
                app="support",
                kind="decision",
                title=_("Besluit: %(kind)s")
                % {"kind": decision.application.get_provision_kind_display()},
                status=(
                    _("%(outcome)s; bezwaar ontvangen")
                    % {"outcome": decision.get_outcome_display()}
                    if decision.objection_received_on
                    else _("%(outcome)s; bezwaar kan tot %(date)s")
                    % {
                        "outcome": decision.get_outcome_display(),
                        "date": decision.bezwaar_deadline.strftime("%d-%m-%Y"),
                    }
                ),
                date=decision.decided_on,
                owner=_("De gemeente"),
                member_id=decision.application.resident_id,
                url=reverse("support:decision", args=[decision.pk]),
            )
        )
    items, hidden = _plan_items(actor, household_id, reverse("support:plan", args=[household_id]))
    part.items.extend(items)
    part.hidden.extend(hidden)
    return part
