"""Who may see and do what in youth care (Jeugdwet access and decisions).

* residents: the decisions about themselves and about the children whose data they manage
  (holders of gezag while the child is under 16: `vault.access.subjects_of`);
* case workers: the access their own team registered, and any child they hold a vault
  basis for (grant, legal basis, break-glass); they register and decide for children in
  their work area or caseload;
* everyone else: nothing.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from leefwereld.core import policy
from leefwereld.core.actor import Actor
from leefwereld.core.models import Membership, Resident
from leefwereld.core.roles import Role
from leefwereld.vault import access as vault
from leefwereld.vault import registration

from .models import Access, Decision

RESIDENTS = policy.RESIDENTS
CASEWORK = policy.CASEWORK
READERS = policy.roles(RESIDENTS, CASEWORK)

_sees = policy.within(READERS, policy.with_basis(grantees=CASEWORK))

URLS = {
    "youth:index": policy.page(
        "residents: their own and their children's youth decisions; case workers: their "
        "team's and their caseload's",
        READERS,
        personal=_sees,
    ),
    "youth:register": policy.page(
        "case workers register a request or a GP's / youth doctor's / specialist's referral",
        CASEWORK,
    ),
    "youth:detail": policy.page(
        "one youth decision, who was informed and the child's own view", READERS, personal=_sees
    ),
    "youth:decide": policy.action("case workers decide on a request via the team", CASEWORK),
    "youth:voice": policy.action(
        "the child (or a parent with gezag) writes the child's own view", RESIDENTS
    ),
}
OPERATIONS: dict = {}


def organisation_ids(actor: Actor) -> list[int]:
    return list(
        Membership.objects.filter(user=actor.user).values_list("organisation_id", flat=True)
    )


def visible_access(actor: Actor) -> QuerySet[Access]:
    """The access rows (with their decision) the actor may see, in one query."""
    rows = Access.objects.all()
    if not actor.user.is_active:
        return rows.none()
    if actor.role == Role.RESIDENT:
        return rows.filter(child__in=[r.pk for r in vault.subjects_of(actor)])
    if actor.role not in CASEWORK:
        return rows.none()
    return rows.filter(
        Q(team_id__in=organisation_ids(actor))
        | Q(child__in=vault.caseload_residents(actor).values("pk"))
    )


def access_decision(actor: Actor, pk: int) -> Decision:
    """One visible decision (404 when it does not exist or is not the actor's to see)."""
    return get_object_or_404(
        Decision.objects.select_related(
            "access", "access__child", "access__product", "access__provider", "access__team"
        ).filter(access__in=visible_access(actor)),
        pk=pk,
    )


def reachable_children(actor: Actor) -> QuerySet[Resident]:
    """Whom a case worker may register youth access for: their teams' work area and their
    caseload (a BSN outside it answers like one that does not exist)."""
    if actor.role not in CASEWORK or not actor.user.is_active:
        return Resident.objects.none()
    return Resident.objects.filter(
        Q(pk__in=registration.work_area(actor).values("pk"))
        | Q(pk__in=vault.caseload_residents(actor).values("pk"))
    )


def objectable(actor: Actor, pk: int):
    """A decided youth decision the actor may see, for an objection (objections.registry)."""
    from django.urls import reverse

    from leefwereld.objections.registry import Objectable

    decision = (
        Decision.objects.select_related("access__child")
        .filter(access__in=visible_access(actor), pk=pk, decided_on__isnull=False)
        .first()
    )
    if decision is None or decision.decided_on is None:
        return None
    return Objectable(
        decision=decision,
        resident=decision.access.child,
        announced_on=decision.decided_on,
        label=str(decision),
        url=reverse("youth:detail", args=[decision.pk]),
    )
