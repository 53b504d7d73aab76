"""Every sociale kaart page, opened anonymously and by every role: exactly what
socialmap/authorisation.py promises."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from leefwereld.core import policy
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    MembershipFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    UserFactory,
)
from leefwereld.socialmap import authorisation
from leefwereld.socialmap.models import OfferProposal

from .factories import OfferFactory

pytestmark = pytest.mark.django_db

ACTORS = ("anonymous", "member", *Role.values)
REVIEWERS = authorisation.REVIEWER_ROLES


@pytest.fixture
def world():
    organisation = OrganisationFactory(name="Buurtwerk Zuid")
    neighbourhood = NeighbourhoodFactory()
    offer = OfferFactory(
        organisation=organisation, name="Koffieochtend", neighbourhoods=[neighbourhood]
    )
    member = UserFactory(role=Role.PROFESSIONAL)
    MembershipFactory(user=member, organisation=organisation)
    actors = {"anonymous": None, "member": member}
    actors.update({role.value: UserFactory(role=role) for role in Role})
    OfferProposal.objects.create(
        organisation=organisation, data={"name": "Voorstel Zuid"}, proposed_by=member
    )
    return {
        "organisation": organisation,
        "neighbourhood": neighbourhood,
        "offer": offer,
        "actors": actors,
    }


ROLE_OF = {"anonymous": None, "member": Role.PROFESSIONAL.value} | {r.value: r.value for r in Role}
# The proposal pages are for the organisation's members and the reviewers only, a narrower
# check (authorisation.may_maintain) than the page's role group.
MAINTAIN_PAGES = {"socialmap:propose_new", "socialmap:propose_change"}


def policy_of(name: str) -> policy.Policy:
    if name.startswith("/api/"):
        return authorisation.OPERATIONS[(name, "get")]
    return authorisation.URLS[name]


def promised(name: str, actor: str) -> bool:
    """Does the policy promise `actor` the page (200)? The rest gets 403, or the login page."""
    rule = policy_of(name)
    if rule.kind == policy.Kind.PUBLIC:
        return True
    role = ROLE_OF[actor]
    if role is None or not rule.allows(role):
        return False
    if name in MAINTAIN_PAGES:
        return actor == "member" or role in authorisation.REVIEWER_ROLES
    return True


PATHS = {
    "socialmap:search": lambda w: reverse("socialmap:search") + "?q=koffie",
    "socialmap:detail": lambda w: reverse("socialmap:detail", args=[w["offer"].pk]),
    "socialmap:print": lambda w: reverse("socialmap:print", args=[w["neighbourhood"].cbs_code]),
    "socialmap:export": lambda w: reverse("socialmap:export"),
    "socialmap:my_offers": lambda w: reverse("socialmap:my_offers"),
    "socialmap:propose_new": lambda w: reverse(
        "socialmap:propose_new", args=[w["organisation"].pk]
    ),
    "socialmap:propose_change": lambda w: reverse(
        "socialmap:propose_change", args=[w["organisation"].pk, w["offer"].pk]
    ),
    "socialmap:review_queue": lambda w: reverse("socialmap:review_queue"),
    "socialmap:review": lambda w: reverse(
        "socialmap:review", args=[OfferProposal.objects.get().pk]
    ),
    "socialmap:import": lambda w: reverse("socialmap:import"),
    "/api/v1/offers/": lambda w: "/api/v1/offers/?q=koffie",
    "/api/v1/offers/{id}/": lambda w: f"/api/v1/offers/{w['offer'].pk}/",
}


def client_for(world, actor: str) -> Client:
    client = Client()
    if world["actors"][actor] is not None:
        client.force_login(world["actors"][actor])
    return client


PAGES = sorted(n for n in PATHS if policy_of(n).kind != policy.Kind.ACTION)
ACTIONS = sorted(n for n, rule in authorisation.URLS.items() if rule.kind == policy.Kind.ACTION)


@pytest.mark.parametrize("name", PAGES)
def test_each_page_opens_exactly_for_the_roles_its_policy_promises(world, name):
    path = PATHS[name](world)
    wrong = []
    for actor in ACTORS:
        response = client_for(world, actor).get(path)
        if (response.status_code == 200) != promised(name, actor):
            wrong.append(f"{actor}: {response.status_code}")
        elif response.status_code != 200:
            expected = 302 if actor == "anonymous" else 403
            if response.status_code != expected:
                wrong.append(f"{actor}: {response.status_code}, expected {expected}")
    assert wrong == [], f"{name}: " + ", ".join(wrong)


def test_public_pages_show_the_offer_and_never_an_unapproved_one(world):
    draft = OfferFactory(organisation=world["organisation"], name="Concept", approved_at=None)
    client = Client()
    for name in ("socialmap:search", "socialmap:print", "/api/v1/offers/"):
        assert "Koffieochtend" in client.get(PATHS[name](world)).content.decode(), name
    assert client.get(reverse("socialmap:detail", args=[draft.pk])).status_code == 404
    assert client.get(f"/api/v1/offers/{draft.pk}/").status_code == 404
    assert "Concept" not in client.get(reverse("socialmap:export")).content.decode()


@pytest.mark.parametrize("name", ACTIONS)
def test_state_changing_pages_do_nothing_on_get(world, name):
    for actor in ("anonymous", Role.POLICY_OFFICER.value):
        response = client_for(world, actor).get(PATHS[name](world))
        assert response.status_code == 405, (actor, response.status_code)
    assert OfferProposal.objects.get().status == OfferProposal.Status.PENDING


@pytest.mark.parametrize("name", ACTIONS)
def test_only_reviewers_may_post_to_state_changing_pages(world, name):
    for actor in ACTORS:
        if actor in REVIEWERS:
            continue
        response = client_for(world, actor).post(PATHS[name](world), {"decision": "approve"})
        expected = 302 if actor == "anonymous" else 403
        assert response.status_code == expected, (actor, response.status_code)
    assert OfferProposal.objects.get().status == OfferProposal.Status.PENDING


def test_every_socialmap_url_and_operation_is_classified_and_tested():
    from leefwereld.socialmap.api import urls as api_urls

    names = {f"socialmap:{p.name}" for p in get_resolver("leefwereld.socialmap.urls").url_patterns}
    names |= {p.name for p in api_urls.urlpatterns}
    assert names == set(authorisation.URLS)
    classified = {n for n in authorisation.URLS if ":" in n}
    classified |= {path for path, _method in authorisation.OPERATIONS}
    assert classified == set(PATHS)
