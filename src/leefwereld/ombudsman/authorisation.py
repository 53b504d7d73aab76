"""Who may see and do what at the ombudsman desk, and the policy of every page.

* Anyone, without logging in: file a complaint, see its receipt once, follow it with the
  case number and the secret code from the receipt.
* Residents: their own complaints (and those of children they represent): "Waar sta ik?".
* The ombudsman: every complaint, its contact details and history; categories; signals.
* Case workers of the action team (the regie team the complaint was handed to): the
  complaints handed to their organisations, to resolve them (they cannot refuse).
* Staff at a counter or phone (case workers, the ombudsman): register a complaint.
* Council members and policy officers: patterns (disclosed), signals and their follow-up,
  the quarterly report; never a complaint or a complainant.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from leefwereld.core import policy
from leefwereld.core.actor import Actor
from leefwereld.core.models import Membership
from leefwereld.core.roles import Role
from leefwereld.vault import access as vault

from .models import Complaint, PolicySignal

RESIDENTS = policy.RESIDENTS
CASEWORK = policy.CASEWORK
OMBUDSMAN = policy.roles(Role.OMBUDSMAN)
REGISTRARS = policy.roles(CASEWORK, Role.OMBUDSMAN)
# Figures and signals: the council, policy officers and the ombudsman who sends them.
POLICY_READERS = policy.roles(policy.COUNCIL, Role.OMBUDSMAN)
POLICY_OFFICERS = policy.roles(Role.POLICY_OFFICER)


def action_team_organisations(actor: Actor) -> list[int]:
    """The organisations a case worker works for (an action team among them, if any)."""
    if actor.role not in CASEWORK or not actor.user.is_active:
        return []
    return list(
        Membership.objects.filter(user=actor.user).values_list("organisation_id", flat=True)
    )


def own_complaints(actor: Actor) -> QuerySet[Complaint]:
    if actor.role != Role.RESIDENT or not actor.user.is_active:
        return Complaint.objects.none()
    return Complaint.objects.filter(resident__in=[r.pk for r in vault.subjects_of(actor)])


def desk_complaints(actor: Actor) -> QuerySet[Complaint]:
    if actor.role != Role.OMBUDSMAN or not actor.user.is_active:
        return Complaint.objects.none()
    return Complaint.objects.all()


def team_complaints(actor: Actor) -> QuerySet[Complaint]:
    """Complaints handed to one of the case worker's organisations."""
    if actor.role not in CASEWORK or not actor.user.is_active:
        return Complaint.objects.none()
    return Complaint.objects.filter(action_team_id__in=action_team_organisations(actor))


def access_own(actor: Actor, pk: int) -> Complaint:
    return get_object_or_404(own_complaints(actor).select_related("category__parent"), pk=pk)


def access_desk(actor: Actor, pk: int) -> Complaint:
    return get_object_or_404(
        desk_complaints(actor).select_related(
            "category__parent", "organisation", "neighbourhood", "action_team"
        ),
        pk=pk,
    )


def access_team(actor: Actor, pk: int) -> Complaint:
    return get_object_or_404(team_complaints(actor).select_related("category__parent"), pk=pk)


def visible_signals(actor: Actor) -> QuerySet[PolicySignal]:
    if actor.role not in POLICY_READERS or not actor.user.is_active:
        return PolicySignal.objects.none()
    return PolicySignal.objects.all()


def access_signal(actor: Actor, pk: int) -> PolicySignal:
    return get_object_or_404(visible_signals(actor).select_related("blocking_rule"), pk=pk)


# --- the executable policies ------------------------------------------------------------------

OWN = "own complaints: the resident (or their legal representative), nobody else"
DESK = "the ombudsman: every complaint, with the complainant's contact details"
TEAM = "case workers of the action team the complaint was handed to"
FIGURES = "aggregates (counts below 10 hidden for the council) and signals; no complainant"

URLS: dict[str, policy.Policy | str] = {
    "ombudsman:file": policy.public("a form; anyone may complain, with or without login"),
    "ombudsman:receipt": policy.public("the receipt of the complaint just filed (session only)"),
    "ombudsman:follow": policy.public("a form; the status shows only with number and code"),
    "ombudsman:mine": policy.page(OWN, RESIDENTS, personal=policy.own_only),
    "ombudsman:my_complaint": policy.page(OWN, RESIDENTS, personal=policy.own_only),
    "ombudsman:my_feedback": policy.action("the resident answers 'satisfied?'", RESIDENTS),
    "ombudsman:my_pillar_to_post": policy.action("the resident reports pillar to post", RESIDENTS),
    "ombudsman:desk": policy.page(DESK, OMBUDSMAN, personal=policy.only(Role.OMBUDSMAN.value)),
    "ombudsman:register": policy.page(
        "a form: staff register a phone, letter or counter complaint", REGISTRARS
    ),
    "ombudsman:case": policy.page(DESK, OMBUDSMAN, personal=policy.only(Role.OMBUDSMAN.value)),
    "ombudsman:step": policy.action("the ombudsman moves the case (transition table)", OMBUDSMAN),
    "ombudsman:cause": policy.action("the ombudsman tags the policy cause", OMBUDSMAN),
    "ombudsman:categories": policy.page(
        "categories (no personal data); the ombudsman edits them", OMBUDSMAN
    ),
    "ombudsman:team": policy.page(TEAM, CASEWORK, personal=policy.only(*CASEWORK)),
    "ombudsman:team_case": policy.page(TEAM, CASEWORK, personal=policy.only(*CASEWORK)),
    "ombudsman:resolve": policy.action("the action team reports what it did", CASEWORK),
    "ombudsman:patterns": policy.page(FIGURES, POLICY_READERS),
    "ombudsman:signals": policy.page(FIGURES, POLICY_READERS),
    "ombudsman:signal_new": policy.page("a form: the ombudsman sends a signal", OMBUDSMAN),
    "ombudsman:signal": policy.page(FIGURES + "; case numbers only", POLICY_READERS),
    "ombudsman:signal_follow_up": policy.action(
        "a policy officer records the municipality's follow-up", POLICY_OFFICERS
    ),
    "ombudsman:report": policy.page(FIGURES, POLICY_READERS),
    "ombudsman:report_pdf": policy.page(FIGURES + " (PDF)", POLICY_READERS),
}

OPERATIONS: dict[tuple[str, str], policy.Policy] = {}
