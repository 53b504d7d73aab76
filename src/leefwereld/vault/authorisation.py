"""Who may do what in the vault: its role groups, the look-ups its views use, and the
executable policy of every vault page and API operation.

* **Role groups**, each defined once here (from `leefwereld.core.policy`): views, forms,
  services and the access layer import them from this module.
* **`visible_*(actor)` / `access_*(actor, pk)`**: the only way the vault's views and API
  views find grants, requests, legal bases, break-glass, network members and invitations.
* **Purpose binding of laws** (`LAW_HOLDERS`): a legal basis under the Wgs (municipal debt
  assistance) covers the debt fund's officers only, not every member of the organisation
  that holds it (issue 12, item 5).
* **`URLS` / `OPERATIONS`**: one `Policy` per URL name and per API operation, executed by
  tests/test_authorisation_matrix.py with the objects of `vault/tests/matrix.py`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from leefwereld.core import policy
from leefwereld.core.actor import Actor
from leefwereld.core.models import NetworkMembership, Resident
from leefwereld.core.policy import OWNER
from leefwereld.core.roles import Role

from .models import AccessRequest, BreakGlass, Grant, Invitation, LegalBasis, organisations_of

# --- role groups --------------------------------------------------------------------------

RESIDENTS = policy.RESIDENTS
# The resident and their network: people, not organisations.
HOUSEHOLD = policy.HOUSEHOLD
# Who can hold a grant at all. Council members, policy officers and administrators never
# see a resident's records, whatever a grant says: they work with aggregates.
GRANTEES = policy.GRANTEES
# Who can act on a legal basis or break the glass: the case workers.
CASEWORK = policy.CASEWORK
# Who may ask a resident for access (a network member is asked by the household itself).
REQUESTERS = policy.roles(CASEWORK, Role.OMBUDSMAN)
REVIEWERS = policy.roles(Role.OMBUDSMAN)
# Who may record a legal basis, and for which laws (None: every law). A debt officer
# records only the debt-assistance law.
LEGAL_BASIS_RECORDERS: dict[str, frozenset[str] | None] = {
    Role.TEAM_LEAD.value: None,
    Role.ADMINISTRATOR.value: None,
    Role.DEBT_OFFICER.value: frozenset({LegalBasis.Law.WGS.value}),
}
LEGAL_BASIS_ROLES = policy.roles(*LEGAL_BASIS_RECORDERS)
# Laws whose basis covers only some roles of the organisation that holds it. The Wgs lets
# the municipality process data for debt assistance: its debt fund's officers, not a team
# lead or professional who happens to be a member of the same organisation.
LAW_HOLDERS: dict[str, frozenset[str]] = {
    LegalBasis.Law.WGS.value: policy.roles(Role.DEBT_OFFICER),
}


def laws_not_for(role: str) -> list[str]:
    """The laws whose legal bases do not cover this role (see LAW_HOLDERS)."""
    return [law for law, holders in LAW_HOLDERS.items() if role not in holders]


def may_record_legal_basis(actor: Actor, law: str | None = None) -> bool:
    if actor.role not in LEGAL_BASIS_RECORDERS:
        return False
    laws = LEGAL_BASIS_RECORDERS[actor.role]
    return law is None or laws is None or law in laws


# --- what the vault's views may find ------------------------------------------------------


def own_vaults(actor: Actor) -> list[int]:
    """The residents whose vault a resident manages: their own and those they represent."""
    from .access import subjects_of

    return [r.pk for r in subjects_of(actor)]


def own_households(actor: Actor) -> list[int]:
    """The households of the residents whose vault a resident manages."""
    from .access import subjects_of

    return [r.household_id for r in subjects_of(actor) if r.household_id]


def visible_grants(actor: Actor) -> QuerySet[Grant]:
    """Residents: the grants they gave. Grantees: the grants in force given to them."""
    grants = Grant.objects.select_related("grantee_user", "grantee_organisation")
    if actor.role == Role.RESIDENT:
        return grants.filter(resident__in=own_vaults(actor)).order_by("-created_at")
    if actor.role in GRANTEES:
        return (
            grants.active()
            .filter(
                Q(grantee_user=actor.user)
                | Q(grantee_organisation_id__in=organisations_of(actor.user))
            )
            .order_by("ends_at")
        )
    return grants.none()


def visible_access_requests(actor: Actor) -> QuerySet[AccessRequest]:
    """Residents: requests to them. Others: the requests they made."""
    requests = AccessRequest.objects.select_related("requested_by", "organisation")
    if actor.role == Role.RESIDENT:
        return requests.filter(resident__in=own_vaults(actor)).order_by("-created_at")
    return requests.filter(requested_by=actor.user).order_by("-created_at")


def visible_legal_bases(actor: Actor) -> QuerySet[LegalBasis]:
    bases = LegalBasis.objects.select_related("organisation", "user")
    if actor.role == Role.RESIDENT:
        return bases.filter(resident__in=own_vaults(actor)).order_by("-recorded_at")
    if actor.role == Role.ADMINISTRATOR:
        return bases.order_by("-recorded_at")
    if may_record_legal_basis(actor) or actor.role in CASEWORK:
        return bases.filter(
            Q(organisation_id__in=organisations_of(actor.user)) | Q(user=actor.user)
        ).order_by("-recorded_at")
    return bases.none()


def visible_break_glass(actor: Actor) -> QuerySet[BreakGlass]:
    """The ombudsman: the review queue. Case workers: their own break-glass."""
    if actor.role == Role.OMBUDSMAN:
        return BreakGlass.objects.order_by("reviewed_at", "created_at")
    if actor.role in CASEWORK:
        return BreakGlass.objects.filter(actor=actor.user).order_by("-created_at")
    return BreakGlass.objects.none()


def visible_network_members(actor: Actor) -> QuerySet[NetworkMembership]:
    return (
        NetworkMembership.objects.filter(household_id__in=own_households(actor))
        .select_related("user", "invited_by")
        .order_by("-since", "-pk")
    )


def visible_invitations(actor: Actor) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        household_id__in=own_households(actor),
        accepted_at__isnull=True,
        withdrawn_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).order_by("-created_at")


def access_casework_resident(actor: Actor, resident_id: int) -> Resident:
    """A resident a case worker acts for (request, break-glass, legal basis): 404 when there
    is none, 403 outside the actor's work area."""
    from .registration import work_area

    resident = get_object_or_404(Resident.objects.select_related("household"), pk=resident_id)
    if not work_area(actor).filter(pk=resident.pk).exists():
        raise PermissionDenied
    return resident


def access_grant(actor: Actor, pk: int) -> Grant:
    return get_object_or_404(visible_grants(actor), pk=pk)


def access_access_request(actor: Actor, pk: int) -> AccessRequest:
    return get_object_or_404(visible_access_requests(actor), pk=pk)


def access_legal_basis(actor: Actor, pk: int) -> LegalBasis:
    return get_object_or_404(visible_legal_bases(actor), pk=pk)


def access_network_member(actor: Actor, pk: int) -> NetworkMembership:
    return get_object_or_404(visible_network_members(actor), pk=pk)


def access_invitation(actor: Actor, pk: int) -> Invitation:
    return get_object_or_404(visible_invitations(actor), pk=pk)


# --- who sees the test resident's data, by state of access (the matrix) --------------------

shared_records = policy.with_basis
own_only = policy.own_only


def review_queue(actor: str, state: str) -> bool:
    """The ombudsman sees break-glass (and its reason) to review it."""
    return actor == Role.OMBUDSMAN.value and state == "break_glass"


def grants_list(actor: str, state: str) -> bool:
    """The resident sees the grants they gave; a grantee those in force given to them."""
    return actor == OWNER or (state == "active" and actor in GRANTEES)


def legal_bases_list(actor: str, state: str) -> bool:
    """The resident and the administrator; case workers of the organisation holding one."""
    return actor in (OWNER, Role.ADMINISTRATOR.value) or (
        state == "legal_basis" and actor in CASEWORK
    )


# A case worker's form about one resident (request, break-glass) shows the name only after a
# lawful look-up (ADR 0011): a basis in force, or the BSN look-up (which the matrix, typing
# the resident's id, does not do).
named_with_basis = policy.with_basis(owner=False, grantees=CASEWORK)
# The administrator keeps the basic registration and sees every name.
legal_basis_form = policy.any_of(policy.only(Role.ADMINISTRATOR.value), named_with_basis)

P = policy.page
A = policy.action

URLS: dict[str, policy.Policy] = {
    # --- the resident's own pages ---
    "vault:overview": P("the resident's own records", RESIDENTS, personal=own_only),
    "vault:choose_subject": A("chooses whose vault (own or a represented child)", RESIDENTS),
    "vault:record_create": P("a form in the resident's own vault", RESIDENTS, personal=own_only),
    "vault:record_detail": P("one of the resident's own records", RESIDENTS, personal=own_only),
    "vault:record_erase": P("erasing an own record", RESIDENTS, personal=own_only),
    "vault:access": P("who may see my data", RESIDENTS, personal=own_only),
    "vault:grant_create": P("giving access", RESIDENTS, personal=own_only),
    "vault:grant_revoke": A("revokes a grant of the resident's own vault", RESIDENTS),
    "vault:request_decide": P("a request to the resident", RESIDENTS, personal=own_only),
    "vault:log": P("Wie keek in mijn gegevens?", RESIDENTS, personal=own_only),
    "vault:network": P("the household's network", RESIDENTS, personal=own_only),
    "vault:network_end": A("ends a network membership of the household", RESIDENTS),
    "vault:invitation_withdraw": A("withdraws an invitation of the household", RESIDENTS),
    "vault:invitation_accept": policy.public(
        "the secret token in the e-mail is the credential; a wrong token shows nothing"
    ),
    "vault:export": P("the download page", RESIDENTS, personal=own_only),
    "vault:export_json": P("everything about me as JSON", RESIDENTS, personal=own_only),
    "vault:export_pdf": P("everything about me as PDF", RESIDENTS, personal=own_only),
    # --- professionals, network members, the ombudsman ---
    "vault:caseload": P(
        "the residents the user has a basis for", GRANTEES, personal=shared_records(False)
    ),
    "vault:find_resident": P(
        "BSN look-up: redirects to the resident's page (checked there), shows no name",
        CASEWORK,
    ),
    "vault:resident_records": P(
        "a resident's records through a basis in force", GRANTEES, personal=shared_records(False)
    ),
    "vault:resident_record_create": A("stores a note through the access layer", GRANTEES),
    "vault:request_create": P(
        "asking for access: the name after a lawful look-up", CASEWORK, personal=named_with_basis
    ),
    "vault:break_glass": P(
        "emergency access: the name after a lawful look-up", CASEWORK, personal=named_with_basis
    ),
    "vault:legal_basis_create": P(
        "recording a legal basis", LEGAL_BASIS_ROLES, personal=legal_basis_form
    ),
    "vault:legal_basis_end": A("ends a legal basis early", LEGAL_BASIS_ROLES),
    "vault:break_glass_reviews": P("the review queue", REVIEWERS, personal=review_queue),
    "vault:break_glass_review": A("stores the ombudsman's review", REVIEWERS),
}

RECORD_READERS = policy.roles(RESIDENTS, GRANTEES)
V = "/api/v1/vault"

OPERATIONS: dict[tuple[str, str], policy.Policy] = {
    (f"{V}/records/", "get"): P(
        "one logged read of a resident's records", RECORD_READERS, personal=shared_records(True)
    ),
    (f"{V}/records/", "post"): A("writes through the access layer", RECORD_READERS),
    (f"{V}/records/{{id}}/", "get"): P(
        "one logged read of a record", RECORD_READERS, personal=shared_records(True)
    ),
    (f"{V}/records/{{id}}/", "patch"): A("rewrites through the access layer", RECORD_READERS),
    (f"{V}/records/{{id}}/", "delete"): A("erases (residents only)", RESIDENTS),
    (f"{V}/grants/", "get"): P("grants given or held", personal=grants_list),
    (f"{V}/grants/", "post"): A("a resident gives access", RESIDENTS),
    (f"{V}/grants/{{id}}/", "get"): P("one grant", personal=own_only),
    (f"{V}/grants/{{id}}/revoke/", "post"): A("a resident revokes", RESIDENTS),
    (f"{V}/access-requests/", "get"): P("requests to me or by me", personal=own_only),
    (f"{V}/access-requests/", "post"): A("a case worker asks", REQUESTERS),
    (f"{V}/access-requests/{{id}}/approve/", "post"): A("the resident approves", RESIDENTS),
    (f"{V}/access-requests/{{id}}/decline/", "post"): A("the resident declines", RESIDENTS),
    (f"{V}/legal-bases/", "get"): P("legal bases", personal=legal_bases_list),
    (f"{V}/legal-bases/", "post"): A("authorised staff record one", LEGAL_BASIS_ROLES),
    (f"{V}/legal-bases/{{id}}/end/", "post"): A("authorised staff end one", LEGAL_BASIS_ROLES),
    (f"{V}/break-glass/", "get"): P("the review queue or my own", personal=review_queue),
    (f"{V}/break-glass/", "post"): A("a case worker breaks the glass", CASEWORK),
    (f"{V}/break-glass/{{id}}/review/", "post"): A("the ombudsman reviews", REVIEWERS),
    (f"{V}/access-log/", "get"): P("the resident's own access log", RESIDENTS, personal=own_only),
    (f"{V}/caseload/", "get"): P("my caseload", personal=shared_records(False)),
    (f"{V}/network-members/", "get"): P("the household's network", personal=own_only),
    (f"{V}/network-members/{{id}}/end/", "post"): A("the household ends it", RESIDENTS),
    (f"{V}/invitations/", "get"): P("open invitations of the household", personal=own_only),
    (f"{V}/invitations/", "post"): A("a resident invites by e-mail", RESIDENTS),
    (f"{V}/invitations/{{id}}/withdraw/", "post"): A("the household withdraws it", RESIDENTS),
    (f"{V}/export/", "get"): P("everything about me", RESIDENTS, personal=own_only),
}
