"""The advisory council channel: the college asks with a deadline in working days, the
adviesraad answers per point, the college responds per point and it is published; client
councils send advice nobody asked for; the council's yearly overview."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from leefwereld.core.actor import Actor
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import UserFactory
from leefwereld.democracy import advisory
from leefwereld.democracy.models import AdviceRequest

pytestmark = pytest.mark.django_db

FRIDAY_BEFORE_CHRISTMAS = datetime.date(2026, 12, 18)


def _actor(role):
    return Actor.system("test", UserFactory(role=role))


@pytest.fixture
def asked():
    return advisory.ask_advice(
        _actor(Role.POLICY_OFFICER),
        title="Nieuwe verordening Wmo",
        proposal="Het college wil de eigen bijdrage voor begeleiding afschaffen.",
        questions=["Wat vindt u van het voorstel?", "", "Wat moet beter?"],
        working_days=10,
        today=FRIDAY_BEFORE_CHRISTMAS,
    )


def test_the_advice_deadline_counts_working_days_over_christmas_and_new_year(asked):
    assert asked.advice_due == datetime.date(2027, 1, 5)
    assert [p.question for p in asked.points.all()] == [
        "Wat vindt u van het voorstel?",
        "Wat moet beter?",
    ]
    assert advisory.advice_late(asked, datetime.date(2027, 1, 6))
    assert not advisory.advice_late(asked, datetime.date(2027, 1, 5))


def test_only_the_adviesraad_answers_and_every_point_needs_advice(asked):
    with pytest.raises(PermissionDenied):
        advisory.give_advice(
            _actor(Role.PROVIDER), asked, {1: "a", 2: "b"}, FRIDAY_BEFORE_CHRISTMAS
        )
    council = _actor(Role.ADVISORY_COUNCIL)
    with pytest.raises(ValidationError) as refused:
        advisory.give_advice(council, asked, {1: "Goed plan."}, FRIDAY_BEFORE_CHRISTMAS)
    assert "advice_2" in refused.value.error_dict
    asked.refresh_from_db()
    assert asked.status == AdviceRequest.Status.ASKED  # nothing written
    answered = advisory.give_advice(
        council, asked, {1: "Goed plan.", 2: "Let op de wachtlijsten."}, datetime.date(2027, 1, 4)
    )
    assert answered.status == AdviceRequest.Status.ADVISED
    assert answered.response_due == advisory.rules.answer_due(datetime.date(2027, 1, 4), 30)


def test_the_college_responds_per_point_not_adopted_needs_a_reason(asked):
    advisory.give_advice(
        _actor(Role.ADVISORY_COUNCIL), asked, {1: "Goed.", 2: "Meer geld."}, FRIDAY_BEFORE_CHRISTMAS
    )
    officer = _actor(Role.POLICY_OFFICER)
    with pytest.raises(ValidationError) as refused:
        advisory.respond(
            officer,
            asked,
            {1: ("adopted", ""), 2: ("not_adopted", "Nee.")},
            FRIDAY_BEFORE_CHRISTMAS,
        )
    assert "reasons_2" in refused.value.error_dict
    done = advisory.respond(
        officer,
        asked,
        {1: ("adopted", ""), 2: ("not_adopted", "Het budget voor 2027 is al verdeeld.")},
        FRIDAY_BEFORE_CHRISTMAS,
    )
    assert done.status == AdviceRequest.Status.RESPONDED
    assert list(done.points.values_list("decision", flat=True)) == ["adopted", "not_adopted"]


def test_a_client_council_sends_unsolicited_advice_through_the_same_channel():
    sent = advisory.send_unsolicited_advice(
        _actor(Role.PROVIDER),
        title="Vervoer naar de dagbesteding",
        proposal="Cliënten wachten lang op het vervoer.",
        sender="Cliëntenraad Zorggroep De Linde",
        advice=["Maak de wachttijd korter dan 15 minuten."],
        today=FRIDAY_BEFORE_CHRISTMAS,
    )
    assert sent.source == AdviceRequest.Source.CLIENT_COUNCIL
    assert sent.status == AdviceRequest.Status.ADVISED
    with pytest.raises(PermissionDenied):
        advisory.send_unsolicited_advice(
            _actor(Role.RESIDENT),
            title="T",
            proposal="P",
            sender="Ik",
            advice=["A"],
            today=FRIDAY_BEFORE_CHRISTMAS,
        )


def test_the_yearly_overview_counts_questions_unsolicited_advice_lateness_and_responses(asked):
    advisory.give_advice(
        _actor(Role.ADVISORY_COUNCIL), asked, {1: "a", 2: "b"}, datetime.date(2027, 1, 6)
    )
    advisory.respond(
        _actor(Role.POLICY_OFFICER),
        asked,
        {1: ("adopted", ""), 2: ("adopted_with_changes", "Eerst als proef in twee wijken.")},
        datetime.date(2027, 1, 7),
    )
    advisory.send_unsolicited_advice(
        _actor(Role.ADVISORY_COUNCIL),
        title="Armoede",
        proposal="P",
        sender="Adviesraad sociaal domein",
        advice=["Meer bereik"],
        today=datetime.date(2027, 3, 1),
    )
    rows = list(advisory.with_points(AdviceRequest.objects.all()))
    years = advisory.yearly_overview(rows, datetime.date(2027, 6, 1))
    assert [(y.year, y.asked, y.unsolicited) for y in years] == [(2027, 0, 1), (2026, 1, 0)]
    last_year = years[1]
    assert (last_year.advice_late, last_year.responded) == (1, 1)
    assert last_year.decisions == {"adopted": 1, "adopted_with_changes": 1, "not_adopted": 0}
    assert years[0].response_late == 1  # the unsolicited advice got no response in time


def test_an_open_request_is_not_public_but_a_published_response_is(client, asked):
    url = reverse("democracy:advisory_detail", args=[asked.pk])
    assert client.get(url).status_code == 404
    advisory.give_advice(
        _actor(Role.ADVISORY_COUNCIL), asked, {1: "a", 2: "b"}, FRIDAY_BEFORE_CHRISTMAS
    )
    advisory.respond(
        _actor(Role.POLICY_OFFICER),
        asked,
        {1: ("adopted", ""), 2: ("not_adopted", "Het budget voor 2027 is al verdeeld.")},
        FRIDAY_BEFORE_CHRISTMAS,
    )
    page = client.get(url).content.decode()
    assert "Niet overgenomen" in page and "budget voor 2027" in page
    assert (
        "Nieuwe verordening Wmo" in client.get(reverse("democracy:advisory_list")).content.decode()
    )


def test_the_adviesraad_answers_on_the_page_and_a_missing_point_is_named(client, asked):
    client.force_login(UserFactory(role=Role.ADVISORY_COUNCIL))
    url = reverse("democracy:advisory_advise", args=[asked.pk])
    page = client.post(url, {"advice_1": "Goed plan."})
    assert page.status_code == 400
    assert "Geef advies op punt 2" in page.content.decode()
    assert client.post(url, {"advice_1": "Goed.", "advice_2": "Beter."}).status_code == 302
    asked.refresh_from_db()
    assert asked.status == AdviceRequest.Status.ADVISED


def test_the_demo_has_a_responded_request_unsolicited_advice_and_an_open_question():
    from leefwereld.democracy.demo import add_advisory_demo

    UserFactory(role=Role.POLICY_OFFICER)
    UserFactory(role=Role.ADVISORY_COUNCIL)
    assert add_advisory_demo(seed=1, today=datetime.date(2026, 12, 7)) == {"advice_requests": 3}
    statuses = sorted(AdviceRequest.objects.values_list("status", flat=True))
    assert statuses == ["advised", "asked", "responded"]
    responded = AdviceRequest.objects.get(status="responded")
    assert not advisory.response_late(responded, datetime.date(2026, 12, 7))
    assert "omdat" in responded.points.get(number=2).reasons


def test_a_client_council_sends_advice_on_the_page_and_follows_it_on_the_list(client):
    client.force_login(UserFactory(role=Role.PROVIDER))
    response = client.post(
        reverse("democracy:advisory_unsolicited"),
        {
            "sender": "Cliëntenraad Zorggroep De Linde",
            "title": "Vervoer naar de dagbesteding",
            "proposal": "Cliënten wachten lang.",
            "advice": "Hoogstens 15 minuten wachten.\nEen vast telefoonnummer.",
        },
    )
    assert response["Location"] == reverse("democracy:advisory_list")
    sent = AdviceRequest.objects.get()
    assert sent.source == AdviceRequest.Source.CLIENT_COUNCIL
    assert sent.points.count() == 2
    # Not public (and not for the provider) until the college responded.
    assert client.get(reverse("democracy:advisory_detail", args=[sent.pk])).status_code == 404
