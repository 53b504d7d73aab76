"""Who may see and do what with objections.

* residents: objections by or about themselves and the people they represent;
* case workers: objections about a resident they hold a vault basis for (grant, legal
  basis, break-glass), and those they registered; they plan the hearing and record the
  outcome;
* everyone else: nothing.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from leefwereld.core import policy
from leefwereld.core.actor import Actor
from leefwereld.core.roles import Role
from leefwereld.vault import access as vault

from .models import Objection

RESIDENTS = policy.RESIDENTS
CASEWORK = policy.CASEWORK
READERS = policy.roles(RESIDENTS, CASEWORK)

_sees = policy.within(READERS, policy.with_basis(grantees=CASEWORK))

URLS = {
    "objections:index": policy.page(
        "residents: their objections and their status; case workers: those of their caseload",
        READERS,
        personal=_sees,
    ),
    "objections:new": policy.page(
        "object to a decision one may see (residents), or register a written objection",
        READERS,
    ),
    "objections:detail": policy.page(
        "one objection: its Awb deadlines, hearing and outcome", READERS, personal=_sees
    ),
    "objections:hearing": policy.action("case workers plan or record the hearing", CASEWORK),
    "objections:decide": policy.action(
        "case workers record the decision on the objection", CASEWORK
    ),
}
OPERATIONS: dict = {}


def visible_objections(actor: Actor) -> QuerySet[Objection]:
    rows = Objection.objects.all()
    if not actor.user.is_active:
        return rows.none()
    if actor.role == Role.RESIDENT:
        return rows.filter(resident__in=[r.pk for r in vault.subjects_of(actor)])
    if actor.role not in CASEWORK:
        return rows.none()
    return rows.filter(
        Q(filed_by=actor.user) | Q(resident__in=vault.caseload_residents(actor).values("pk"))
    )


def access_objection(actor: Actor, pk: int) -> Objection:
    return get_object_or_404(visible_objections(actor).select_related("resident"), pk=pk)
