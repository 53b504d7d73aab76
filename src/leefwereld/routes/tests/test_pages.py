"""The pages: 'Waar sta ik?', the worklist, referring, the signal, the figures."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import ResidentFactory, TeamFactory, UserFactory, as_actor
from leefwereld.routes import services
from leefwereld.routes.models import Escalation, HelpRequest
from leefwereld.vault.models import AccessLog, Record
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
    providers = [ProviderFactory(name=f"Aanbieder {n}", phone=f"010-00000{n}") for n in range(3)]
    regie = RegieOrganisationFactory()
    workers = {
        org.pk: professional(org, first_name="Wil", last_name=f"Werker {i}", phone=f"06-1000000{i}")
        for i, org in enumerate([team, *providers, regie])
    }
    return resident, team, providers, regie, workers


def now():
    return timezone.now()


def test_where_am_i_shows_who_is_responsible_now_with_a_phone_number(client, world):
    resident, team, providers, _regie, workers = world
    request = help_request(resident, team, actor=workers[team.pk], now=now())
    services.refer(as_actor(workers[team.pk]), request, to_organisation=providers[0], now=now())
    request.refresh_from_db()
    services.accept_handover(
        as_actor(workers[providers[0].pk]), request.current_handover, now=now()
    )

    client.force_login(resident.user)
    page = client.get(reverse("routes:where_am_i")).content.decode()
    assert "Wil Werker 1" in page
    assert "06-10000001" in page
    assert "Aanbieder 0" in page
    assert "helpt u" in page


def test_while_waiting_the_sender_stays_the_contact_and_the_deadline_shows(client, world):
    resident, team, providers, _regie, workers = world
    request = help_request(resident, team, actor=workers[team.pk], now=now())
    result = services.refer(
        as_actor(workers[team.pk]), request, to_organisation=providers[0], now=now()
    )
    client.force_login(resident.user)
    page = client.get(reverse("routes:my_request", args=[request.pk])).content.decode()
    assert "Wil Werker 0" in page
    assert "Doorgestuurd naar Aanbieder 0" in page
    assert "regieteam" in page
    from django.utils import formats

    assert formats.date_format(result.handover.accept_by, "j F Y") in page


def test_the_resident_reports_being_sent_from_pillar_to_post(client, world):
    resident, team, _providers, _regie, workers = world
    request = help_request(resident, team, actor=workers[team.pk], now=now())
    client.force_login(resident.user)
    response = client.post(reverse("routes:pillar_to_post", args=[request.pk]), follow=True)
    assert "Het regieteam van de gemeente neemt uw vraag over" in response.content.decode()
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.ESCALATED


def test_a_resident_asks_for_help_from_their_team(client, world):
    resident, team, _providers, _regie, _workers = world
    client.force_login(resident.user)
    form = client.get(reverse("routes:request_new")).content.decode()
    assert team.name in form
    response = client.post(
        reverse("routes:request_new"),
        {
            "subject": resident.pk,
            "organisation": team.pk,
            "category": "finance",
            "question": "Ik heb een brief van de deurwaarder.",
            "share": "on",
        },
        follow=True,
    )
    request = HelpRequest.objects.get()
    assert response.redirect_chain[-1][0] == reverse("routes:my_request", args=[request.pk])
    assert "Ik heb een brief van de deurwaarder." in response.content.decode()
    assert services.shared_with(request, team.pk)


def test_a_resident_cannot_see_another_residents_request(client, world):
    resident, team, _providers, _regie, _workers = world
    other = resident_with_account(email="ander@thuis.example")
    request = help_request(other, team, now=now())
    client.force_login(resident.user)
    assert client.get(reverse("routes:my_request", args=[request.pk])).status_code == 404


def test_the_refer_page_warns_before_the_second_referral_and_escalates_the_third(client, world):
    resident, team, providers, regie, workers = world
    request = help_request(resident, team, actor=workers[team.pk], now=now())
    client.force_login(workers[team.pk])
    assert (
        "tweede verwijzing"
        not in client.get(reverse("routes:refer", args=[request.pk])).content.decode()
    )
    client.post(reverse("routes:refer", args=[request.pk]), {"to_organisation": providers[0].pk})
    request.refresh_from_db()
    services.accept_handover(
        as_actor(workers[providers[0].pk]), request.current_handover, now=now()
    )

    client.force_login(workers[providers[0].pk])
    page = client.get(reverse("routes:refer", args=[request.pk])).content.decode()
    assert "dit wordt de tweede verwijzing" in page
    response = client.post(
        reverse("routes:refer", args=[request.pk]),
        {"to_organisation": providers[1].pk},
        follow=True,
    )
    assert "Dit was de tweede verwijzing" in response.content.decode()
    request.refresh_from_db()
    services.accept_handover(
        as_actor(workers[providers[1].pk]), request.current_handover, now=now()
    )

    client.force_login(workers[providers[1].pk])
    page = client.get(reverse("routes:refer", args=[request.pk])).content.decode()
    assert "Een derde verwijzing kan niet" in page
    response = client.post(
        reverse("routes:refer", args=[request.pk]),
        {"to_organisation": providers[2].pk},
        follow=True,
    )
    assert "De vraag is nu bij het regieteam" in response.content.decode()
    escalation = Escalation.objects.get()
    assert escalation.suggested_organisation == providers[2]

    client.force_login(workers[regie.pk])
    worklist = client.get(reverse("routes:worklist")).content.decode()
    assert resident.full_name in worklist
    client.post(reverse("routes:take_ownership", args=[escalation.pk]))
    request.refresh_from_db()
    assert request.responsible_user == workers[regie.pk]


def test_a_page_escalates_an_overdue_handover_even_if_the_tick_never_ran(client, world):
    resident, team, providers, _regie, workers = world
    long_ago = now() - datetime.timedelta(days=30)
    request = help_request(resident, team, actor=workers[team.pk], now=long_ago)
    services.refer(as_actor(workers[team.pk]), request, to_organisation=providers[0], now=long_ago)
    client.force_login(resident.user)
    page = client.get(reverse("routes:where_am_i")).content.decode()
    assert "Bij het regieteam" in page
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.ESCALATED


def test_the_worklist_logs_which_residents_a_case_worker_saw(client, world):
    resident, team, _providers, _regie, workers = world
    help_request(resident, team, now=now())
    client.force_login(workers[team.pk])
    before = AccessLog.objects.count()
    page = client.get(reverse("routes:worklist")).content.decode()
    assert resident.full_name in page
    row = AccessLog.objects.order_by("-pk").first()
    assert AccessLog.objects.count() == before + 1
    assert row.resident_id == resident.pk
    assert row.event == AccessLog.Event.BASIC_REGISTRATION
    assert row.access_point == "routes:worklist"


def test_a_case_worker_without_vault_access_does_not_see_the_question(client, world):
    resident, team, _providers, _regie, workers = world
    request = help_request(resident, team, question="Geheime vraag", now=now())
    client.force_login(workers[team.pk])
    page = client.get(reverse("routes:request_detail", args=[request.pk])).content.decode()
    assert "Geheime vraag" not in page
    assert "U mag hem (nog) niet lezen" in page


def test_a_case_worker_of_an_organisation_off_the_route_gets_a_404(client, world):
    resident, team, providers, _regie, workers = world
    request = help_request(resident, team, now=now())
    client.force_login(workers[providers[2].pk])
    assert client.get(reverse("routes:request_detail", args=[request.pk])).status_code == 404


def test_a_professional_opens_a_request_by_bsn(client, world):
    resident, team, _providers, _regie, workers = world
    client.force_login(workers[team.pk])
    response = client.post(
        reverse("routes:request_open_for"),
        {"bsn": resident.bsn, "organisation": team.pk, "category": "housing", "question": ""},
    )
    request = HelpRequest.objects.get()
    assert response.url == reverse("routes:request_detail", args=[request.pk])
    assert request.responsible_user == workers[team.pk]


def test_the_involvement_form_prefills_today_as_an_iso_date(client, world):
    _resident, team, _providers, _regie, workers = world
    client.force_login(workers[team.pk])
    page = client.get(reverse("routes:involvement_new")).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in page


def test_a_professional_registers_involvement_and_sees_the_signal(client, world):
    resident, team, providers, _regie, workers = world
    # An adult: both organisations register with the resident's consent (a grant).
    GrantFactory(resident=resident, grantee_organisation=providers[0])
    GrantFactory(resident=resident, grantee_organisation=team)
    client.force_login(workers[providers[0].pk])
    client.post(
        reverse("routes:involvement_new"),
        {"bsn": resident.bsn, "organisation": providers[0].pk, "starts_on": "2026-01-05"},
    )
    client.force_login(workers[team.pk])
    response = client.post(
        reverse("routes:involvement_new"),
        {"bsn": resident.bsn, "organisation": team.pk, "starts_on": "2026-01-05"},
        follow=True,
    )
    page = response.content.decode()
    assert "Er is 1 signaal" in page
    assert "Aanbieder 0: Wil Werker 1" in page


@pytest.mark.parametrize("role", [Role.COUNCIL_MEMBER, Role.POLICY_OFFICER])
def test_council_members_and_policy_officers_see_the_figures(client, world, role):
    resident, team, _providers, _regie, workers = world
    help_request(resident, team, actor=workers[team.pk], now=now())
    client.force_login(UserFactory(role=role))
    page = client.get(reverse("routes:figures")).content.decode()
    assert "Per wijk" in page
    assert resident.household.address.neighbourhood.name in page
    assert resident.full_name not in page


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.PROFESSIONAL, Role.ADMINISTRATOR])
def test_others_do_not_see_the_figures(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("routes:figures")).status_code == 403


# --- query counts: the same for few or many rows -----------------------------------------------


def _grow(world, count: int) -> None:
    resident, team, providers, _regie, workers = world
    for _ in range(count):
        # A young person (no consent needed) the provider reaches through a grant.
        other = ResidentFactory(household=resident.household, birth_date=datetime.date(2012, 1, 1))
        GrantFactory(resident=other, grantee_organisation=providers[0])
        request = help_request(other, team, actor=workers[team.pk], now=now())
        services.refer(as_actor(workers[team.pk]), request, to_organisation=providers[0], now=now())
        services.register_involvement(
            as_actor(workers[team.pk]), other, organisation=team, now=now()
        )
        services.register_involvement(
            as_actor(workers[providers[0].pk]), other, organisation=providers[0], now=now()
        )
        mine = help_request(resident, team, now=now())
        services.report_pillar_to_post(as_actor(resident.user), mine, now=now())


@pytest.mark.parametrize(
    ("url_name", "who"),
    [
        ("routes:worklist", "team"),
        ("routes:worklist", "regie"),
        ("routes:involvements", "team"),
        ("routes:involvement_team", "lead"),
        ("routes:where_am_i", "resident"),
        ("routes:my_involvements", "resident"),
        ("routes:figures", "council"),
    ],
)
def test_list_pages_cost_the_same_queries_for_few_or_many_rows(
    client, world, url_name, who, django_assert_max_num_queries
):
    resident, team, _providers, regie, workers = world
    users = {
        "team": workers[team.pk],
        "regie": workers[regie.pk],
        "lead": professional(team, role=Role.TEAM_LEAD),
        "resident": resident.user,
        "council": UserFactory(role=Role.COUNCIL_MEMBER),
    }
    client.force_login(users[who])
    _grow(world, 1)
    with django_assert_max_num_queries(60) as few:
        assert client.get(reverse(url_name)).status_code == 200
    _grow(world, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse(url_name)).status_code == 200


def test_an_erased_question_leaves_the_route_readable_for_resident_and_team(client, world):
    resident, team, _providers, _regie, workers = world
    request = help_request(resident, team, question="Wordt gewist")
    services.share_with_current_organisation(as_actor(resident.user), request, now=now())
    # The resident erased the text in 'Mijn gegevens' (as erase_record leaves it).
    Record.objects.filter(pk=request.record_id).update(erased_at=now())

    client.force_login(workers[team.pk])
    detail = client.get(reverse("routes:request_detail", args=[request.pk]))
    assert detail.status_code == 200
    assert "Er staat geen tekst bij deze vraag." in detail.content.decode()
    assert "Wordt gewist" not in detail.content.decode()
    question = client.get(f"/api/v1/help-requests/{request.pk}/question/")
    assert question.status_code == 404

    client.force_login(resident.user)
    mine = client.get(reverse("routes:my_request", args=[request.pk]))
    assert mine.status_code == 200
    assert "Wordt gewist" not in mine.content.decode()


def test_escalating_without_a_regie_team_says_so_and_changes_nothing(client):
    """A municipality without a regie organisation is a set-up fault: the professional is
    told in plain Dutch (no server error) and the request stays where it was."""
    resident = resident_with_account()
    team = TeamFactory(neighbourhoods=[resident.household.address.neighbourhood]).organisation
    worker = professional(team)
    request = help_request(resident, team, actor=worker, now=now())
    status_before = request.status

    client.force_login(worker)
    response = client.post(reverse("routes:escalate", args=[request.pk]), follow=True)

    assert response.status_code == 200
    assert "de gemeente heeft nog geen regieteam ingesteld" in response.content.decode()
    request.refresh_from_db()
    assert request.status == status_before
    assert not Escalation.objects.filter(request=request).exists()
