"""Regression tests for what API fuzzing (tests/test_api_fuzz.py) found, from outside:
a request as a client sends it, the answer's status and body, and the database after.

Ids in the path that are no ids, numbers beyond 64 bits in the query, an unbounded `limit`
— each was a server error or a silent default; each is now a 404 or a 400 naming the
parameter, and nothing is read, logged or written.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from leefwereld.api.pagination import MAX_LIMIT
from leefwereld.core.models import Municipality
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import MunicipalityFactory, ResidentFactory, UserFactory
from leefwereld.support.models import Measurement
from leefwereld.vault.models import AccessLog, Record
from leefwereld.vault.tests.factories import GrantFactory, store_record, team_for, worker

pytestmark = pytest.mark.django_db

HUGE = "9" * 40
NOT_IDS = ["abc", "1.5", "²", "-1", "0", HUGE, str(2**63), "1e3", "%20"]


@pytest.fixture
def api():
    client = APIClient()
    client.force_authenticate(UserFactory(role=Role.POLICY_OFFICER))
    return client


def log_rows() -> int:
    return AccessLog.objects.count()


@pytest.mark.parametrize("value", NOT_IDS)
def test_a_path_id_that_is_no_id_is_a_json_404(api, value):
    MunicipalityFactory()
    response = api.get(f"/api/v1/municipalities/{value}/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_a_path_no_route_matches_is_a_json_404_not_the_html_page(api):
    response = api.get("/api/v1/no-such-thing/1/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Niet gevonden."}


@pytest.mark.parametrize("value", ["not-a-uuid", HUGE, "------------------------------------"])
def test_a_record_id_that_is_no_uuid_is_a_404_and_nothing_is_logged_or_erased(value):
    resident = ResidentFactory(user=UserFactory())
    store_record(resident, "finance", "Titel", "tekst")
    client = APIClient()
    client.force_authenticate(resident.user)
    before = log_rows()
    for method in ("get", "delete", "patch"):
        response = getattr(client, method)(f"/api/v1/vault/records/{value}/", {}, format="json")
        assert response.status_code == 404, method
    assert log_rows() == before
    assert Record.objects.filter(resident=resident, erased_at__isnull=True).count() == 1


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        (f"limit={HUGE}", "limit"),
        ("limit=0", "limit"),
        (f"limit={MAX_LIMIT + 1}", "limit"),
        ("limit=abc", "limit"),
        (f"offset={HUGE}", "offset"),
        ("offset=-1", "offset"),
        ("offset=²", "offset"),
    ],
)
def test_limit_and_offset_out_of_bounds_are_a_400_naming_the_parameter(api, query, parameter):
    MunicipalityFactory()
    response = api.get(f"/api/v1/municipalities/?{query}")
    assert response.status_code == 400
    assert parameter in response.json()


def test_limit_is_bounded_and_offset_pages(api):
    for n in range(3):
        MunicipalityFactory(name=f"Gemeente {n}")
    response = api.get(f"/api/v1/municipalities/?limit={MAX_LIMIT}&offset=1")
    assert response.status_code == 200
    assert response.json()["count"] == Municipality.objects.count()
    assert len(response.json()["results"]) == Municipality.objects.count() - 1


@pytest.mark.parametrize("value", ["²", HUGE, "abc", "0"])
def test_the_round_filter_of_budget_projects_is_a_400_when_no_id(value):
    response = APIClient().get(f"/api/v1/budget-projects/?round={value}")
    assert response.status_code == 400
    assert "round" in response.json()


def test_a_valid_round_filter_still_filters():
    response = APIClient().get("/api/v1/budget-projects/?round=12345")
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize("value", ["²", HUGE, "abc"])
def test_a_resident_in_the_query_that_is_no_id_is_a_400_and_not_logged(value):
    resident = ResidentFactory(user=UserFactory())
    professional = worker(team_for(resident))
    GrantFactory(resident=resident, grantee_user=professional, grantee_organisation=None)
    client = APIClient()
    client.force_authenticate(professional)
    before = log_rows()
    response = client.get(f"/api/v1/vault/records/?resident={value}")
    assert response.status_code == 400
    assert "resident" in response.json()
    assert log_rows() == before


@pytest.mark.parametrize("value", ["²", HUGE, "abc", ""])
def test_the_household_of_measurements_is_a_400_when_no_id(value):
    client = APIClient()
    client.force_authenticate(ResidentFactory(user=UserFactory()).user)
    response = client.get(f"/api/v1/support/measurements/?household={value}")
    assert response.status_code == 400
    assert "household" in response.json()


def test_a_measurement_for_a_household_beyond_bigint_is_refused_and_not_written():
    resident = ResidentFactory(user=UserFactory())
    client = APIClient()
    client.force_authenticate(resident.user)
    response = client.post(
        "/api/v1/support/measurements/",
        {"household": 2**70, "instrument": "zrm", "scores": {}},
        format="json",
    )
    assert response.status_code in (400, 404)
    assert Measurement.objects.count() == 0


@pytest.mark.parametrize("query", ["age=999", "age=²", f"age={HUGE}", "domain=nope"])
def test_a_wrong_filter_on_the_sociale_kaart_is_a_400_not_every_offer(query):
    response = APIClient().get(f"/api/v1/offers/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


def schema() -> dict:
    response = APIClient().get(
        reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert response.status_code == 200
    return response.json()


def test_the_schema_documents_the_refusals_and_the_bounds():
    published = schema()
    paths = published["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            if "{" in path:
                assert "404" in codes, f"{method.upper()} {path}"
            if method in ("post", "patch", "put", "delete"):
                assert {"400", "403", "404"} <= codes, f"{method.upper()} {path}"
    limit = next(
        p for p in paths["/api/v1/municipalities/"]["get"]["parameters"] if p["name"] == "limit"
    )
    assert limit["schema"]["maximum"] == MAX_LIMIT
    components = published["components"]["schemas"]
    assert {"RoundCategory", "PanelCategory", "Error", "ValidationError"} <= set(components)
    # One object per call, not an array of them.
    for path in ("/api/v1/vault/records/", "/api/v1/vault/export/"):
        body = paths[path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert "$ref" in body, path
    # A project not yet funded has realisation_status "": the schema allows it.
    realisation = components["Project"]["properties"]["realisation_status"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in realisation["oneOf"]


def test_a_body_without_a_content_type_is_a_documented_415_and_writes_nothing():
    from leefwereld.vault.models import Invitation

    resident = ResidentFactory(user=UserFactory())
    client = APIClient()
    client.force_authenticate(resident.user)
    response = client.generic(
        "POST", "/api/v1/vault/invitations/", b"name=Oma&email=oma@example.org", content_type=""
    )
    assert response.status_code == 415
    assert "detail" in response.json()
    assert Invitation.objects.count() == 0
    documented = schema()["paths"]["/api/v1/vault/invitations/"]["post"]["responses"]
    assert "415" in documented
