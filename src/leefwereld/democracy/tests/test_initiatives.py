"""Citizen initiatives: the register, "ja, tenzij" with its deadline, links, contacts and
start-up grants with effect indicators."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import NeighbourhoodFactory, UserFactory, as_actor
from leefwereld.democracy import services
from leefwereld.democracy.models import (
    Initiative,
    InitiativeStatus,
    InitiativeStatusChange,
    ParticipationSettings,
)
from leefwereld.rules.calendar import add_working_days

from .factories import InitiativeFactory, resident_user

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2027, 3, 1)


def officer():
    return UserFactory(role=Role.POLICY_OFFICER)


def register(today=MONDAY, **kwargs):
    neighbourhood = kwargs.pop("neighbourhood", None) or NeighbourhoodFactory()
    user = kwargs.pop("by", None) or resident_user(neighbourhood)
    return services.register_initiative(
        as_actor(user),
        municipality=neighbourhood.municipality,
        neighbourhood=neighbourhood,
        title="Repair café",
        description="Elke maand samen spullen repareren in het buurthuis.",
        public_name="Repair café Oost",
        needs_room=True,
        today=today,
        **kwargs,
    )


def test_a_registered_initiative_gets_an_answer_date_in_working_days():
    initiative = register()
    assert initiative.status == InitiativeStatus.SUBMITTED
    assert initiative.answer_due == add_working_days(MONDAY, 10)
    assert initiative.needs == ["een ruimte"]
    assert initiative.history.get().to_status == InitiativeStatus.SUBMITTED


def test_the_answer_period_is_a_setting_of_the_municipality():
    neighbourhood = NeighbourhoodFactory()
    ParticipationSettings.objects.create(
        municipality=neighbourhood.municipality, initiative_answer_days=3
    )
    initiative = register(neighbourhood=neighbourhood)
    assert initiative.answer_due == datetime.date(2027, 3, 4)


def test_yes_may_have_conditions_and_no_needs_a_published_reason(client):
    initiative = register()
    with pytest.raises(ValidationError, match="waarom"):
        services.answer_initiative(
            as_actor(officer()), initiative, yes=False, text="", today=MONDAY
        )
    services.answer_initiative(
        as_actor(officer()),
        initiative,
        yes=False,
        text="Het buurthuis is dat jaar dicht voor verbouwing.",
        today=MONDAY,
    )
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.NO
    page = client.get(f"/meedoen/initiatieven/{initiative.pk}/").content.decode()
    assert "Het buurthuis is dat jaar dicht voor verbouwing." in page

    other = register()
    services.answer_initiative(as_actor(officer()), other, yes=True, text="", today=MONDAY)
    other.refresh_from_db()
    assert other.status == InitiativeStatus.YES


def test_without_an_answer_in_time_the_answer_is_yes():
    initiative = register()
    after = initiative.answer_due + datetime.timedelta(days=1)
    assert services.settle_overdue_initiatives(initiative.answer_due) == 0
    assert services.settle_overdue_initiatives(after) == 1
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.YES_BY_DEFAULT
    assert InitiativeStatusChange.objects.filter(
        initiative=initiative, to_status=InitiativeStatus.YES_BY_DEFAULT
    ).exists()


def test_a_no_after_the_deadline_is_refused_because_the_yes_was_already_given():
    initiative = register()
    late = initiative.answer_due + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="al een antwoord"):
        services.answer_initiative(
            as_actor(officer()),
            initiative,
            yes=False,
            text="Toch niet.",
            today=late,
        )
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.YES_BY_DEFAULT


def test_the_public_status_already_shows_yes_on_the_day_after_the_deadline():
    overdue = InitiativeFactory(answer_due=timezone.localdate() - datetime.timedelta(days=1))
    assert overdue.status == InitiativeStatus.SUBMITTED
    assert overdue.effective_status == InitiativeStatus.YES_BY_DEFAULT


def test_initiatives_link_to_each_other_both_ways_by_initiator_or_officer():
    first = register()
    second = register()
    stranger = UserFactory(role=Role.RESIDENT)
    with pytest.raises(ValidationError):
        services.link_initiatives(as_actor(stranger), first, second)
    services.link_initiatives(as_actor(first.initiator), first, second)
    assert list(second.related.all()) == [first]
    with pytest.raises(ValidationError):
        services.link_initiatives(as_actor(officer()), first, first)
    services.unlink_initiatives(as_actor(officer()), second, first)
    assert not first.related.exists()


def test_a_professional_offers_help_and_an_officer_can_link_one():
    initiative = register()
    professional = UserFactory(role=Role.PROFESSIONAL)
    services.add_initiative_contact(
        as_actor(professional), initiative, note="Ik ken het buurthuis."
    )
    services.add_initiative_contact(as_actor(professional), initiative)
    assert initiative.contacts.count() == 1
    other = UserFactory(role=Role.TEAM_LEAD)
    with pytest.raises(ValidationError):
        services.add_initiative_contact(as_actor(professional), initiative, professional=other)
    services.add_initiative_contact(as_actor(officer()), initiative, professional=other)
    resident = UserFactory(role=Role.RESIDENT)
    with pytest.raises(ValidationError):
        services.add_initiative_contact(as_actor(resident), initiative)
    assert initiative.contacts.count() == 2


def test_a_start_up_grant_needs_a_yes_and_effects_agreed_up_front():
    initiative = register()
    due = MONDAY + datetime.timedelta(days=180)
    with pytest.raises(ValidationError, match="ja"):
        services.award_startup_grant(
            as_actor(officer()),
            initiative,
            amount=500,
            purpose="Gereedschap",
            report_due=due,
            indicators=[("Bezoekers per maand", 20, "bezoekers")],
        )
    services.answer_initiative(as_actor(officer()), initiative, yes=True, today=MONDAY)
    with pytest.raises(ValidationError, match="effect"):
        services.award_startup_grant(
            as_actor(officer()),
            initiative,
            amount=500,
            purpose="Gereedschap",
            report_due=due,
            indicators=[],
        )
    grant = services.award_startup_grant(
        as_actor(officer()),
        initiative,
        amount=500,
        purpose="Gereedschap",
        report_due=due,
        indicators=[("Bezoekers per maand", 20, "bezoekers"), ("Gerepareerde spullen", 50, "")],
    )
    assert grant.indicators.count() == 2
    assert not grant.proven


def test_the_initiative_reports_its_effects_and_a_proven_initiative_shows_it():
    initiative = register()
    services.answer_initiative(as_actor(officer()), initiative, yes=True, today=MONDAY)
    grant = services.award_startup_grant(
        as_actor(officer()),
        initiative,
        amount=750,
        purpose="Huur",
        report_due=MONDAY,
        indicators=[("Bezoekers per maand", 20, "bezoekers"), ("Vrijwilligers", 5, "")],
    )
    first, second = grant.indicators.order_by("pk")
    with pytest.raises(ValidationError):
        services.report_effects(as_actor(UserFactory()), grant, results={first.pk: (25, "")})
    with pytest.raises(ValidationError, match="elk"):
        services.report_effects(as_actor(initiative.initiator), grant, results={first.pk: (25, "")})
    services.report_effects(
        as_actor(initiative.initiator),
        grant,
        results={first.pk: (25, "Vol!"), second.pk: (4, "")},
    )
    grant.refresh_from_db()
    assert grant.reported_at is not None
    assert not grant.proven
    services.report_effects(
        as_actor(initiative.initiator),
        grant,
        results={first.pk: (25, ""), second.pk: (6, "")},
    )
    assert type(grant).objects.get(pk=grant.pk).proven


def test_only_the_initiator_withdraws_an_initiative():
    initiative = register()
    with pytest.raises(ValidationError):
        services.withdraw_initiative(as_actor(UserFactory()), initiative)
    services.withdraw_initiative(as_actor(initiative.initiator), initiative)
    assert Initiative.objects.get(pk=initiative.pk).status == InitiativeStatus.WITHDRAWN
