"""The routes API: the same rules as the pages; content only through the vault."""

from __future__ import annotations

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import ResidentFactory, TeamFactory, UserFactory, as_actor
from leefwereld.routes import services
from leefwereld.routes.models import HelpRequest
from leefwereld.vault.models import AccessLog
from leefwereld.vault.tests.factories import GrantFactory

from .factories import (
    ProviderFactory,
    RegieOrganisationFactory,
    help_request,
    professional,
    resident_with_account,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    resident = resident_with_account()
    team = TeamFactory(neighbourhoods=[resident.household.address.neighbourhood]).organisation
    providers = [ProviderFactory() for _ in range(3)]
    regie = RegieOrganisationFactory()
    workers = {org.pk: professional(org) for org in [team, *providers, regie]}
    return resident, team, providers, regie, workers


def neighbour(resident):
    """Another resident in the same neighbourhood (the team's work area)."""
    return ResidentFactory(
        household__address__neighbourhood=resident.household.address.neighbourhood
    )


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_resident_opens_a_request_and_the_question_is_only_in_the_vault(world):
    resident, team, *_ = world
    response = api(resident.user).post(
        "/api/v1/help-requests/",
        {
            "resident": resident.pk,
            "organisation": team.pk,
            "category": "finance",
            "question": "Help",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "waiting"
    assert data["has_question"] is True
    assert "Help" not in response.content.decode()
    question = api(resident.user).get(f"/api/v1/help-requests/{data['id']}/question/")
    assert question.json()["text"] == "Help"


def test_the_question_needs_a_vault_basis_and_a_refusal_is_logged(world):
    resident, team, _providers, _regie, workers = world
    request = help_request(resident, team, question="Geheim")
    before = AccessLog.objects.count()
    response = api(workers[team.pk]).get(f"/api/v1/help-requests/{request.pk}/question/")
    assert response.status_code == 403
    assert AccessLog.objects.latest("pk").outcome == AccessLog.Outcome.REFUSED
    assert AccessLog.objects.count() == before + 1


def test_the_third_referral_through_the_api_escalates(world):
    resident, team, providers, _regie, workers = world
    request = help_request(resident, team, actor=workers[team.pk])
    holder = workers[team.pk]
    for provider in providers[:2]:
        result = api(holder).post(
            f"/api/v1/help-requests/{request.pk}/refer/",
            {"to_organisation": provider.pk},
            format="json",
        )
        assert result.status_code == 201
        accepted = api(workers[provider.pk]).post(f"/api/v1/help-requests/{request.pk}/accept/")
        assert accepted.status_code == 200
        holder = workers[provider.pk]
    assert "tweede" in result.json()["warning"]
    third = (
        api(holder)
        .post(
            f"/api/v1/help-requests/{request.pk}/refer/",
            {"to_organisation": providers[2].pk},
            format="json",
        )
        .json()
    )
    assert third["escalated"] is True
    assert third["handover"] is None
    assert third["escalation"]["cause"] == "third_referral"


def test_lists_show_only_what_the_caller_may_see_and_log_names_for_case_workers(world):
    resident, team, providers, _regie, workers = world
    mine = help_request(resident, team)
    other = help_request(neighbour(resident), team, actor=workers[team.pk])
    assert [
        r["id"] for r in api(resident.user).get("/api/v1/help-requests/").json()["results"]
    ] == [mine.pk]
    before = AccessLog.objects.count()
    ids = {r["id"] for r in api(workers[team.pk]).get("/api/v1/help-requests/").json()["results"]}
    assert ids == {mine.pk, other.pk}
    assert AccessLog.objects.count() == before + 2
    assert api(workers[providers[2].pk]).get("/api/v1/help-requests/").json()["results"] == []
    for role in (Role.COUNCIL_MEMBER, Role.POLICY_OFFICER, Role.ADMINISTRATOR):
        assert api(UserFactory(role=role)).get("/api/v1/help-requests/").json()["results"] == []
    assert api(workers[providers[2].pk]).get(f"/api/v1/help-requests/{mine.pk}/").status_code == 404


def test_another_organisation_cannot_accept_or_refer(world):
    resident, team, providers, _regie, workers = world
    request = help_request(resident, team)
    # providers[0] is not on the route: the request does not even exist for them.
    assert (
        api(workers[providers[0].pk])
        .post(f"/api/v1/help-requests/{request.pk}/accept/")
        .status_code
        == 404
    )
    services.refer(
        as_actor(workers[team.pk]), request, to_organisation=providers[0], now=timezone.now()
    )
    # The team (the sender) sees it, but cannot accept on the receiver's behalf.
    assert (
        api(workers[team.pk]).post(f"/api/v1/help-requests/{request.pk}/accept/").status_code == 403
    )


def test_the_referrals_inbox_lists_open_handovers_to_my_organisation(world):
    resident, team, providers, _regie, workers = world
    request = help_request(resident, team, actor=workers[team.pk])
    services.refer(
        as_actor(workers[team.pk]), request, to_organisation=providers[0], now=timezone.now()
    )
    inbox = api(workers[providers[0].pk]).get("/api/v1/referrals/?incoming=1").json()["results"]
    assert [(h["request"], h["to_organisation"]["id"]) for h in inbox] == [
        (request.pk, providers[0].pk)
    ]


def test_involvement_through_the_api_signals_and_residents_see_organisations_only(world):
    _adult, team, providers, _regie, workers = world
    # A young person in the team's work area (the Verwijsindex needs no consent under 23);
    # the provider reaches them through a grant.
    resident = resident_with_account(
        household__address__neighbourhood=_adult.household.address.neighbourhood,
        birth_date=datetime.date(2012, 5, 1),
    )
    GrantFactory(resident=resident, grantee_organisation=providers[0])
    first = api(workers[team.pk]).post(
        "/api/v1/involvements/", {"bsn": resident.bsn, "organisation": team.pk}, format="json"
    )
    assert first.status_code == 201 and first.json() == []
    second = api(workers[providers[0].pk]).post(
        "/api/v1/involvements/",
        {"resident": resident.pk, "organisation": providers[0].pk},
        format="json",
    )
    assert [s["match"] for s in second.json()] == ["same_resident"]
    assert second.json()[0]["contact"]["organisation"] == team.name

    signals = api(workers[team.pk]).get("/api/v1/involvement-signals/").json()["results"]
    assert len(signals) == 1
    made = api(workers[team.pk]).post(
        f"/api/v1/involvement-signals/{signals[0]['id']}/contact-made/"
    )
    assert made.json()["contact_made_at"] is not None

    own = api(resident.user).get("/api/v1/involvements/").json()["results"]
    assert sorted(o["organisation"] for o in own) == sorted([team.name, providers[0].name])
    assert all(set(o) == {"organisation", "starts_on"} for o in own)


def test_a_resident_or_council_member_cannot_register_involvement(world):
    resident, team, *_ = world
    for user in (resident.user, UserFactory(role=Role.COUNCIL_MEMBER)):
        response = api(user).post(
            "/api/v1/involvements/", {"bsn": resident.bsn, "organisation": team.pk}, format="json"
        )
        assert response.status_code == 403


def test_the_api_list_costs_the_same_queries_for_few_or_many_requests(
    world, django_assert_max_num_queries
):
    resident, team, providers, _regie, workers = world
    client = api(workers[team.pk])

    def grow(n):
        for _ in range(n):
            request = help_request(neighbour(resident), team, actor=workers[team.pk])
            services.refer(
                as_actor(workers[team.pk]),
                request,
                to_organisation=providers[0],
                now=timezone.now(),
            )

    grow(1)
    with django_assert_max_num_queries(40) as few:
        assert client.get("/api/v1/help-requests/").status_code == 200
    grow(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/api/v1/help-requests/").status_code == 200


def test_the_database_itself_refuses_to_rewrite_the_route_history(world):
    resident, team, _providers, _regie, workers = world
    request = help_request(resident, team, actor=workers[team.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE routes_routeevent SET kind = 'closed' WHERE request_id = %s", [request.pk]
        )
    assert HelpRequest.objects.get(pk=request.pk).events.filter(kind="closed").count() == 0
