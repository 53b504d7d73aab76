"""Every routes page, opened by every role: who gets it, and who sees the resident's name.

The roles that get a page are those of its policy in routes/authorisation.py (checked
here too); the matrix (tests/test_authorisation_matrix.py) runs the same policies in every
state of access."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from leefwereld.core.models import NetworkMembership
from leefwereld.core.policy import Kind, Policy
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    MembershipFactory,
    ResidentFactory,
    TeamFactory,
    UserFactory,
    as_actor,
)
from leefwereld.routes import authorisation, services
from leefwereld.routes.models import InvolvementSignal
from leefwereld.vault.tests.factories import GrantFactory

from .factories import (
    ProviderFactory,
    RegieOrganisationFactory,
    help_request,
    professional,
    resident_with_account,
)

pytestmark = pytest.mark.django_db

ACTORS = ("owner", "off_route", *Role.values)
CASEWORK = authorisation.CASEWORK


@pytest.fixture
def world():
    # 19 years old: the Verwijsindex may register a young person without consent.
    owner = resident_with_account(surname="Eigenaarsnaam", birth_date=datetime.date(2007, 5, 1))
    team = TeamFactory(neighbourhoods=[owner.household.address.neighbourhood]).organisation
    provider = ProviderFactory()
    RegieOrganisationFactory()
    actors = {"owner": owner.user}
    for role in Role:
        user = UserFactory(role=role)
        if role.value in CASEWORK:
            MembershipFactory(user=user, organisation=team)
        if role == Role.RESIDENT:
            ResidentFactory(user=user)
        if role == Role.NETWORK_MEMBER:
            NetworkMembership.objects.create(user=user, household=owner.household, invited_by=owner)
        actors[role.value] = user
    actors["off_route"] = professional(ProviderFactory())
    # The provider is no neighbourhood team: it reaches the owner through a grant.
    GrantFactory(resident=owner, grantee_organisation=provider)
    request = help_request(owner, team, actor=actors[Role.PROFESSIONAL.value])
    involvement, _signals = services.register_involvement(
        as_actor(actors[Role.PROFESSIONAL.value]), owner, organisation=team
    )
    services.register_involvement(as_actor(professional(provider)), owner, organisation=provider)
    lead_signal = InvolvementSignal.objects.filter(recipient__organisation=team).first()
    return {
        "owner": owner,
        "request": request,
        "actors": actors,
        "signal": lead_signal,
        "involvement": involvement,
    }


def own(actor):
    return actor == "owner"


def casework(actor):
    return actor in CASEWORK


def on_route(actor):
    return actor in CASEWORK


def residents(actor):
    return actor in ("owner", "resident")


def never(actor):
    return False


PAGES = {
    # name: (path, who gets 200, who sees the resident's name, status for the rest)
    # A resident's own pages never need their own name; other residents get an empty page.
    "where_am_i": (lambda w: reverse("routes:where_am_i"), residents, never),
    "request_new": (lambda w: reverse("routes:request_new"), residents, never),
    "my_request": (lambda w: reverse("routes:my_request", args=[w["request"].pk]), own, never),
    "my_involvements": (lambda w: reverse("routes:my_involvements"), residents, never),
    "worklist": (
        lambda w: reverse("routes:worklist"),
        lambda a: casework(a) or a == "off_route",
        lambda a: a == "professional",
    ),
    "request_open_for": (
        lambda w: reverse("routes:request_open_for"),
        lambda a: casework(a) or a == "off_route",
        never,
    ),
    "request_detail": (
        lambda w: reverse("routes:request_detail", args=[w["request"].pk]),
        on_route,
        on_route,
    ),
    "refer": (lambda w: reverse("routes:refer", args=[w["request"].pk]), on_route, on_route),
    "involvements": (
        lambda w: reverse("routes:involvements"),
        lambda a: casework(a) or a == "off_route",
        lambda a: a in CASEWORK,
    ),
    "involvement_new": (
        lambda w: reverse("routes:involvement_new"),
        lambda a: casework(a) or a == "off_route",
        never,
    ),
    "involvement_team": (
        lambda w: reverse("routes:involvement_team"),
        lambda a: a == "team_lead",
        lambda a: a == "team_lead",
    ),
    "figures": (
        lambda w: reverse("routes:figures"),
        lambda a: a in ("council_member", "policy_officer"),
        never,
    ),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_each_page_opens_exactly_for_its_roles_and_shows_names_only_to_them(world, page):
    path_of, allowed, sees_name = PAGES[page]
    path = path_of(world)
    wrong = []
    for actor in ACTORS:
        client = Client()
        client.force_login(world["actors"][actor])
        response = client.get(path)
        ok = response.status_code == 200
        if ok != allowed(actor):
            wrong.append(f"{actor}: {response.status_code}")
        shown = "Eigenaarsnaam" in response.content.decode()
        if shown != sees_name(actor):
            wrong.append(f"{actor}: name {'shown' if shown else 'missing'}")
        if not ok:
            assert response.status_code in (403, 404), (actor, response.status_code)
    assert wrong == [], f"{page}: " + ", ".join(wrong)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_the_roles_that_get_a_page_are_those_of_its_policy(page):
    allowed = PAGES[page][1]
    rule = authorisation.URLS[f"routes:{page}"]
    assert isinstance(rule, Policy)
    # The owner is a resident; other roles stand for themselves.
    got = {role for role in Role.values if allowed(role)}
    if allowed("owner"):
        got.add(Role.RESIDENT.value)
    assert got == set(rule.roles)


POST_ONLY = [
    name.split(":")[1]
    for name, rule in authorisation.URLS.items()
    if name.startswith("routes:") and isinstance(rule, Policy) and rule.kind == Kind.ACTION
]


@pytest.mark.parametrize("name", POST_ONLY)
def test_state_changing_pages_do_nothing_on_get(world, name):
    pk = {
        "signal_contact": world["signal"].pk,
        "involvement_end": world["involvement"].pk,
    }.get(name, world["request"].pk)
    client = Client()
    client.force_login(world["actors"]["professional"])
    response = client.get(reverse(f"routes:{name}", args=[pk]))
    assert response.status_code == 405


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    for path_of, _allowed, _name in PAGES.values():
        response = client.get(path_of(world))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_every_routes_url_and_operation_is_classified():
    from django.urls import get_resolver

    names = set()

    def walk(resolver, namespace=None):
        for entry in resolver.url_patterns:
            if hasattr(entry, "url_patterns"):
                inner = ":".join(n for n in (namespace, entry.namespace) if n) or None
                walk(entry, inner)
            elif entry.name:
                names.add(f"{namespace}:{entry.name}" if namespace else entry.name)

    walk(get_resolver())
    ours = {n for n in names if n.startswith("routes:") or n.startswith("routes-")}
    assert ours == set(authorisation.URLS)
