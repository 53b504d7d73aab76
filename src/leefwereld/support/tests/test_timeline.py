"""Issue 16 item 5: one timeline per household over every app, with a bounded number of
queries, and what an actor may not see left out and said to be hidden."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leefwereld.core import timeline
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import ResidentFactory, UserFactory, as_actor
from leefwereld.routes import services as routes
from leefwereld.routes import timeline as routes_timeline
from leefwereld.support import services
from leefwereld.support import timeline as support_timeline
from leefwereld.vault.models import Category

from .factories import make_case, other_professional

pytestmark = pytest.mark.django_db


def _household_with(n: int):
    case = make_case()
    resident_actor = as_actor(case.resident.user)
    services.start_plan(as_actor(case.professional), case.household, template="schulden_werk")
    for i in range(n):
        services.register_melding(resident_actor, case.resident, question=f"Vraag {i}")
        routes.open_request(
            resident_actor,
            case.resident,
            organisation=case.team,
            category=Category.FINANCE,
            question=f"Hulp {i}",
        )
    return case


def _queries(source, actor, household_id) -> tuple[int, timeline.Part]:
    with CaptureQueriesContext(connection) as captured:
        part = source(actor, household_id)
    return len(captured.captured_queries), part


@pytest.mark.parametrize("source", [support_timeline.timeline, routes_timeline.timeline])
def test_timeline_queries_do_not_grow_with_the_number_of_items(source):
    small, large = _household_with(1), _household_with(5)
    few, part_small = _queries(source, as_actor(small.resident.user), small.household.pk)
    many, part_large = _queries(source, as_actor(large.resident.user), large.household.pk)
    assert len(part_large.items) > len(part_small.items)
    assert many == few


def test_resident_sees_meldingen_help_requests_and_plan_goals_in_one_list():
    case = _household_with(2)
    part = timeline.collect(as_actor(case.resident.user), case.household.pk)
    kinds = {item.kind for item in part.items}
    assert {"melding", "help_request", "goal", "action"} <= kinds
    finance = [i for i in part.items if i.kind == "help_request"]
    assert all(i.domain == "financien" and i.owner == case.team.name for i in finance)
    assert all(i.member_id == case.resident.pk for i in finance)
    assert part.hidden == []  # a household of one: nothing of anyone else to hide


def test_professional_without_a_grant_sees_nothing_and_is_told_what_is_hidden():
    case = _household_with(2)
    stranger = other_professional()
    part = timeline.collect(as_actor(stranger), case.household.pk)
    assert part.items == []
    assert any("Wmo-meldingen en besluiten van 1 gezinslid" in line for line in part.hidden)
    assert any("niet langs uw organisatie" in line for line in part.hidden)


def test_resident_is_told_another_adults_help_requests_are_hidden():
    case = _household_with(1)
    partner = ResidentFactory(household=case.household, user=UserFactory(role=Role.RESIDENT))
    routes.open_request(
        as_actor(partner.user),
        partner,
        organisation=case.team,
        category=Category.HOUSING,
        question="Huur",
    )
    part = routes_timeline.timeline(as_actor(case.resident.user), case.household.pk)
    assert {i.member_id for i in part.items} == {case.resident.pk}
    assert any("andere volwassenen" in line for line in part.hidden)


def test_plan_page_and_my_leefwereld_show_the_timeline(client):
    case = _household_with(1)
    client.force_login(case.resident.user)
    plan = client.get(reverse("support:plan", args=[case.household.pk]))
    home = client.get(reverse("resident_home"))
    for response in (plan, home):
        text = response.content.decode()
        assert response.status_code == 200
        assert "Hulpvraag: Geld en schulden" in text
        assert "Melding voor ondersteuning (Wmo)" in text
        assert "Ik wil overzicht over mijn geld en schulden." in text
