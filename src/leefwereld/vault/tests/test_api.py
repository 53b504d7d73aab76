"""The vault API: the same access layer for residents, professionals and partner systems."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from leefwereld.core.models import NetworkMembership
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import UserFactory, as_actor
from leefwereld.vault import services
from leefwereld.vault.models import AccessLog, Grant, Invitation, Record

from .factories import (
    AccessRequestFactory,
    BreakGlassFactory,
    GrantFactory,
    ResidentWithAccountFactory,
    store_record,
    worker,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def resident():
    return ResidentWithAccountFactory()


def test_the_schema_documents_every_vault_endpoint(api):
    paths = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()[
        "paths"
    ]
    for path in (
        "/api/v1/vault/records/",
        "/api/v1/vault/records/{id}/",
        "/api/v1/vault/grants/",
        "/api/v1/vault/grants/{id}/revoke/",
        "/api/v1/vault/access-requests/{id}/approve/",
        "/api/v1/vault/legal-bases/",
        "/api/v1/vault/break-glass/{id}/review/",
        "/api/v1/vault/access-log/",
        "/api/v1/vault/caseload/",
        "/api/v1/vault/export/",
        "/api/v1/vault/network-members/{id}/end/",
        "/api/v1/vault/invitations/{id}/withdraw/",
    ):
        assert path in paths, path
    record_list = paths["/api/v1/vault/records/"]["get"]
    assert {p["name"] for p in record_list["parameters"]} >= {
        "resident",
        "category",
        "purpose",
        "X-On-Behalf-Of",
    }


def test_a_partner_system_reads_with_a_token_on_behalf_of_a_colleague(
    api, resident, team, professional
):
    store_record(resident, "finance", "Schulden", "apimarker")
    GrantFactory(resident=resident, grantee_organisation=team)
    system = worker(team, first_name="Koppeling")
    token = Token.objects.create(user=system)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = api.get(
        "/api/v1/vault/records/",
        {"resident": resident.pk, "category": ["finance"]},
        HTTP_X_ON_BEHALF_OF=professional.username,
    )

    assert response.status_code == 200
    assert response.json()["records"][0]["content"]["text"] == "apimarker"
    row = AccessLog.objects.get()
    assert row.user == system
    assert row.responsible_user == professional
    assert row.access_point == "GET /api/v1/vault/records/"


def test_without_a_basis_the_api_refuses_and_logs(api, resident, professional):
    store_record(resident, "finance")
    api.force_authenticate(professional)

    assert api.get("/api/v1/vault/records/", {"resident": resident.pk}).status_code == 403
    assert AccessLog.objects.get().outcome == AccessLog.Outcome.REFUSED


def test_a_resident_grants_and_revokes_through_the_api(api, resident, team, professional):
    store_record(resident, "finance")
    api.force_authenticate(resident.user)
    created = api.post(
        "/api/v1/vault/grants/",
        {"grantee_organisation": team.pk, "categories": ["finance"], "purpose": "schuldhulp"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    grant_id = created.json()["id"]

    api.force_authenticate(professional)
    assert api.get("/api/v1/vault/records/", {"resident": resident.pk}).status_code == 200
    assert [g["id"] for g in api.get("/api/v1/vault/grants/").json()["results"]] == [grant_id]

    api.force_authenticate(resident.user)
    assert api.post(f"/api/v1/vault/grants/{grant_id}/revoke/").json()["status"] == "revoked"

    api.force_authenticate(professional)
    assert api.get("/api/v1/vault/records/", {"resident": resident.pk}).status_code == 403


def test_the_api_answers_bad_grant_input_with_the_field_name(api, resident, team):
    api.force_authenticate(resident.user)
    response = api.post(
        "/api/v1/vault/grants/",
        {
            "grantee_organisation": team.pk,
            "categories": ["finance"],
            "purpose": "x",
            "ends_on": "2099-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "ends_on" in response.json()


def test_a_professional_writes_and_the_resident_erases_through_the_api(
    api, resident, team, professional
):
    GrantFactory(resident=resident, grantee_organisation=team, read_write=True)
    api.force_authenticate(professional)
    created = api.post(
        "/api/v1/vault/records/",
        {
            "resident": resident.pk,
            "category": "finance",
            "purpose": "schuldhulp",
            "kind": "note",
            "content": {"title": "Inventaris", "creditors": 3},
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    record_id = created.json()["id"]
    assert api.delete(f"/api/v1/vault/records/{record_id}/").status_code == 403

    api.force_authenticate(resident.user)
    assert api.get(f"/api/v1/vault/records/{record_id}/").json()["content"]["creditors"] == 3
    assert api.delete(f"/api/v1/vault/records/{record_id}/").status_code == 204
    assert Record.objects.get(pk=record_id).is_erased


def test_erasing_a_record_under_retention_answers_409_with_the_law(api, resident):
    record = store_record(
        resident, "family", retention_law="Jeugdwet art. 7.3.8", retention_until="2045-01-01"
    )
    api.force_authenticate(resident.user)
    response = api.delete(f"/api/v1/vault/records/{record.pk}/")
    assert response.status_code == 409
    assert response.json()["retention_law"] == "Jeugdwet art. 7.3.8"


def test_requests_flow_through_the_api(api, resident, team, professional):
    api.force_authenticate(professional)
    created = api.post(
        "/api/v1/vault/access-requests/",
        {
            "resident": resident.pk,
            "organisation": team.pk,
            "categories": ["housing"],
            "purpose": "huisvesting",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()

    api.force_authenticate(resident.user)
    approved = api.post(f"/api/v1/vault/access-requests/{created.json()['id']}/approve/")
    assert approved.json()["status"] == "approved"
    assert Grant.objects.get().categories == ["housing"]


def test_the_resident_reads_their_access_log_as_sentences(api, resident, team, professional):
    GrantFactory(resident=resident, grantee_organisation=team, categories=["finance"])
    api.force_authenticate(professional)
    api.get("/api/v1/vault/records/", {"resident": resident.pk})

    api.force_authenticate(resident.user)
    rows = api.get("/api/v1/vault/access-log/").json()["results"]
    assert rows[0]["sentence"].startswith(
        "Marieke de Vries (Wijkteam Noord) las uw gegevens over Geld en schulden"
    )
    assert rows[0]["authorisation"] == "grant"

    api.force_authenticate(professional)
    assert api.get("/api/v1/vault/access-log/").status_code == 403


def test_the_ombudsman_gets_the_break_glass_queue_with_reasons(api, resident):
    BreakGlassFactory(resident=resident, reason="Reden van de noodtoegang is lang genoeg.")
    api.force_authenticate(UserFactory(role=Role.OMBUDSMAN))
    rows = api.get("/api/v1/vault/break-glass/").json()["results"]
    assert rows[0]["reason"] == "Reden van de noodtoegang is lang genoeg."

    api.force_authenticate(UserFactory(role=Role.COUNCIL_MEMBER))
    assert api.get("/api/v1/vault/break-glass/").json()["results"] == []


def test_the_caseload_endpoint_lists_residents_with_their_bases(api, resident, team, professional):
    GrantFactory(resident=resident, grantee_organisation=team, purpose="schuldhulp")
    AccessRequestFactory()
    api.force_authenticate(professional)
    rows = api.get("/api/v1/vault/caseload/").json()["results"]
    assert [(r["resident"], r["bases"][0]["purpose"]) for r in rows] == [
        (resident.pk, "schuldhulp")
    ]


def test_the_export_endpoint_is_for_the_resident_only(api, resident, professional):
    store_record(resident, "finance", "x", "exportapi")
    api.force_authenticate(resident.user)
    assert api.get("/api/v1/vault/export/").json()["records"][0]["content"]["text"] == "exportapi"
    api.force_authenticate(professional)
    assert api.get("/api/v1/vault/export/", {"resident": resident.pk}).status_code == 403


def test_the_core_api_logs_each_resident_it_shows_with_the_basis(api, resident, team, professional):
    partner = ResidentWithAccountFactory(household=resident.household)
    grant = GrantFactory(resident=resident, grantee_organisation=team)
    api.force_authenticate(professional)

    assert api.get("/api/v1/residents/").status_code == 200
    listed = AccessLog.objects.filter(event=AccessLog.Event.BASIC_REGISTRATION)
    assert list(listed.values_list("resident_id", "authorisation", "grant_id")) == [
        (resident.pk, "grant", grant.pk)  # the partner gave no grant: not listed
    ]
    assert listed.get().access_point == "GET /api/v1/residents/"

    assert api.get(f"/api/v1/households/{resident.household_id}/").status_code == 200
    shown = AccessLog.objects.filter(access_point__startswith="GET /api/v1/households/")
    assert dict(shown.values_list("resident_id", "authorisation")) == {
        resident.pk: "grant",
        partner.pk: "household",  # their address was shown as a member of the household
    }

    api.force_authenticate(resident.user)
    api.get("/api/v1/residents/")
    # The resident's own row is not logged; their partner's is (household authorisation).
    own_view = AccessLog.objects.filter(user=resident.user)
    assert list(own_view.values_list("resident_id", "authorisation")) == [(partner.pk, "household")]


def test_a_resident_invites_a_relative_through_the_api_and_the_token_stays_in_the_mail(
    api, resident, mailoutbox
):
    api.force_authenticate(resident.user)
    response = api.post(
        "/api/v1/vault/invitations/",
        {"name": "Tante Ria", "email": "ria@example.org", "relation": "tante"},
        format="json",
    )
    assert response.status_code == 201
    assert "token" not in str(response.json())
    (mail,) = mailoutbox
    assert mail.to == ["ria@example.org"]
    assert "/mijn-gegevens/uitnodiging/" in mail.body
    listed = api.get("/api/v1/vault/invitations/").json()["results"]
    assert [i["name"] for i in listed] == ["Tante Ria"]

    invitation = Invitation.objects.get()
    assert api.post(f"/api/v1/vault/invitations/{invitation.pk}/withdraw/").status_code == 200
    assert api.get("/api/v1/vault/invitations/").json()["results"] == []
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None


def test_ending_a_network_membership_through_the_api_revokes_their_grants(api, resident):
    relative = UserFactory(role=Role.NETWORK_MEMBER, first_name="Ria", last_name="Jansen")
    membership = NetworkMembership.objects.create(
        user=relative, household=resident.household, invited_by=resident
    )
    grant = GrantFactory(resident=resident, grantee_user=relative, grantee_organisation=None)
    api.force_authenticate(resident.user)
    assert [m["name"] for m in api.get("/api/v1/vault/network-members/").json()["results"]] == [
        "Ria Jansen"
    ]

    response = api.post(f"/api/v1/vault/network-members/{membership.pk}/end/")

    assert response.status_code == 200
    assert response.json()["ended"] is not None
    grant.refresh_from_db()
    assert grant.revoked_at is not None


def test_only_the_household_sees_or_changes_its_network(api, resident, professional):
    outsider = ResidentWithAccountFactory()
    relative = UserFactory(role=Role.NETWORK_MEMBER)
    membership = NetworkMembership.objects.create(
        user=relative, household=resident.household, invited_by=resident
    )
    invitation, _token = services.invite_network_member(
        as_actor(resident.user),
        resident,
        name="Ria",
        email="ria@example.org",
        accept_url="x/{token}",
    )
    for user in (outsider.user, professional, relative):
        api.force_authenticate(user)
        assert api.get("/api/v1/vault/network-members/").json()["results"] == []
        assert api.get("/api/v1/vault/invitations/").json()["results"] == []
        assert api.post(f"/api/v1/vault/network-members/{membership.pk}/end/").status_code == 404
        assert api.post(f"/api/v1/vault/invitations/{invitation.pk}/withdraw/").status_code == 404
    api.force_authenticate(outsider.user)
    response = api.post(
        "/api/v1/vault/invitations/",
        {"resident": resident.pk, "name": "X", "email": "x@example.org"},
        format="json",
    )
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.ended is None
