"""The authorisation matrix: nothing personal is shown without a valid grant or basis.

Generated from the URL configuration (every pattern `get_resolver()` knows) and from the
OpenAPI schema (every operation drf-spectacular generates). Every URL and every API
operation needs a classification here (or in its app's `authorisation.py`); a new URL
without one makes `test_every_url_is_classified` fail.

Each page or endpoint that can show personal data is opened by every role — plus the
resident who owns the data ("owner") — in every grant state:

    none · active · expired · revoked · other household · legal basis · break-glass

and must show the data exactly when its policy says so. The worlds are built once per
module inside a transaction that is rolled back at the end.

The same registry drives the audit-completeness test: every read path of personal data
writes exactly one access-log row per access, with every NEN 7513 field filled.
"""

from __future__ import annotations

import datetime
import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from leefwereld.core.models import NetworkMembership, Organisation, Resident, User
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ResidentFactory,
    UserFactory,
)
from leefwereld.vault import access
from leefwereld.vault.models import AccessLog, AccessRequest, Grant, Invitation, Record
from leefwereld.vault.tests.factories import (
    AccessRequestFactory,
    BreakGlassFactory,
    GrantFactory,
    LegalBasisFactory,
    ResidentWithAccountFactory,
    store_record,
    team_for,
    worker,
)

STATES = ("none", "active", "expired", "revoked", "other_household", "legal_basis", "break_glass")
ACTORS = ("owner", *Role.values)
GRANTEE = {r.value for r in access.GRANTEE_ROLES}
CASEWORK = {r.value for r in access.CASEWORK}
# Actors that work for the world's neighbourhood team (and get its grants and bases).
MEMBERS = CASEWORK | {Role.OMBUDSMAN.value}


# --- the worlds -------------------------------------------------------------------------


@dataclass
class World:
    state: str
    marker: str
    subject: Resident
    record: Record
    team: Organisation
    actors: dict[str, User]
    witness_grant: Grant
    request: AccessRequest


def build_world(state: str, n: int) -> World:
    """One resident with records, a team for their neighbourhood, one actor per role, and
    the grants, legal bases or break-glass of `state` for every actor."""
    marker = f"Mq{n}x{state.replace('_', '')}Zk"
    subject = ResidentWithAccountFactory(surname=f"Achter{marker}")
    ResidentFactory(household=subject.household, given_names="Partner")
    team = team_for(subject)
    elsewhere = OrganisationFactory(name=f"Elders {n}")
    # Title and text both carry the marker: a list shows titles, a detail page the text.
    record = store_record(subject, "finance", f"inhoud-{marker} titel", f"inhoud-{marker} tekst")
    store_record(subject.household, "housing", "Huur", f"huishouden-{marker}")
    access.read_records(subject.user, subject, access_point="matrix:set-up")
    other = ResidentFactory(
        household__address__neighbourhood=subject.household.address.neighbourhood  # type: ignore[union-attr]
    )
    store_record(other, "finance", "Anders", "inhoud-van-een-ander")

    actors: dict[str, User] = {"owner": subject.user}  # type: ignore[dict-item]
    for role in Role:
        user = UserFactory(
            role=role,
            first_name=role.value,
            last_name="Tester",
            is_staff=role == Role.ADMINISTRATOR,
            is_superuser=role == Role.ADMINISTRATOR,
        )
        if role.value in MEMBERS:
            MembershipFactory(user=user, organisation=team)
        if role == Role.RESIDENT:
            ResidentFactory(user=user)
        if role == Role.NETWORK_MEMBER:
            NetworkMembership.objects.create(
                user=user, household=subject.household, invited_by=subject
            )
        actors[role.value] = user
    outsiders = [u for kind, u in actors.items() if kind != "owner" and kind not in MEMBERS]

    witness = GrantFactory(
        resident=subject, grantee_organisation=elsewhere, purpose=f"doel-{marker}"
    )
    LegalBasisFactory(resident=subject, organisation=elsewhere, purpose=f"doel-{marker}")
    request = AccessRequestFactory(
        resident=subject, requested_by=worker(elsewhere), purpose=f"doel-{marker}"
    )
    Invitation.objects.create(
        household=subject.household,
        invited_by=subject,
        name=f"uitgenodigd-{marker}",
        email="familie@example.org",
        token_hash=f"{n:064x}",
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )

    def grants(resident: Resident, purpose: str, **trait) -> None:
        GrantFactory(resident=resident, grantee_organisation=team, purpose=purpose, **trait)
        for user in outsiders:
            GrantFactory(
                resident=resident,
                grantee_user=user,
                grantee_organisation=None,
                purpose=purpose,
                **trait,
            )

    if state == "active":
        grants(subject, f"doel-{marker}")
    elif state in ("expired", "revoked"):
        grants(subject, f"doel-{marker}", **{state: True})
    elif state == "other_household":
        grants(other, "doel-ander")
    elif state == "legal_basis":
        LegalBasisFactory(resident=subject, organisation=team, purpose=f"doel-{marker}")
        for user in outsiders:
            LegalBasisFactory(
                resident=subject, organisation=None, user=user, purpose=f"doel-{marker}"
            )
    elif state == "break_glass":
        for kind, user in actors.items():
            if kind != "owner":
                BreakGlassFactory(
                    resident=subject, actor=user, reason=f"reden-{marker} noodgeval bij de inwoner"
                )
    return World(state, marker, subject, record, team, actors, witness, request)


@pytest.fixture(scope="module")
def worlds(django_db_setup, django_db_blocker):
    """All seven worlds, built once and rolled back when the module is done."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = {state: build_world(state, n) for n, state in enumerate(STATES)}
        yield built
        transaction.set_rollback(True)


# --- what shows personal data ------------------------------------------------------------


def body(response) -> str:
    return response.content.decode(errors="ignore")


def contains(fragment: Callable[[World], str]):
    return lambda response, world, since: fragment(world) in body(response)


CONTENT = contains(lambda w: f"inhoud-{w.marker}")
NAME = contains(lambda w: w.subject.surname)
BSN = contains(lambda w: w.subject.bsn)
PURPOSE = contains(lambda w: f"doel-{w.marker}")
REASON = contains(lambda w: f"reden-{w.marker}")
NETWORK = contains(lambda w: w.actors[Role.NETWORK_MEMBER.value].display_name)
INVITED = contains(lambda w: f"uitgenodigd-{w.marker}")


def EXPORTED(response, world, since) -> bool:
    """A PDF hides its text; the export's own log row tells whose data went out."""
    return AccessLog.objects.filter(
        pk__gt=since,
        event=AccessLog.Event.EXPORT,
        outcome=AccessLog.Outcome.PERMITTED,
        resident=world.subject,
    ).exists()


def LOG_ROWS(response, world, since) -> bool:
    if response.status_code != 200:
        return False
    return any(r["resident"] == world.subject.pk for r in response.json()["results"])


def HOUSEHOLD(response, world, since) -> bool:
    if response.status_code != 200:
        return False
    data = response.json()
    rows = data.get("results", [data])
    return any(r["id"] == world.subject.household_id for r in rows)


# Policies: (actor, state) -> may this actor see the subject's data on this page?
def shared_records(owner_may: bool) -> Callable[[str, str], bool]:
    def policy(actor: str, state: str) -> bool:
        if actor == "owner":
            return owner_may
        if state == "active":
            return actor in GRANTEE
        if state in ("legal_basis", "break_glass"):
            return actor in CASEWORK
        return False

    return policy


def own_only(actor: str, state: str) -> bool:
    return actor == "owner"


def work_area(*actors: str) -> Callable[[str, str], bool]:
    allowed = set(actors)
    return lambda actor, state: actor in allowed


def review_queue(actor: str, state: str) -> bool:
    return actor == Role.OMBUDSMAN.value and state == "break_glass"


def grants_list(actor: str, state: str) -> bool:
    return actor == "owner" or (state == "active" and actor in GRANTEE)


def legal_bases_list(actor: str, state: str) -> bool:
    return actor in ("owner", Role.ADMINISTRATOR.value) or (
        state == "legal_basis" and actor in CASEWORK
    )


def never(actor: str, state: str) -> bool:
    return False


@dataclass(frozen=True)
class Page:
    """A page or GET endpoint that can show a resident's personal data."""

    path: Callable[[World], str]
    shows: Callable[[Any, World, int], bool]
    policy: Callable[[str, str], bool]
    # For the audit test: who reads with a valid basis, in which world, and how many log
    # rows about the subject one access must write.
    audit: tuple[str, str] | None = None
    why: str = ""


@dataclass(frozen=True)
class NoPersonalData:
    why: str


@dataclass(frozen=True)
class Action:
    """Changes state (POST) and answers with a redirect or status; shows no data."""

    why: str


API = "see OPERATIONS"  # router URL names: classified per OpenAPI operation below


def basic_registration(actor: str, state: str) -> bool:
    """The core API's residents and households: the owner's household, the administrator,
    and whoever has the subject in their caseload (ADR 0011) — never the work area as such."""
    return actor == Role.ADMINISTRATOR.value or shared_records(True)(actor, state)


RECORDS_AUDIT = ("professional", "active")
OWN_AUDIT = ("owner", "none")

URLS: dict[str, Page | NoPersonalData | Action | str] = {
    # --- the shell (core) ---
    "home": NoPersonalData("redirects to the home page of the role"),
    "resident_home": Page(lambda w: "/mijn-leefwereld/", NAME, own_only),
    "professional_home": NoPersonalData("the user's own organisations and neighbourhoods"),
    "council_home": NoPersonalData("aggregates per neighbourhood"),
    "administrator_home": NoPersonalData("counts only"),
    "login": NoPersonalData("the login form"),
    "logout": Action("logs out"),
    "second_factor": NoPersonalData("the user's own TOTP set-up"),
    "set_language": Action("switches the language"),
    "api-root": NoPersonalData("links to the API resources"),
    "api-me": API,
    "api-schema": NoPersonalData("the OpenAPI schema"),
    "api-docs": NoPersonalData("Swagger UI"),
    "municipality-list": API,
    "municipality-detail": API,
    "neighbourhood-list": API,
    "neighbourhood-detail": API,
    "organisation-list": API,
    "organisation-detail": API,
    "household-list": API,
    "household-detail": API,
    "resident-list": API,
    "resident-detail": API,
    # --- the vault: the resident's own pages ---
    "vault:overview": Page(lambda w: "/mijn-gegevens/", CONTENT, own_only, audit=OWN_AUDIT),
    "vault:choose_subject": Action("chooses whose vault (own or a represented child) to show"),
    "vault:record_create": Page(lambda w: "/mijn-gegevens/gegevens/nieuw/", NAME, own_only),
    "vault:record_detail": Page(
        lambda w: f"/mijn-gegevens/gegevens/{w.record.pk}/", CONTENT, own_only, audit=OWN_AUDIT
    ),
    "vault:record_erase": Page(
        lambda w: f"/mijn-gegevens/gegevens/{w.record.pk}/verwijderen/", NAME, own_only
    ),
    "vault:access": Page(lambda w: "/mijn-gegevens/toegang/", PURPOSE, own_only),
    "vault:grant_create": Page(lambda w: "/mijn-gegevens/toegang/nieuw/", NAME, own_only),
    "vault:grant_revoke": Action("revokes a grant of the resident's own vault"),
    "vault:request_decide": Page(
        lambda w: f"/mijn-gegevens/verzoeken/{w.request.pk}/", PURPOSE, own_only
    ),
    "vault:log": Page(lambda w: "/mijn-gegevens/logboek/", NAME, own_only),
    "vault:network": Page(lambda w: "/mijn-gegevens/netwerk/", NAME, own_only),
    "vault:network_end": Action("ends a network membership of the resident's household"),
    "vault:invitation_withdraw": Action("withdraws an invitation of the resident's household"),
    "vault:invitation_accept": Page(
        lambda w: "/mijn-gegevens/uitnodiging/geen-geldig-token/",
        NAME,
        never,
        why="the secret token in the e-mail is the credential; a wrong token shows nothing",
    ),
    "vault:export": Page(lambda w: "/mijn-gegevens/downloaden/", NAME, own_only),
    "vault:export_json": Page(
        lambda w: "/mijn-gegevens/downloaden/mijn-gegevens.json", CONTENT, own_only, audit=OWN_AUDIT
    ),
    "vault:export_pdf": Page(
        lambda w: "/mijn-gegevens/downloaden/mijn-gegevens.pdf", EXPORTED, own_only, audit=OWN_AUDIT
    ),
    # --- the vault: professionals, network members, the ombudsman ---
    "vault:caseload": Page(
        lambda w: "/mijn-gegevens/werk/", NAME, shared_records(False), audit=RECORDS_AUDIT
    ),
    "vault:find_resident": Page(
        lambda w: f"/mijn-gegevens/werk/zoeken/?bsn={w.subject.bsn}",
        NAME,
        never,
        why="redirects to the resident's page (checked there); never shows a name itself",
    ),
    "vault:resident_records": Page(
        lambda w: f"/mijn-gegevens/inzage/{w.subject.pk}/",
        CONTENT,
        shared_records(False),
        audit=RECORDS_AUDIT,
    ),
    "vault:resident_record_create": Action("stores a note through the access layer"),
    "vault:request_create": Page(
        lambda w: f"/mijn-gegevens/inzage/{w.subject.pk}/verzoek/",
        NAME,
        work_area(*CASEWORK),
        audit=("professional", "none"),
    ),
    "vault:break_glass": Page(
        lambda w: f"/mijn-gegevens/inzage/{w.subject.pk}/noodtoegang/",
        NAME,
        work_area(*CASEWORK),
        audit=("professional", "none"),
    ),
    "vault:legal_basis_create": Page(
        lambda w: f"/mijn-gegevens/inzage/{w.subject.pk}/grondslag/",
        NAME,
        work_area(Role.TEAM_LEAD.value, Role.DEBT_OFFICER.value, Role.ADMINISTRATOR.value),
        audit=(Role.TEAM_LEAD.value, "none"),
    ),
    "vault:legal_basis_end": Action("ends a legal basis early"),
    "vault:break_glass_reviews": Page(
        lambda w: "/mijn-gegevens/controle/noodtoegang/",
        REASON,
        review_queue,
        audit=(Role.OMBUDSMAN.value, "break_glass"),
    ),
    "vault:break_glass_review": Action("stores the ombudsman's review"),
    # --- the vault API (router names) ---
    **dict.fromkeys(
        (
            "vault-record-list",
            "vault-record-detail",
            "vault-grant-list",
            "vault-grant-detail",
            "vault-grant-revoke",
            "vault-request-list",
            "vault-request-approve",
            "vault-request-decline",
            "vault-legal-basis-list",
            "vault-legal-basis-end",
            "vault-break-glass-list",
            "vault-break-glass-review",
            "vault-access-log-list",
            "vault-caseload-list",
            "vault-export-list",
            "vault-network-member-list",
            "vault-network-member-end",
            "vault-invitation-list",
            "vault-invitation-withdraw",
        ),
        API,
    ),
}

OPERATIONS: dict[tuple[str, str], Page | NoPersonalData | Action] = {
    ("/api/v1/me/", "get"): NoPersonalData("the caller's own account"),
    ("/api/v1/municipalities/", "get"): NoPersonalData("public reference data"),
    ("/api/v1/municipalities/{id}/", "get"): NoPersonalData("public reference data"),
    ("/api/v1/neighbourhoods/", "get"): NoPersonalData("public reference data"),
    ("/api/v1/neighbourhoods/{id}/", "get"): NoPersonalData("public reference data"),
    ("/api/v1/organisations/", "get"): NoPersonalData("organisations, no residents"),
    ("/api/v1/organisations/{id}/", "get"): NoPersonalData("organisations, no residents"),
    # The basic registration: the caseload (a grant, legal basis or break-glass in force).
    ("/api/v1/residents/", "get"): Page(
        lambda w: "/api/v1/residents/?limit=1000", BSN, basic_registration, audit=RECORDS_AUDIT
    ),
    ("/api/v1/residents/{id}/", "get"): Page(
        lambda w: f"/api/v1/residents/{w.subject.pk}/", BSN, basic_registration, audit=RECORDS_AUDIT
    ),
    ("/api/v1/households/", "get"): Page(
        lambda w: "/api/v1/households/?limit=1000",
        HOUSEHOLD,
        basic_registration,
        audit=RECORDS_AUDIT,
    ),
    ("/api/v1/households/{id}/", "get"): Page(
        lambda w: f"/api/v1/households/{w.subject.household_id}/",
        HOUSEHOLD,
        basic_registration,
        audit=RECORDS_AUDIT,
    ),
    # The vault.
    ("/api/v1/vault/records/", "get"): Page(
        lambda w: f"/api/v1/vault/records/?resident={w.subject.pk}",
        CONTENT,
        shared_records(True),
        audit=RECORDS_AUDIT,
    ),
    ("/api/v1/vault/records/", "post"): Action("writes through the access layer"),
    ("/api/v1/vault/records/{id}/", "get"): Page(
        lambda w: f"/api/v1/vault/records/{w.record.pk}/",
        CONTENT,
        shared_records(True),
        audit=RECORDS_AUDIT,
    ),
    ("/api/v1/vault/records/{id}/", "patch"): Action("rewrites through the access layer"),
    ("/api/v1/vault/records/{id}/", "delete"): Action("erases (residents only)"),
    ("/api/v1/vault/grants/", "get"): Page(
        lambda w: "/api/v1/vault/grants/?limit=1000", PURPOSE, grants_list
    ),
    ("/api/v1/vault/grants/", "post"): Action("a resident gives access"),
    ("/api/v1/vault/grants/{id}/", "get"): Page(
        lambda w: f"/api/v1/vault/grants/{w.witness_grant.pk}/", PURPOSE, own_only
    ),
    ("/api/v1/vault/grants/{id}/revoke/", "post"): Action("a resident revokes"),
    ("/api/v1/vault/access-requests/", "get"): Page(
        lambda w: "/api/v1/vault/access-requests/?limit=1000", PURPOSE, own_only
    ),
    ("/api/v1/vault/access-requests/", "post"): Action("a professional asks"),
    ("/api/v1/vault/access-requests/{id}/approve/", "post"): Action("the resident approves"),
    ("/api/v1/vault/access-requests/{id}/decline/", "post"): Action("the resident declines"),
    ("/api/v1/vault/legal-bases/", "get"): Page(
        lambda w: "/api/v1/vault/legal-bases/?limit=1000", PURPOSE, legal_bases_list
    ),
    ("/api/v1/vault/legal-bases/", "post"): Action("authorised staff record a legal basis"),
    ("/api/v1/vault/legal-bases/{id}/end/", "post"): Action("authorised staff end it"),
    ("/api/v1/vault/break-glass/", "get"): Page(
        lambda w: "/api/v1/vault/break-glass/?limit=1000",
        REASON,
        review_queue,
        audit=(Role.OMBUDSMAN.value, "break_glass"),
    ),
    ("/api/v1/vault/break-glass/", "post"): Action("a case worker breaks the glass"),
    ("/api/v1/vault/break-glass/{id}/review/", "post"): Action("the ombudsman reviews"),
    ("/api/v1/vault/access-log/", "get"): Page(
        lambda w: f"/api/v1/vault/access-log/?resident={w.subject.pk}", LOG_ROWS, own_only
    ),
    ("/api/v1/vault/caseload/", "get"): Page(
        lambda w: "/api/v1/vault/caseload/?limit=1000",
        NAME,
        shared_records(False),
        audit=RECORDS_AUDIT,
    ),
    ("/api/v1/vault/network-members/", "get"): Page(
        lambda w: "/api/v1/vault/network-members/?limit=1000", NETWORK, own_only
    ),
    ("/api/v1/vault/network-members/{id}/end/", "post"): Action("the household ends it"),
    ("/api/v1/vault/invitations/", "get"): Page(
        lambda w: "/api/v1/vault/invitations/?limit=1000", INVITED, own_only
    ),
    ("/api/v1/vault/invitations/", "post"): Action("a resident invites by e-mail"),
    ("/api/v1/vault/invitations/{id}/withdraw/", "post"): Action("the household withdraws it"),
    ("/api/v1/vault/export/", "get"): Page(
        lambda w: f"/api/v1/vault/export/?resident={w.subject.pk}",
        CONTENT,
        own_only,
        audit=OWN_AUDIT,
    ),
}

# --- generated from the URL configuration and the schema ---------------------------------


@dataclass(frozen=True)
class Route:
    name: str | None
    pattern: str
    view_module: str


def walk(resolver: URLResolver | None = None, namespace: str | None = None, prefix: str = ""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace) if n) or None
            yield from walk(entry, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Route(name, prefix + str(entry.pattern), entry.lookup_str)


def operations() -> set[tuple[str, str]]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {(path, method) for path, ops in schema["paths"].items() for method in ops}


def app_classifications() -> tuple[set[str], set[tuple[str, str]]]:
    """URLs and operations an app classifies itself in `leefwereld.<app>.authorisation`
    (module-level `URLS` and `OPERATIONS` dicts: name or (path, method) → why)."""
    from django.apps import apps

    urls: set[str] = set()
    ops: set[tuple[str, str]] = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("leefwereld."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.authorisation")
        except ModuleNotFoundError:
            continue
        urls |= set(getattr(module, "URLS", {}))
        ops |= {tuple(op) for op in getattr(module, "OPERATIONS", {})}  # type: ignore[misc]
    return urls, ops


def is_admin(route: Route) -> bool:
    return route.pattern.startswith("admin/")


def test_every_url_is_classified():
    own_urls, _ops = app_classifications()
    missing = sorted(
        route.name or route.pattern
        for route in walk()
        if not is_admin(route)
        and (route.name or route.pattern) not in URLS
        and route.name not in own_urls
        and not route.pattern.startswith("fout/")  # DEBUG-only previews of the error pages
    )
    assert missing == [], (
        "These URLs have no entry in the authorisation matrix. Classify each in "
        "tests/test_authorisation_matrix.py (URLS) or in your app's authorisation.py: "
        + ", ".join(missing)
    )


def test_the_matrix_has_no_entries_for_urls_that_no_longer_exist():
    names = {route.name or route.pattern for route in walk()}
    own_urls, _ops = app_classifications()
    assert sorted(set(URLS) - names) == []
    assert sorted(own_urls - names) == [], "an app's authorisation.py names a URL that is gone"


def test_every_api_operation_is_classified():
    _urls, own_ops = app_classifications()
    present = operations()
    missing = sorted(present - set(OPERATIONS) - own_ops)
    assert missing == [], (
        "These API operations have no entry in the authorisation matrix (OPERATIONS): "
        + ", ".join(f"{m.upper()} {p}" for p, m in missing)
    )
    assert sorted(set(OPERATIONS) - present) == []
    assert sorted(own_ops - present) == [], "an app's authorisation.py names a gone operation"


def test_the_django_admin_is_for_administrators_only_and_holds_no_vault_content(worlds):
    from leefwereld.vault import models as vault_models

    registered = {model._meta.app_label for model in admin.site._registry}
    assert vault_models.Record._meta.app_label not in registered
    world = worlds["none"]
    for actor, user in world.actors.items():
        client = Client()
        client.force_login(user)
        status = client.get("/admin/core/resident/").status_code
        assert (status == 200) == (actor == Role.ADMINISTRATOR.value), actor


# --- the matrix itself ------------------------------------------------------------------


def _pages() -> list[tuple[str, Page]]:
    pages = [(name, entry) for name, entry in URLS.items() if isinstance(entry, Page)]
    pages += [
        (f"{method.upper()} {path}", entry)
        for (path, method), entry in OPERATIONS.items()
        if isinstance(entry, Page)
    ]
    return pages


PAGES = _pages()


def _last_log_id() -> int:
    return AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize(("name", "page"), PAGES, ids=[name for name, _p in PAGES])
def test_personal_data_is_shown_exactly_when_the_policy_allows_it(worlds, name, page, state):
    world = worlds[state]
    path = page.path(world)
    wrong: list[str] = []
    for actor in ACTORS:
        client = Client(HTTP_ACCEPT="text/html,application/json")
        client.force_login(world.actors[actor])
        since = _last_log_id()
        response = client.get(path)
        assert response.status_code < 500, f"{actor}: {response.status_code} on {path}"
        expected = page.policy(actor, state)
        if page.shows(response, world, since) != expected:
            wrong.append(f"{actor} ({'should' if expected else 'should not'} see it)")
    assert wrong == [], f"{name} in state {state!r}: " + ", ".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["none", "active"])
@pytest.mark.parametrize(
    "name", [n for n, e in URLS.items() if isinstance(e, Action) and n.startswith("vault:")]
)
def test_state_changing_pages_show_nothing_on_get(worlds, name, state):
    from django.urls import reverse

    world = worlds[state]
    route = next(r for r in walk() if r.name == name)
    kwargs: dict[str, Any] = {}
    if "<int:pk>" in route.pattern:
        kwargs["pk"] = world.witness_grant.pk
    if "<int:resident_id>" in route.pattern:
        kwargs["resident_id"] = world.subject.pk
    path = reverse(name, kwargs=kwargs)
    for actor in ACTORS:
        client = Client()
        client.force_login(world.actors[actor])
        response = client.get(path)
        assert response.status_code in (302, 403, 404, 405), (actor, response.status_code)
        assert f"inhoud-{world.marker}" not in body(response)


# --- audit completeness -----------------------------------------------------------------

NEN_7513_FIELDS = (
    "occurred_at",
    "event",
    "action",
    "outcome",
    "user_id",
    "user_role",
    "responsible_user_id",
    "access_point",
    "authorisation",
    "purpose",
)

AUDITED = [(name, page) for name, page in PAGES if page.audit]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "page"), AUDITED, ids=[name for name, _p in AUDITED])
def test_every_read_path_writes_one_complete_log_row_per_access(worlds, name, page):
    actor, state = page.audit  # type: ignore[misc]
    world = worlds[state]
    client = Client()
    client.force_login(world.actors[actor])
    since = _last_log_id()

    response = client.get(page.path(world))

    assert response.status_code == 200
    rows = list(AccessLog.objects.filter(pk__gt=since, resident=world.subject))
    assert len(rows) == 1, f"{name}: {len(rows)} log rows about the resident for one access"
    row = rows[0]
    for field_name in NEN_7513_FIELDS:
        assert getattr(row, field_name) not in (None, ""), f"{name}: {field_name} is empty"
    assert row.resident_id or row.household_id
    assert row.user == world.actors[actor]
    # A page logs its URL name ("vault:overview"), an endpoint "GET /api/v1/…".
    path = page.path(world).split("?")[0]
    assert row.access_point == f"GET {path}" or row.access_point.startswith("vault:")
    needs_reference = {
        AccessLog.Authorisation.GRANT: row.grant_id,
        AccessLog.Authorisation.LEGAL_BASIS: row.legal_basis_id,
        AccessLog.Authorisation.BREAK_GLASS: row.break_glass_id,
    }
    if row.authorisation in needs_reference:
        assert needs_reference[row.authorisation], f"{name}: the basis used is not referenced"
    assert row.break_glass_used == (row.break_glass_id is not None)


@pytest.mark.django_db
def test_a_refused_read_is_one_complete_log_row_too(worlds):
    world = worlds["none"]
    client = Client()
    client.force_login(world.actors["professional"])
    since = _last_log_id()
    assert client.get(f"/mijn-gegevens/inzage/{world.subject.pk}/").status_code == 403
    (row,) = AccessLog.objects.filter(pk__gt=since)
    assert row.outcome == AccessLog.Outcome.REFUSED
    assert row.authorisation == AccessLog.Authorisation.NONE
    for field_name in NEN_7513_FIELDS:
        assert getattr(row, field_name) not in (None, ""), field_name


def test_the_matrix_covers_every_role_and_grant_state():
    assert set(ACTORS) == {"owner", *Role.values}
    assert len(STATES) == 7
    assert len(PAGES) >= 25


_ = (json, field)  # imported for readers extending the registry with JSON checks
