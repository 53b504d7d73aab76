"""Support's policies, executed: every support page and GET operation is opened by every
role, by the resident the data is about and by an anonymous visitor, in every state of
access — and must show the resident's data exactly when its policy says so.

The same approach as the platform-wide matrix (tests/test_authorisation_matrix.py), with a
world of the same shape built here, limited to support's `URLS` and `OPERATIONS`, so the
app's own test run catches a policy that says something the pages do not do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from leefwereld.core.models import NetworkMembership, Organisation, Resident, User
from leefwereld.core.policy import CASEWORK, OWNER, STATES, Kind, Policy
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import MembershipFactory, ResidentFactory, UserFactory
from leefwereld.support import authorisation
from leefwereld.vault.tests.factories import (
    BreakGlassFactory,
    GrantFactory,
    LegalBasisFactory,
    ResidentWithAccountFactory,
    team_for,
)

from . import matrix

pytestmark = pytest.mark.django_db

ACTORS = (OWNER, *Role.values, "anonymous")
# The neighbourhood team's members (they get the team's grants and legal bases).
MEMBERS = CASEWORK | {Role.OMBUDSMAN.value}
REFUSED = (302, 401, 403, 404, 405)


@dataclass
class World:
    state: str
    marker: str
    subject: Resident
    team: Organisation
    actors: dict[str, User]
    extra: dict[str, Any] = field(default_factory=dict)


def build_world(state: str) -> World:
    """The matrix's world: a resident with a partner, the neighbourhood team, one user per
    role (the network member in the resident's household), and the access of `state`."""
    marker = f"Sq{STATES.index(state)}x{state.replace('_', '')}Zk"
    subject = ResidentWithAccountFactory(surname=f"Achter{marker}")
    ResidentFactory(household=subject.household, given_names="Partner")
    team = team_for(subject)
    other = ResidentFactory(
        household__address__neighbourhood=subject.household.address.neighbourhood
    )
    actors: dict[str, User] = {OWNER: subject.user}
    for role in Role:
        user = UserFactory(role=role, first_name=role.value, last_name="Tester")
        if role.value in MEMBERS:
            MembershipFactory(user=user, organisation=team)
        if role == Role.RESIDENT:
            ResidentFactory(user=user)
        if role == Role.NETWORK_MEMBER:
            NetworkMembership.objects.create(
                user=user, household=subject.household, invited_by=subject
            )
        actors[role.value] = user
    outsiders = [u for kind, u in actors.items() if kind != OWNER and kind not in MEMBERS]

    def grants(resident: Resident, **trait: Any) -> None:
        GrantFactory(resident=resident, grantee_organisation=team, purpose="doel", **trait)
        for user in outsiders:
            GrantFactory(
                resident=resident,
                grantee_user=user,
                grantee_organisation=None,
                purpose="doel",
                **trait,
            )

    if state == "active":
        grants(subject)
    elif state in ("expired", "revoked"):
        grants(subject, **{state: True})
    elif state == "other_household":
        grants(other)
    elif state == "legal_basis":
        LegalBasisFactory(resident=subject, organisation=team)
        for user in outsiders:
            LegalBasisFactory(resident=subject, organisation=None, user=user)
    elif state == "break_glass":
        for kind, user in actors.items():
            if kind != OWNER:
                BreakGlassFactory(resident=subject, actor=user)
    return World(state, marker, subject, team, actors)


def _targets() -> list[tuple[Any, Policy]]:
    ops = [(op, p) for op, p in authorisation.OPERATIONS.items() if op[1] == "get"]
    return [*authorisation.URLS.items(), *ops]


def _shows(sample: Any, world: World):
    fragment: Any = world.marker
    if isinstance(sample, tuple):
        sample, fragment = sample
    if callable(fragment):
        return sample, fragment
    text = str(fragment)

    def shows(response, world, since) -> bool:
        if response.get("Content-Type", "").startswith("application/pdf"):
            return False
        return text in response.content.decode(errors="ignore")

    return sample, shows


def _check(key: Any, policy: Policy, world: World, sample: Any) -> list[str]:
    path, shows = _shows(sample, world)
    wrong = []
    for actor in ACTORS:
        client = Client(HTTP_ACCEPT="text/html,application/json")
        if actor != "anonymous":
            client.force_login(world.actors[actor])
        response = client.get(path)
        status = response.status_code
        if status >= 500:
            wrong.append(f"{actor}: server error {status}")
            continue
        role = Role.RESIDENT.value if actor == OWNER else actor
        allowed = actor != "anonymous" and policy.kind != Kind.ACTION and policy.allows(role)
        may_see = allowed and policy.personal is not None and policy.personal(actor, world.state)
        if not allowed and status not in REFUSED:
            wrong.append(f"{actor}: answered {status}, but the policy gives no page")
        if shows(response, world, 0) != may_see:
            wrong.append(f"{actor} ({'should' if may_see else 'should not'} see the data)")
    return wrong


@pytest.mark.parametrize("state", STATES)
def test_every_support_page_and_operation_keeps_its_policy(state):
    world = build_world(state)
    paths = matrix.build(world)
    wrong = {}
    for key, policy in _targets():
        assert key in paths, f"{key}: no path in support/tests/matrix.py"
        problems = _check(key, policy, world, paths[key])
        if problems:
            wrong[str(key)] = problems
    assert wrong == {}, f"state {state!r}: {wrong}"


def test_every_support_url_and_operation_has_a_policy():
    names = set()
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == "support":
            names |= {f"support:{p.name}" for p in pattern.url_patterns}
    assert names == set(authorisation.URLS)
    assert all(isinstance(p, Policy) for p in authorisation.URLS.values())
    assert set(authorisation.OPERATIONS) == {
        ("/api/v1/support/plans/", "get"),
        ("/api/v1/support/plans/{id}/", "get"),
        ("/api/v1/support/measurements/", "get"),
        ("/api/v1/support/measurements/", "post"),
        ("/api/v1/support/decisions/", "get"),
        ("/api/v1/support/decisions/{id}/", "get"),
    }
