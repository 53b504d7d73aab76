"""The routes policies executed against `matrix.build` in two states of access (no basis,
an active grant to the team), as the authorisation matrix runs them in all seven: every
role outside a policy gets no page, and the personal fragment shows exactly when the
policy says so. A quick check of routes/authorisation.py and routes/tests/matrix.py."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from leefwereld.core import policy
from leefwereld.core.models import NetworkMembership
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import MembershipFactory, ResidentFactory, UserFactory
from leefwereld.routes import authorisation
from leefwereld.vault.tests.factories import GrantFactory, ResidentWithAccountFactory, team_for

from . import matrix

pytestmark = pytest.mark.django_db

MEMBERS = {*policy.CASEWORK, Role.OMBUDSMAN.value}
REFUSED = (302, 403, 404, 405)


def world(state: str) -> SimpleNamespace:
    marker = f"Mq7x{state}Zk"
    subject = ResidentWithAccountFactory(surname=f"Achter{marker}")
    ResidentFactory(household=subject.household, given_names="Partner")
    team = team_for(subject)
    actors = {policy.OWNER: subject.user}
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
    if state == "active":
        GrantFactory(resident=subject, grantee_organisation=team, purpose=f"doel-{marker}")
    return SimpleNamespace(
        state=state, marker=marker, subject=subject, team=team, actors=actors, extra={}
    )


def _targets(built: dict) -> list[tuple[object, policy.Policy, str, str | None]]:
    """(key, policy, path, fragment) for every page and GET-able operation."""
    out = []
    for name, rule in authorisation.URLS.items():
        if isinstance(rule, policy.Policy):
            out.append((name, rule, built[name] if name in built else reverse(name)))
    gets = {path for path, method in authorisation.OPERATIONS if method == "get"}
    for (path, method), rule in authorisation.OPERATIONS.items():
        if method != "get" and path in gets:
            continue  # a POST on a list: its GET is the list's own operation
        out.append(((path, method), rule, built.get((path, method), path)))
    targets = []
    for key, rule, value in out:
        url, fragment = value if isinstance(value, tuple) else (value, None)
        targets.append((key, rule, url, fragment))
    return targets


@pytest.mark.parametrize("state", ["none", "active"])
def test_every_routes_policy_holds_for_every_role(state):
    w = world(state)
    built = matrix.build(w)
    wrong = []
    for key, rule, url, fragment in _targets(built):
        for actor, user in w.actors.items():
            client = Client()
            client.force_login(user)
            response = client.get(url)
            role = user.role
            shown = (fragment or w.marker) in response.content.decode(errors="ignore")
            if not rule.allows(role) and response.status_code not in REFUSED:
                wrong.append(f"{key} {actor}: {response.status_code} (not in the policy)")
            expected = bool(rule.personal and rule.personal(actor, state))
            if rule.personal is None:
                if w.marker in response.content.decode(errors="ignore"):
                    wrong.append(f"{key} {actor}: marker shown on a page without personal data")
            elif shown != expected:
                wrong.append(f"{key} {actor}: {'shown' if shown else 'not shown'}")
    assert wrong == []
