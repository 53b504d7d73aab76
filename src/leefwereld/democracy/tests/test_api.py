"""The democracy API: public reads without login, writes for logged-in users via services."""

import pytest
from rest_framework.test import APIClient

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import MunicipalityFactory, UserFactory, as_actor
from leefwereld.democracy import services
from leefwereld.democracy.models import Phase, ReviewStatus

from .factories import (
    BlockingRuleFactory,
    BudgetRoundFactory,
    ChallengeFactory,
    InitiativeFactory,
    ProjectFactory,
    voter_in,
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("leefwereld.democracy.tests.api_urls")]


@pytest.fixture
def api():
    return APIClient()


def test_rounds_projects_initiatives_rules_and_challenges_are_public(api):
    round_ = BudgetRoundFactory()
    ProjectFactory(round=round_)
    InitiativeFactory()
    BlockingRuleFactory()
    ChallengeFactory()
    for path in ("budget-rounds", "budget-projects", "initiatives", "blocking-rules", "challenges"):
        response = api.get(f"/api/v1/{path}/")
        assert response.status_code == 200, path
        assert response.json()["count"] == 1, path


def test_drafts_and_analysis_rounds_are_not_in_the_public_api(api):
    BudgetRoundFactory(phase=Phase.DRAFT)
    BudgetRoundFactory(phase=Phase.RESULT, is_analysis=True)
    assert api.get("/api/v1/budget-rounds/").json()["count"] == 0
    api.force_authenticate(UserFactory(role=Role.POLICY_OFFICER))
    assert api.get("/api/v1/budget-rounds/").json()["count"] == 2


def test_the_result_endpoint_explains_every_project(api):
    round_ = BudgetRoundFactory(voting=True, budget=1_000)
    a = ProjectFactory(round=round_, title="Speeltuin", cost=600)
    services.cast_ballot(as_actor(voter_in(round_)), round_, choices=[a.pk])
    services.close_voting(None, round_)
    data = api.get(f"/api/v1/budget-rounds/{round_.pk}/result/").json()
    assert data["spent"] == 600
    [project] = data["projects"]
    assert project["funded"] is True
    assert project["explanation"].startswith("Speeltuin is gekozen")
    assert project["details"]["kind"] == "funded"


def test_no_result_before_voting_closes(api):
    round_ = BudgetRoundFactory(voting=True)
    assert api.get(f"/api/v1/budget-rounds/{round_.pk}/result/").status_code == 404


def test_writing_needs_a_login(api):
    round_ = BudgetRoundFactory()
    response = api.post(
        "/api/v1/budget-projects/",
        {"round": round_.pk, "title": "x", "description": "y", "cost": 5},
    )
    assert response.status_code in (401, 403)
    assert api.post("/api/v1/blocking-rules/", {"title": "x", "blocked": "y"}).status_code in (
        401,
        403,
    )


def test_a_resident_proposes_and_others_support_through_the_api(api):
    round_ = BudgetRoundFactory()
    api.force_authenticate(voter_in(round_))
    response = api.post(
        "/api/v1/budget-projects/",
        {"round": round_.pk, "title": "Bankjes", "description": "Bij de vijver", "cost": 900},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["review_status"] == ReviewStatus.PENDING
    project_id = response.json()["id"]
    api.force_authenticate(voter_in(round_))
    response = api.post(f"/api/v1/budget-projects/{project_id}/support/")
    assert response.json() == {"support_count": 1}
    assert api.delete(f"/api/v1/budget-projects/{project_id}/support/").json() == {
        "support_count": 0
    }


def test_a_refusal_of_the_service_is_a_400_with_the_reason(api):
    round_ = BudgetRoundFactory(voting=True)
    api.force_authenticate(voter_in(round_))
    response = api.post(
        "/api/v1/budget-projects/",
        {"round": round_.pk, "title": "Te laat", "description": "x", "cost": 10},
        format="json",
    )
    assert response.status_code == 400
    assert "kan nu niet" in str(response.json())


def test_staff_cannot_propose_ideas(api):
    round_ = BudgetRoundFactory()
    api.force_authenticate(UserFactory(role=Role.PROFESSIONAL))
    response = api.post(
        "/api/v1/budget-projects/",
        {"round": round_.pk, "title": "x", "description": "y", "cost": 10},
        format="json",
    )
    assert response.status_code == 403


def test_anyone_logged_in_reports_and_supports_a_blocking_rule(api):
    MunicipalityFactory()
    api.force_authenticate(UserFactory(role=Role.PROFESSIONAL))
    response = api.post(
        "/api/v1/blocking-rules/",
        {"title": "Geen verhuur buurthuis op zondag", "blocked": "Ons zondagse taalcafé"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["support_count"] == 1
    rule_id = response.json()["id"]
    api.force_authenticate(UserFactory(role=Role.RESIDENT))
    assert api.post(f"/api/v1/blocking-rules/{rule_id}/support/").json() == {"support_count": 2}


def test_a_resident_registers_an_initiative_through_the_api(api):
    api.force_authenticate(UserFactory(role=Role.RESIDENT))
    BudgetRoundFactory()  # a municipality exists
    response = api.post(
        "/api/v1/initiatives/",
        {
            "title": "Taalcafé",
            "description": "Elke week.",
            "public_name": "Taalmaatjes",
            "needs_room": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "submitted"


def test_the_api_publishes_no_personal_data():
    from leefwereld.democracy.api import serializers

    for serializer in (
        serializers.ProjectSerializer,
        serializers.InitiativeSerializer,
        serializers.BlockingRuleSerializer,
        serializers.ChallengeSerializer,
    ):
        fields = set(serializer().fields)
        assert not fields & {"proposed_by", "initiator", "reported_by", "user", "resident"}


def test_the_rule_list_costs_the_same_queries_for_few_or_many(api, django_assert_max_num_queries):
    BlockingRuleFactory()
    with django_assert_max_num_queries(10) as few:
        api.get("/api/v1/blocking-rules/")
    BlockingRuleFactory.create_batch(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        api.get("/api/v1/blocking-rules/")


def test_the_openapi_schema_includes_the_democracy_endpoints(api):
    api.force_authenticate(UserFactory(role=Role.ADMINISTRATOR))
    schema = api.get("/api/v1/schema/?format=json").json()
    assert "/api/v1/budget-rounds/{id}/result/" in schema["paths"]
    assert "/api/v1/blocking-rules/{id}/support/" in schema["paths"]
