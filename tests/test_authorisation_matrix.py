"""The authorisation matrix: every page and API operation of every app, executed.

Each app's `authorisation.py` declares a `Policy` (leefwereld.core.policy) for each of its
URL names (`URLS`) and API operations (`OPERATIONS`). This module finds every URL the URL
configuration knows and every operation drf-spectacular generates; one without a policy
fails `test_every_url_has_a_policy` / `test_every_api_operation_has_a_policy`.

Then it opens every page and GET operation as every role — plus the resident the data is
about ("owner") and an anonymous visitor — in worlds of every state of access:

    none · active · expired · revoked · other household · legal basis · break-glass

A role outside the policy's roles gets no page; a page with a `personal` policy shows the
world's marker (the resident's data) exactly when the policy says so; any other page never
shows it. Every forbidden write (a POST, PATCH or DELETE operation by a role outside the
policy) is refused. The objects a page is about come from each app's
`tests/matrix.py:build(world)`: per URL name or (path, method), a concrete path, or a pair
(path, what shows the data) where that is a text or a predicate (response, world, the last
access-log id before the request) — for answers that show no marker, such as a PDF or an
id in JSON. The worlds are built once per module inside a transaction that is rolled back
at the end.

The audit-completeness tests check that every read path of personal data writes exactly
one access-log row per access, with every NEN 7513 field filled.
"""

from __future__ import annotations

import datetime
import importlib
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from leefwereld.core.actor import Actor
from leefwereld.core.models import NetworkMembership, Organisation, Resident, User
from leefwereld.core.policy import CASEWORK as CASEWORK_GROUP
from leefwereld.core.policy import GRANTEES, OWNER, Kind, Policy
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
GRANTEE = set(GRANTEES)
CASEWORK = set(CASEWORK_GROUP)
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
    # Filled by the apps' tests/matrix.py: their own objects, and the concrete path (and
    # what shows the data) of each page or operation that takes arguments.
    extra: dict[str, Any] = field(default_factory=dict)
    paths: dict[Any, Any] = field(default_factory=dict)
    # App → the traceback of its build(world), if it failed (its pages then fail).
    errors: dict[str, str] = field(default_factory=dict)


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
    access.read_records(Actor(subject.user, "matrix:set-up"), subject)  # type: ignore[arg-type]
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
        for world in built.values():
            for app, builder in BUILDERS.items():
                try:
                    with transaction.atomic():
                        world.paths.update(builder(world))
                except Exception:
                    world.errors[app] = traceback.format_exc()
        yield built
        transaction.set_rollback(True)


# --- the policies of every app ---------------------------------------------------------


def _leefwereld_apps() -> list[str]:
    from django.apps import apps

    return [c.name for c in apps.get_app_configs() if c.name.startswith("leefwereld.")]


def _optional_module(name: str):
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:
            raise
        return None


@dataclass(frozen=True)
class Entry:
    app: str
    policy: Any  # a Policy; anything else is reported by test_every_entry_is_a_policy


def _registry() -> tuple[dict[str, Entry], dict[tuple[str, str], Entry], list[str]]:
    urls: dict[str, Entry] = {}
    ops: dict[tuple[str, str], Entry] = {}
    doubles: list[str] = []
    for app in _leefwereld_apps():
        module = _optional_module(f"{app}.authorisation")
        if module is None:
            continue
        for name, value in getattr(module, "URLS", {}).items():
            if name in urls:
                doubles.append(f"{name} ({urls[name].app} and {app})")
            urls[name] = Entry(app, value)
        for op, value in getattr(module, "OPERATIONS", {}).items():
            op = (op[0], op[1].lower())
            if op in ops:
                doubles.append(f"{op} ({ops[op].app} and {app})")
            ops[op] = Entry(app, value)
    return urls, ops, doubles


URL_POLICIES, OPERATION_POLICIES, DOUBLES = _registry()


def _builders() -> dict[str, Callable[[World], dict]]:
    found = {}
    for app in _leefwereld_apps():
        module = _optional_module(f"{app}.tests.matrix")
        if module is not None and hasattr(module, "build"):
            found[app] = module.build
    return found


BUILDERS = _builders()


# --- generated from the URL configuration and the schema ---------------------------------


@dataclass(frozen=True)
class Route:
    name: str | None
    pattern: str
    view_module: str

    @property
    def key(self) -> str:
        return self.name or self.pattern

    @property
    def takes_arguments(self) -> bool:
        return "<" in self.pattern or "(?P" in self.pattern

    @property
    def is_api(self) -> bool:
        # Router URLs are covered operation by operation (OPERATIONS).
        return self.pattern.startswith("api/v1/") and self.name not in (
            "api-root",
            "api-schema",
            "api-docs",
        )


def walk(resolver: URLResolver | None = None, namespace: str | None = None, prefix: str = ""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace) if n) or None
            yield from walk(entry, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Route(name, prefix + str(entry.pattern), entry.lookup_str)


def routes() -> list[Route]:
    """Every page: not the Django admin (tested below), not the API's router URLs, not the
    DEBUG-only previews of the error pages."""
    return [
        r
        for r in walk()
        if not r.pattern.startswith(("admin/", "fout/")) and not r.is_api and r.name
    ]


def operations() -> set[tuple[str, str]]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {(path, method) for path, ops in schema["paths"].items() for method in ops}


def test_every_url_has_a_policy():
    missing = sorted(r.key for r in routes() if r.key not in URL_POLICIES)
    assert missing == [], (
        "These URLs have no policy. Add a Policy for each to your app's authorisation.py "
        "URLS: " + ", ".join(missing)
    )


def test_every_api_operation_has_a_policy():
    missing = sorted(operations() - set(OPERATION_POLICIES))
    assert missing == [], (
        "These API operations have no policy in an app's OPERATIONS: "
        + ", ".join(f"{m.upper()} {p}" for p, m in missing)
    )


def test_no_policy_names_a_url_or_operation_that_is_gone():
    names = {r.name for r in walk()}
    gone_urls = sorted(set(URL_POLICIES) - names)
    gone_ops = sorted(set(OPERATION_POLICIES) - operations())
    assert gone_urls == [] and gone_ops == []


def test_every_entry_is_an_executable_policy_and_classified_once():
    api_names = {r.name for r in walk() if r.is_api}
    prose = sorted(
        key
        for key, entry in URL_POLICIES.items()
        if not isinstance(entry.policy, Policy) and key not in api_names
    ) + sorted(
        f"{m.upper()} {p}"
        for (p, m), entry in OPERATION_POLICIES.items()
        if not isinstance(entry.policy, Policy)
    )
    assert prose == [], "Entries that are descriptions, not Policy objects: " + ", ".join(prose)
    assert DOUBLES == [], "Classified by two apps: " + ", ".join(DOUBLES)


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

ACTORS_AND_ANONYMOUS = (*ACTORS, "anonymous")
REFUSED = (302, 401, 403, 404, 405)


def body(response) -> str:
    if response.get("Content-Type", "").startswith("application/pdf"):
        return ""
    return response.content.decode(errors="ignore")


@dataclass(frozen=True)
class Target:
    key: Any
    app: str
    policy: Policy
    template: str  # the URL pattern or OpenAPI path
    takes_arguments: bool

    @property
    def id(self) -> str:
        return self.key if isinstance(self.key, str) else f"{self.key[1].upper()} {self.key[0]}"

    def path(self, world: World) -> tuple[str, Callable[[Any, World, int], bool]]:
        if self.app in world.errors:
            pytest.fail(
                f"{self.app}: tests/matrix.py build(world) failed:\n" + world.errors[self.app]
            )
        sample = world.paths.get(self.key)
        if sample is None:
            if self.takes_arguments:
                pytest.fail(f"{self.id}: no path in {self.app}.tests.matrix build(world)")
            sample = reverse(self.key) if isinstance(self.key, str) else self.template
        fragment: Any = world.marker
        if isinstance(sample, tuple):
            sample, fragment = sample
        if callable(fragment):
            return sample, fragment
        text = str(fragment)
        return sample, lambda response, world, since: text in body(response)


def _targets() -> list[Target]:
    targets = []
    for route in routes():
        entry = URL_POLICIES.get(route.key)
        if entry is not None and isinstance(entry.policy, Policy):
            targets.append(
                Target(route.key, entry.app, entry.policy, route.pattern, route.takes_arguments)
            )
    for (path, method), entry in sorted(OPERATION_POLICIES.items()):
        if method == "get" and isinstance(entry.policy, Policy):
            targets.append(Target((path, method), entry.app, entry.policy, path, "{" in path))
    return targets


TARGETS = _targets()
PERSONAL = [t for t in TARGETS if t.policy.personal is not None]
NOT_PERSONAL = [t for t in TARGETS if t.policy.personal is None]


def _last_log_id() -> int:
    return AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _open(world: World, actor: str, path: str):
    client = Client(HTTP_ACCEPT="text/html,application/json")
    if actor != "anonymous":
        client.force_login(world.actors[actor])
    return client.get(path)


def _role(actor: str) -> str:
    return Role.RESIDENT.value if actor == OWNER else actor


def _check(target: Target, world: World) -> list[str]:
    """Every actor opens the page in this world; what went against the policy."""
    path, shows = target.path(world)
    policy = target.policy
    wrong: list[str] = []
    for actor in ACTORS_AND_ANONYMOUS:
        since = _last_log_id()
        response = _open(world, actor, path)
        status = response.status_code
        shown = shows(response, world, since)
        if status >= 500:
            wrong.append(f"{actor}: server error {status}")
            continue
        if actor == "anonymous":
            allowed = policy.kind == Kind.PUBLIC
            may_see = False
        else:
            allowed = policy.kind != Kind.ACTION and policy.allows(_role(actor))
            personal = policy.personal
            may_see = allowed and personal is not None and personal(actor, world.state)
        if not allowed and policy.kind != Kind.PUBLIC and status not in REFUSED:
            wrong.append(f"{actor}: answered {status}, but the policy gives no page")
        if shown != may_see:
            wrong.append(f"{actor} ({'should' if may_see else 'should not'} see the data)")
    return wrong


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("target", PERSONAL, ids=[t.id for t in PERSONAL])
def test_personal_data_is_shown_exactly_when_the_policy_allows_it(worlds, target, state):
    wrong = _check(target, worlds[state])
    assert wrong == [], f"{target.id} in state {state!r}: " + ", ".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["none", "active"])
@pytest.mark.parametrize("target", NOT_PERSONAL, ids=[t.id for t in NOT_PERSONAL])
def test_pages_without_personal_data_never_show_it_and_keep_out_other_roles(worlds, target, state):
    wrong = _check(target, worlds[state])
    assert wrong == [], f"{target.id} in state {state!r}: " + ", ".join(wrong)


WRITES = sorted(
    (op, entry.policy)
    for op, entry in OPERATION_POLICIES.items()
    if op[1] in ("post", "put", "patch", "delete") and isinstance(entry.policy, Policy)
)


def _concrete(world: World, path: str) -> str:
    """A write operation's path with its id taken from the sample of the same object's GET
    (`/x/{id}/` or, for an action `/x/{id}/revoke/`, the detail `/x/{id}/`)."""
    if "{" not in path:
        return path
    detail = path[: path.index("}") + 2]
    sample = world.paths.get((path, "get")) or world.paths.get((detail, "get"))
    if sample is None:
        return ""
    sample = (sample[0] if isinstance(sample, tuple) else sample).split("?")[0]
    return sample + path[len(detail) :]


@pytest.mark.django_db
@pytest.mark.parametrize(("op", "policy"), WRITES, ids=[f"{m.upper()} {p}" for (p, m), _ in WRITES])
def test_a_role_outside_the_policy_cannot_write(worlds, op, policy):
    world = worlds["active"]
    path, method = op
    concrete = world.paths.get(op) or _concrete(world, path)
    if isinstance(concrete, tuple):
        concrete = concrete[0]
    assert concrete, f"{method.upper()} {path}: no sample object in the app's tests/matrix.py"
    wrong = []
    for actor in ACTORS_AND_ANONYMOUS:
        if actor != "anonymous" and policy.allows(_role(actor)):
            continue
        client = Client()
        if actor != "anonymous":
            client.force_login(world.actors[actor])
        response = getattr(client, method)(concrete, data={}, content_type="application/json")
        if response.status_code < 300 or response.status_code >= 500:
            wrong.append(f"{actor}: {response.status_code}")
    assert wrong == [], f"{method.upper()} {path}: " + ", ".join(wrong)


ACTIONS = [t for t in _targets() if t.policy.kind == Kind.ACTION and isinstance(t.key, str)]
LOGIN = "/account/inloggen/"


@pytest.mark.django_db
@pytest.mark.parametrize("target", ACTIONS, ids=[t.id for t in ACTIONS])
def test_a_role_outside_the_policy_cannot_act(worlds, target):
    """A POST to a state-changing page by a role its policy leaves out is refused before
    anything happens: 403 or 404 (anonymous: to the login page, or 403)."""
    world = worlds["active"]
    path, _shows = target.path(world)
    wrong = []
    for actor in ACTORS_AND_ANONYMOUS:
        if actor != "anonymous" and target.policy.allows(_role(actor)):
            continue
        client = Client()
        if actor != "anonymous":
            client.force_login(world.actors[actor])
        response = client.post(path, {})
        refused = (403, 404, 405) if actor != "anonymous" else (302, 403, 404, 405)
        if response.status_code not in refused:
            wrong.append(f"{actor}: {response.status_code}")
        elif response.status_code == 302 and not response["Location"].startswith(LOGIN):
            wrong.append(f"{actor}: redirected to {response['Location']}")
    assert wrong == [], f"POST {path}: " + ", ".join(wrong)


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

RECORDS_AUDIT = ("professional", "active")
OWN_AUDIT = ("owner", "none")

# Read paths of personal data: who reads with a valid basis, in which world. One access
# must write exactly one complete log row about the resident.
AUDITED: dict[Any, tuple[str, str]] = {
    "vault:overview": OWN_AUDIT,
    "vault:record_detail": OWN_AUDIT,
    "vault:export_json": OWN_AUDIT,
    "vault:export_pdf": OWN_AUDIT,
    "vault:caseload": RECORDS_AUDIT,
    "vault:resident_records": RECORDS_AUDIT,
    # Reached by id only with a basis (else: back to the BSN look-up, no name shown).
    "vault:request_create": RECORDS_AUDIT,
    "vault:break_glass": RECORDS_AUDIT,
    "vault:legal_basis_create": (Role.TEAM_LEAD.value, "active"),
    "vault:break_glass_reviews": (Role.OMBUDSMAN.value, "break_glass"),
    ("/api/v1/residents/", "get"): RECORDS_AUDIT,
    ("/api/v1/residents/{id}/", "get"): RECORDS_AUDIT,
    ("/api/v1/households/", "get"): RECORDS_AUDIT,
    ("/api/v1/households/{id}/", "get"): RECORDS_AUDIT,
    ("/api/v1/vault/records/", "get"): RECORDS_AUDIT,
    ("/api/v1/vault/records/{id}/", "get"): RECORDS_AUDIT,
    ("/api/v1/vault/break-glass/", "get"): (Role.OMBUDSMAN.value, "break_glass"),
    ("/api/v1/vault/caseload/", "get"): RECORDS_AUDIT,
    ("/api/v1/vault/export/", "get"): OWN_AUDIT,
}
_BY_KEY = {t.key: t for t in TARGETS}
AUDIT_TARGETS = [(_BY_KEY[k], who) for k, who in AUDITED.items() if k in _BY_KEY]


def test_every_audited_read_path_exists():
    assert sorted(map(str, set(AUDITED) - set(_BY_KEY))) == []


@pytest.mark.django_db
@pytest.mark.parametrize(("target", "who"), AUDIT_TARGETS, ids=[t.id for t, _w in AUDIT_TARGETS])
def test_every_read_path_writes_one_complete_log_row_per_access(worlds, target, who):
    actor, state = who
    world = worlds[state]
    path, _shows = target.path(world)
    since = _last_log_id()

    response = _open(world, actor, path)

    assert response.status_code == 200
    rows = list(AccessLog.objects.filter(pk__gt=since, resident=world.subject))
    assert len(rows) == 1, f"{target.id}: {len(rows)} log rows about the resident for one access"
    row = rows[0]
    for field_name in NEN_7513_FIELDS:
        assert getattr(row, field_name) not in (None, ""), f"{target.id}: {field_name} is empty"
    assert row.user == world.actors[actor]
    # A page logs its URL name ("vault:overview"), an endpoint "GET /api/v1/…".
    expected_point = target.key if isinstance(target.key, str) else f"GET {path.split('?')[0]}"
    assert row.access_point == expected_point
    needs_reference = {
        AccessLog.Authorisation.GRANT: row.grant_id,
        AccessLog.Authorisation.LEGAL_BASIS: row.legal_basis_id,
        AccessLog.Authorisation.BREAK_GLASS: row.break_glass_id,
    }
    if row.authorisation in needs_reference:
        assert needs_reference[row.authorisation], f"{target.id}: the basis used is not referenced"
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


def test_the_matrix_covers_every_app_role_and_state():
    assert set(ACTORS) == {"owner", *Role.values}
    assert len(STATES) == 7
    # Every app whose views serve a page has its own policies (core also covers the
    # login, language and API-root pages of Django, DRF and drf-spectacular).
    apps_with_pages = {
        r.view_module.split(".")[1] for r in routes() if r.view_module.startswith("leefwereld.")
    }
    apps_with_policies = {e.app.split(".")[1] for e in URL_POLICIES.values()}
    assert apps_with_pages <= apps_with_policies
    assert len(PERSONAL) >= 25
