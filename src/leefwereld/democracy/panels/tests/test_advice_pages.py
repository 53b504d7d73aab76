"""The pages after the draw: the municipality plans meetings and records the vote, members
vote with their letter's code, the college answers, and anyone follows the answer and the
implementation (the council's overview)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from leefwereld.core.actor import Actor
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import UserFactory
from leefwereld.democracy.panels import lifecycle
from leefwereld.democracy.panels.models import Attendance, Recommendation, Vote

from .factories import drawn_panel

pytestmark = [pytest.mark.django_db, pytest.mark.urls("leefwereld.democracy.panels.tests.urls")]


@pytest.fixture
def setup(officer):
    panel, codes = drawn_panel(members=20, with_codes=2)
    return panel, codes, Actor.system("test", officer)


def _published(actor, panel, title="Een ontmoetingsplek per wijk", today=None):
    recommendation = lifecycle.draft_recommendation(
        actor, panel, title=title, text="Elke wijk krijgt een plek waar buren elkaar treffen."
    )
    lifecycle.open_voting(actor, recommendation)
    people = list(lifecycle.members(panel))
    lifecycle.record_votes(actor, recommendation, {v.pk: Vote.Choice.FOR for v in people[:15]})
    lifecycle.close_voting(actor, recommendation)
    return lifecycle.publish_recommendation(actor, recommendation, today or timezone.localdate())


def test_the_officer_plans_a_meeting_and_records_attendance_in_euros_kept_as_cents(
    client, setup, officer
):
    panel, _codes, _actor = setup
    client.force_login(officer)
    response = client.post(
        reverse("panels:meetings", args=[panel.pk]),
        {
            "kind": "session",
            "date": "2027-01-14",
            "start_time": "19:30",
            "place": "Wijkcentrum De Brug",
            "agenda": "Kennismaken\nWat is eenzaamheid?",
            "documents": "Uitnodiging | https://leefdam.example/uitnodiging.pdf",
        },
    )
    assert response.status_code == 302
    meeting = panel.meetings.get()
    member = lifecycle.members(panel).first()
    data = {f"present_{member.pk}": "on", f"travel_{member.pk}": "7,40", f"care_{member.pk}": "25"}
    response = client.post(reverse("panels:meeting", args=[panel.pk, meeting.pk]), data)
    assert response.status_code == 302
    attendance = Attendance.objects.get(meeting=meeting, volunteer=member)
    assert (attendance.travel_cents, attendance.care_cents) == (740, 2500)
    page = client.get(reverse("panels:meetings", args=[panel.pk])).content.decode()
    assert "€ 32,40" in page


def test_a_member_signs_in_with_their_letter_code_sees_the_next_meeting_and_votes(client, setup):
    panel, codes, actor = setup
    lifecycle.plan_meeting(
        actor,
        panel,
        date=timezone.localdate() + datetime.timedelta(days=7),
        place="Wijkcentrum De Brug",
        agenda="Stemmen over de aanbevelingen",
    )
    recommendation = lifecycle.draft_recommendation(actor, panel, title="Buddy's", text="Tekst")
    lifecycle.open_voting(actor, recommendation)
    url = reverse("panels:member", args=[panel.pk])
    refused = client.post(url, {"code": "ZZZZ-ZZZZ-ZZZZ"}).content.decode()
    assert "geen lid van dit panel" in refused
    assert client.post(url, {"code": codes[0]}).status_code == 302
    page = client.get(url).content.decode()
    assert "Wijkcentrum De Brug" in page and "Buddy" in page
    vote_url = reverse("panels:member_vote", args=[panel.pk, recommendation.pk])
    assert client.post(vote_url, {"choice": "for"}).status_code == 302
    assert recommendation.votes.get().choice == "for"
    # No name on the member's page: only their anonymous code.
    member = recommendation.votes.get().volunteer
    assert member.public_id in client.get(url).content.decode()
    assert member.name not in client.get(url).content.decode()


def test_without_a_code_a_vote_is_not_counted(client, setup):
    panel, _codes, actor = setup
    recommendation = lifecycle.draft_recommendation(actor, panel, title="T", text="Tekst")
    lifecycle.open_voting(actor, recommendation)
    client.post(
        reverse("panels:member_vote", args=[panel.pk, recommendation.pk]), {"choice": "for"}
    )
    assert not recommendation.votes.exists()


def test_the_college_answers_not_adopted_because_and_the_public_reads_it(client, setup, officer):
    panel, _codes, actor = setup
    recommendation = _published(actor, panel)
    client.force_login(officer)
    url = reverse("panels:answer", args=[panel.pk, recommendation.pk])
    page = client.post(url, {"decision": "not_adopted", "reasons": ""}).content.decode()
    assert "Leg uit waarom" in page
    reasons = "Er is in 2027 geen geld voor; het college neemt het mee in de begroting van 2028."
    assert client.post(url, {"decision": "not_adopted", "reasons": reasons}).status_code == 302
    client.logout()
    public = client.get(
        reverse("panels:recommendation_public", args=[panel.pk, recommendation.number])
    ).content.decode()
    assert "Niet overgenomen" in public and "begroting van 2028" in public
    assert "15 voor, 0 tegen" in public


def test_implementation_is_public_with_its_steps_and_dates(client, setup, officer):
    panel, _codes, actor = setup
    recommendation = lifecycle.answer_recommendation(
        actor, _published(actor, panel), decision="adopted", reasons="", today=timezone.localdate()
    )
    client.force_login(officer)
    response = client.post(
        reverse("panels:implementation", args=[panel.pk, recommendation.pk]),
        {"status": "in_progress", "progress": "40", "date": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    refused = client.post(
        reverse("panels:implementation", args=[panel.pk, recommendation.pk]),
        {"status": "planned", "progress": "0", "date": timezone.localdate().isoformat()},
    ).content.decode()
    assert "kan de uitvoering niet" in refused
    client.logout()
    public = client.get(
        reverse("panels:recommendation_public", args=[panel.pk, recommendation.number])
    ).content.decode()
    assert "In uitvoering" in public and "40%" in public


def test_the_overview_shows_a_late_answer_as_late(client, setup):
    panel, _codes, actor = setup
    long_ago = timezone.localdate() - datetime.timedelta(days=120)
    _published(actor, panel, today=long_ago)
    page = client.get(reverse("panels:accountability")).content.decode()
    assert "te laat" in page
    assert "Een ontmoetingsplek per wijk" in page


def test_a_draft_or_a_vote_in_progress_is_not_public(client, setup):
    panel, _codes, actor = setup
    draft = lifecycle.draft_recommendation(actor, panel, title="Geheim concept", text="Tekst")
    assert "Geheim concept" not in client.get(reverse("panels:accountability")).content.decode()
    assert (
        "Geheim concept"
        not in client.get(reverse("panels:public", args=[panel.pk])).content.decode()
    )
    url = reverse("panels:recommendation_public", args=[panel.pk, draft.number])
    assert client.get(url).status_code == 404


def test_residents_and_council_members_cannot_use_the_municipality_pages(client, setup):
    panel, _codes, actor = setup
    recommendation = _published(actor, panel)
    for role in (Role.RESIDENT, Role.COUNCIL_MEMBER):
        client.force_login(UserFactory(role=role))
        assert client.get(reverse("panels:advice", args=[panel.pk])).status_code == 403
        response = client.post(
            reverse("panels:answer", args=[panel.pk, recommendation.pk]),
            {"decision": "adopted"},
        )
        assert response.status_code == 403
    assert Recommendation.objects.get(pk=recommendation.pk).answered_on is None


def test_the_overview_costs_the_same_queries_for_one_or_many_recommendations(
    client, setup, django_assert_max_num_queries
):
    panel, _codes, actor = setup
    _published(actor, panel, title="Eerste")
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("panels:accountability"))
    for n in range(4):
        _published(actor, panel, title=f"Aanbeveling {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("panels:accountability"))


def test_the_advice_pages_are_available_in_english(client, setup):
    panel, _codes, actor = setup
    _published(actor, panel)
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(reverse("panels:public", args=[panel.pk])).content.decode()
    assert "Advice and the answer of the municipal executive" in page
