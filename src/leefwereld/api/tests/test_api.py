import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    MembershipFactory,
    NeighbourhoodFactory,
    ResidentFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def ids(response):
    return {row["id"] for row in response.json()["results"]}


def test_the_openapi_schema_describes_the_core_resources(api):
    response = api.get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for resource in ("residents", "households", "neighbourhoods", "organisations"):
        assert f"/api/v1/{resource}/" in paths


def test_the_api_requires_login(api):
    assert api.get("/api/v1/residents/").status_code in (401, 403)


def test_a_resident_sees_only_their_own_household(api):
    resident = ResidentFactory(user=UserFactory())
    partner = ResidentFactory(household=resident.household)
    ResidentFactory()  # a neighbour in another household
    api.force_authenticate(resident.user)
    assert ids(api.get("/api/v1/residents/")) == {resident.pk, partner.pk}
    assert ids(api.get("/api/v1/households/")) == {resident.household_id}


def test_a_professional_sees_the_residents_of_their_teams_neighbourhoods_only(api):
    inside = ResidentFactory()
    outside = ResidentFactory(household__address__neighbourhood=NeighbourhoodFactory())
    team = TeamFactory(neighbourhoods=[inside.household.address.neighbourhood])
    membership = MembershipFactory(organisation=team.organisation)
    api.force_authenticate(membership.user)
    visible = ids(api.get("/api/v1/residents/"))
    assert inside.pk in visible
    assert outside.pk not in visible


@pytest.mark.parametrize("role", [Role.COUNCIL_MEMBER, Role.POLICY_OFFICER, Role.NETWORK_MEMBER])
def test_roles_without_casework_see_no_persons(api, role):
    ResidentFactory()
    api.force_authenticate(UserFactory(role=role))
    assert ids(api.get("/api/v1/residents/")) == set()
    assert ids(api.get("/api/v1/households/")) == set()


def test_token_authentication_works_for_partner_systems(api):
    user = UserFactory(administrator=True)
    ResidentFactory()
    token = Token.objects.create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["role"] == "administrator"
    assert len(ids(api.get("/api/v1/residents/"))) == 1


def test_the_resident_list_costs_the_same_queries_for_10_or_60_residents(
    api, django_assert_max_num_queries
):
    team = TeamFactory()
    membership = MembershipFactory(organisation=team.organisation)
    neighbourhood = NeighbourhoodFactory()
    team.neighbourhoods.add(neighbourhood)
    api.force_authenticate(membership.user)
    for _ in range(10):
        ResidentFactory(household__address__neighbourhood=neighbourhood)
    with django_assert_max_num_queries(6) as small:
        api.get("/api/v1/households/")
    for _ in range(50):
        ResidentFactory(household__address__neighbourhood=neighbourhood)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = api.get("/api/v1/households/")
    assert response.json()["count"] == 60


def test_the_api_documentation_page_loads_without_a_cdn(client):
    page = client.get(reverse("api-docs")).content.decode()
    assert "cdn" not in page.lower()
    assert "<script>" not in page
