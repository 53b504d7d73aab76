import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    NeighbourhoodFactory,
    ResidentFactory,
    TeamFactory,
    UserFactory,
)
from leefwereld.vault.models import AccessLog
from leefwereld.vault.tests.factories import (
    BreakGlassFactory,
    GrantFactory,
    LegalBasisFactory,
    team_for,
    worker,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def ids(response):
    return {row["id"] for row in response.json()["results"]}


def last_log_id():
    return AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


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


def in_the_work_area_of(resident):
    """A professional whose team covers the resident's neighbourhood (no grant yet)."""
    return worker(team_for(resident))


def test_a_professional_does_not_browse_the_residents_of_their_work_area(api):
    inside = ResidentFactory()
    api.force_authenticate(in_the_work_area_of(inside))
    assert ids(api.get("/api/v1/residents/")) == set()
    assert ids(api.get("/api/v1/households/")) == set()
    assert api.get(f"/api/v1/residents/{inside.pk}/").status_code == 404


def test_a_professional_sees_the_basic_registration_of_their_caseload_only(api):
    granted = ResidentFactory()
    professional = in_the_work_area_of(granted)
    GrantFactory(resident=granted, grantee_organisation=professional.memberships.get().organisation)
    ResidentFactory(household__address__neighbourhood=granted.household.address.neighbourhood)
    api.force_authenticate(professional)
    assert ids(api.get("/api/v1/residents/")) == {granted.pk}
    assert ids(api.get("/api/v1/households/")) == {granted.household_id}
    assert api.get(f"/api/v1/residents/{granted.pk}/").json()["bsn"] == granted.bsn


@pytest.mark.parametrize("trait", ["expired", "revoked"])
def test_the_basic_registration_goes_when_the_grant_ends(api, trait):
    resident = ResidentFactory()
    professional = in_the_work_area_of(resident)
    GrantFactory(
        resident=resident,
        grantee_organisation=professional.memberships.get().organisation,
        **{trait: True},
    )
    api.force_authenticate(professional)
    assert ids(api.get("/api/v1/residents/")) == set()
    assert api.get(f"/api/v1/households/{resident.household_id}/").status_code == 404


def test_a_legal_basis_or_break_glass_also_puts_a_resident_in_the_caseload(api):
    by_law = ResidentFactory()
    professional = in_the_work_area_of(by_law)
    LegalBasisFactory(resident=by_law, organisation=professional.memberships.get().organisation)
    emergency = ResidentFactory(
        household__address__neighbourhood=by_law.household.address.neighbourhood
    )
    BreakGlassFactory(resident=emergency, actor=professional)
    api.force_authenticate(professional)
    assert ids(api.get("/api/v1/residents/")) == {by_law.pk, emergency.pk}


def test_a_case_worker_finds_one_resident_of_their_work_area_by_bsn_to_ask_for_access(api):
    inside = ResidentFactory()
    outside = ResidentFactory(household__address__neighbourhood=NeighbourhoodFactory())
    professional = in_the_work_area_of(inside)
    api.force_authenticate(professional)
    since = last_log_id()
    assert ids(api.get("/api/v1/residents/", {"bsn": inside.bsn})) == {inside.pk}
    assert ids(api.get("/api/v1/residents/", {"bsn": outside.bsn})) == set()
    assert ids(api.get("/api/v1/residents/", {"bsn": "123456789"})) == set()  # not a BSN
    (row,) = AccessLog.objects.filter(pk__gt=since)
    assert (row.resident_id, row.authorisation) == (inside.pk, AccessLog.Authorisation.WORK_AREA)
    assert row.access_point == "GET /api/v1/residents/"


@pytest.mark.parametrize("role", [Role.NETWORK_MEMBER, Role.OMBUDSMAN])
def test_a_bsn_look_up_is_for_case_workers_only(api, role):
    resident = ResidentFactory()
    other = worker(team_for(resident), role=role)
    api.force_authenticate(other)
    assert ids(api.get("/api/v1/residents/", {"bsn": resident.bsn})) == set()


def test_every_resident_shown_is_logged_once_with_the_grant_that_allowed_it(api):
    resident = ResidentFactory()
    partner = ResidentFactory(household=resident.household)
    professional = in_the_work_area_of(resident)
    grant = GrantFactory(
        resident=resident, grantee_organisation=professional.memberships.get().organisation
    )
    api.force_authenticate(professional)
    since = last_log_id()
    api.get("/api/v1/households/")
    rows = {r.resident_id: r for r in AccessLog.objects.filter(pk__gt=since)}
    assert set(rows) == {resident.pk, partner.pk}  # the address is theirs too
    assert rows[resident.pk].grant_id == grant.pk
    assert rows[resident.pk].event == AccessLog.Event.BASIC_REGISTRATION
    assert rows[partner.pk].authorisation == AccessLog.Authorisation.HOUSEHOLD


def test_a_legal_representative_sees_the_child_they_represent(api):
    parent = ResidentFactory(user=UserFactory())
    child = ResidentFactory(legal_representative=parent)  # lives in another household
    api.force_authenticate(parent.user)
    since = last_log_id()
    assert child.pk in ids(api.get("/api/v1/residents/"))
    assert child.household_id in ids(api.get("/api/v1/households/"))
    row = AccessLog.objects.filter(pk__gt=since, resident=child).first()
    assert row.authorisation == AccessLog.Authorisation.REPRESENTATIVE


def test_a_resident_reading_their_own_registration_is_not_logged(api):
    resident = ResidentFactory(user=UserFactory())
    api.force_authenticate(resident.user)
    since = last_log_id()
    api.get(f"/api/v1/residents/{resident.pk}/")
    assert not AccessLog.objects.filter(pk__gt=since).exists()


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


def test_the_household_list_costs_the_same_queries_for_10_or_60_households(
    api, django_assert_max_num_queries
):
    team = TeamFactory()
    neighbourhood = NeighbourhoodFactory()
    team.neighbourhoods.add(neighbourhood)
    professional = worker(team.organisation)
    api.force_authenticate(professional)

    def grant_households(n):
        for _ in range(n):
            resident = ResidentFactory(household__address__neighbourhood=neighbourhood)
            GrantFactory(resident=resident, grantee_organisation=team.organisation)

    grant_households(10)
    # memberships, caseload ids, count, page, members, the page's grants, legal bases and
    # break-glass, one INSERT of the log rows
    with django_assert_max_num_queries(9) as small:
        assert api.get("/api/v1/households/").json()["count"] == 10
    grant_households(50)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = api.get("/api/v1/households/")
    assert response.json()["count"] == 60
    assert len(response.json()["results"]) == 50


def test_the_api_documentation_page_loads_without_a_cdn(client):
    page = client.get(reverse("api-docs")).content.decode()
    assert "cdn" not in page.lower()
    assert "<script>" not in page
