"""The debt fund's policies, executed: every page and GET operation in `debts.authorisation`
opened as every role and as the resident the data is about, with the matrix's sample
objects (tests/matrix.py); every POST-only action refused to the roles outside its policy.

The platform-wide matrix runs the same policies in every state of access; this is the
app's own quick check, in the state without any grant or basis.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver

from leefwereld.core.models import NetworkMembership
from leefwereld.core.policy import OWNER, Kind, Policy
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import MembershipFactory, ResidentFactory, UserFactory
from leefwereld.debts import authorisation
from leefwereld.vault.tests.factories import ResidentWithAccountFactory, team_for

from . import matrix

pytestmark = pytest.mark.django_db
REFUSED = (302, 401, 403, 404, 405)
# Roles that work for the resident's neighbourhood team in the matrix's world.
MEMBERS = {Role.PROFESSIONAL, Role.TEAM_LEAD, Role.DEBT_OFFICER, Role.OMBUDSMAN}


def _world():
    marker = "Mq9xdebtsZk"
    subject = ResidentWithAccountFactory(surname=f"Achter{marker}")
    ResidentFactory(household=subject.household, given_names="Partner")
    team = team_for(subject)
    actors = {OWNER: subject.user}
    for role in Role:
        user = UserFactory(role=role, first_name=role.value, last_name="Tester")
        if role in MEMBERS:
            MembershipFactory(user=user, organisation=team)
        if role == Role.RESIDENT:
            ResidentFactory(user=user)
        if role == Role.NETWORK_MEMBER:
            NetworkMembership.objects.create(
                user=user, household=subject.household, invited_by=subject
            )
        actors[role.value] = user
    world = SimpleNamespace(
        state="none", marker=marker, subject=subject, team=team, actors=actors, extra={}
    )
    world.paths = matrix.build(world)
    return world


def _debts_routes() -> dict[str, str]:
    resolver = get_resolver()
    (debts,) = [r for r in resolver.url_patterns if getattr(r, "namespace", None) == "debts"]
    return {
        f"debts:{p.name}": str(debts.pattern) + str(p.pattern)
        for p in debts.url_patterns
        if isinstance(p, URLPattern)
    }


def _sample(world, key, template: str) -> tuple[str, str]:
    sample = world.paths.get(key)
    if sample is None:
        assert "<" not in template and "{" not in template, f"{key}: no sample path"
        sample = "/" + template if not template.startswith("/") else template
    return sample if isinstance(sample, tuple) else (sample, world.marker)


def _check(world, key, template: str, policy: Policy) -> list[str]:
    path, fragment = _sample(world, key, template)
    wrong = []
    for actor in (*world.actors, "anonymous"):
        client = Client(HTTP_ACCEPT="text/html,application/json")
        if actor != "anonymous":
            client.force_login(world.actors[actor])
        response = client.get(path)
        shown = fragment in response.content.decode(errors="ignore")
        role = Role.RESIDENT.value if actor == OWNER else actor
        allowed = actor != "anonymous" and policy.kind != Kind.ACTION and policy.allows(role)
        may_see = allowed and policy.personal is not None and policy.personal(actor, "none")
        if response.status_code >= 500:
            wrong.append(f"{actor}: server error")
        elif not allowed and response.status_code not in REFUSED:
            wrong.append(f"{actor}: {response.status_code}, but the policy gives no page")
        elif (
            allowed
            and policy.kind == Kind.PAGE
            and response.status_code >= 400
            # The partner page is for staff of a creditor; the world's staff are not.
            and not (key == "debts:partner" and response.status_code == 403)
        ):
            wrong.append(f"{actor}: {response.status_code}, but the policy gives the page")
        if shown != may_see:
            wrong.append(f"{actor} {'should' if may_see else 'should not'} see the data")
    return wrong


def test_every_debts_url_and_operation_has_a_policy():
    assert set(_debts_routes()) == set(authorisation.URLS)
    assert all(isinstance(p, Policy) for p in authorisation.URLS.values())
    assert all(isinstance(p, Policy) for p in authorisation.OPERATIONS.values())


def test_every_page_as_every_role_shows_exactly_what_its_policy_allows():
    world = _world()
    routes = _debts_routes()
    wrong = {}
    for key, policy in authorisation.URLS.items():
        found = _check(world, key, routes[key], policy)
        if found:
            wrong[key] = found
    for (path, method), policy in authorisation.OPERATIONS.items():
        if method == "get":
            found = _check(world, (path, method), path, policy)
            if found:
                wrong[f"GET {path}"] = found
    assert wrong == {}


def test_actions_refuse_every_role_outside_their_policy():
    world = _world()
    routes = _debts_routes()
    wrong = []
    for key, policy in authorisation.URLS.items():
        if policy.kind != Kind.ACTION:
            continue
        path, _fragment = _sample(world, key, routes[key])
        for actor, user in world.actors.items():
            role = Role.RESIDENT.value if actor == OWNER else actor
            if policy.allows(role):
                continue
            client = Client()
            client.force_login(user)
            status = client.post(path, {}).status_code
            if status not in (403, 404):
                wrong.append(f"{key} as {actor}: {status}")
    assert wrong == []


def test_the_signal_api_refuses_writes_outside_the_senders():
    world = _world()
    for actor, user in world.actors.items():
        role = Role.RESIDENT.value if actor == OWNER else actor
        if role in authorisation.SIGNAL_SENDERS:
            continue
        client = Client()
        client.force_login(user)
        response = client.post(
            "/api/v1/debt-signals/", {"signals": []}, content_type="application/json"
        )
        assert response.status_code == 403, actor
