"""The desk's pages through the client: anonymous intake and follow-up, the ombudsman's
desk (bounded queries), the council's disclosed figures and the quarterly PDF."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leefwereld.core.models import Organisation
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import OrganisationFactory, UserFactory, as_actor
from leefwereld.ombudsman import services
from leefwereld.ombudsman.models import Complaint
from leefwereld.ombudsman.transitions import Event

from .factories import CategoryFactory, anonymous_complaint, ombudsman_user

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_anyone_complains_without_login_sees_the_receipt_once_and_follows_it():
    category = CategoryFactory(name="Bereikbaarheid")
    client = Client()
    form = {
        "about": "municipality",
        "category": category.pk,
        "summary": "Niemand belt terug",
        "description": "Ik wacht al drie weken.",
        "name": "C. Bakker",
        "email": "c.bakker@example.org",
    }
    response = client.post(reverse("ombudsman:file"), {**form, "email": ""})
    assert "Vul een e-mailadres of een telefoonnummer in." in response.content.decode()
    response = client.post(reverse("ombudsman:file"), form, follow=True)
    page = response.content.decode()
    complaint = Complaint.objects.get()
    assert complaint.number in page and "Geheime code" in page
    code = response.context["code"]
    # The receipt is shown once.
    assert client.get(reverse("ombudsman:receipt")).status_code == 302
    wrong = client.post(reverse("ombudsman:follow"), {"number": complaint.number, "code": "X"})
    assert "Wij vinden geen klacht" in wrong.content.decode()
    right = client.post(reverse("ombudsman:follow"), {"number": complaint.number, "code": code})
    assert "ontvangen" in right.content.decode()
    assert complaint.contact.name not in right.content.decode()


def test_the_desk_list_costs_the_same_queries_for_three_or_thirty_complaints():
    client = logged_in(ombudsman_user())
    for _n in range(3):
        anonymous_complaint()
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("ombudsman:desk")).status_code == 200
    for _n in range(27):
        anonymous_complaint(category=CategoryFactory())
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("ombudsman:desk"))
    assert response.content.decode().count("K-") >= 30
    assert len(many) == len(few)


def test_the_council_sees_counts_through_disclosure_control_the_ombudsman_exactly():
    small, large = CategoryFactory(name="Wachttijd"), CategoryFactory(name="Bejegening")
    for _n in range(3):
        anonymous_complaint(category=small)
    for _n in range(12):
        anonymous_complaint(category=large)
    council = logged_in(UserFactory(role=Role.COUNCIL_MEMBER))
    response = council.get(reverse("ombudsman:patterns"))
    rows = dict(response.context["table"].rows)
    # 3 is below the threshold; 12 would then give it away through the total, so it is
    # hidden too (secondary suppression); nothing of this quarter is shown.
    assert rows["Wachttijd"][-1] is None and rows["Bejegening"][-1] is None
    assert "niet getoond" in response.content.decode()
    ombudsman = logged_in(ombudsman_user())
    exact = dict(ombudsman.get(reverse("ombudsman:patterns")).context["table"].rows)
    assert exact["Wachttijd"][-1] == 3 and exact["Bejegening"][-1] == 12
    report = council.get(reverse("ombudsman:report")).context["report"]
    assert dict(report.figures)["Klachten ontvangen"] == 15  # 15 on its own, rounded to 5


def test_the_quarterly_report_as_pdf():
    anonymous_complaint()
    response = logged_in(UserFactory(role=Role.POLICY_OFFICER)).get(reverse("ombudsman:report_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_ombudsman_hands_a_case_to_the_action_team_which_resolves_it_on_its_page():
    regie = OrganisationFactory(name="Regieteam", kind=Organisation.Kind.MUNICIPALITY)
    complaint = anonymous_complaint().complaint
    desk = logged_in(ombudsman_user())
    desk.post(reverse("ombudsman:step", args=[complaint.pk]), {"event": "hand_off"})
    complaint.refresh_from_db()
    assert complaint.state == "action_team"
    member = UserFactory(role=Role.PROFESSIONAL)
    from leefwereld.core.tests.factories import MembershipFactory

    MembershipFactory(user=member, organisation=regie)
    team = logged_in(member)
    assert complaint.number in team.get(reverse("ombudsman:team")).content.decode()
    team.post(reverse("ombudsman:resolve", args=[complaint.pk]), {"resolution": "Opgelost"})
    complaint.refresh_from_db()
    assert complaint.state == "handling"
    services.transition(
        as_actor(desk.session and ombudsman_user()),
        complaint,
        Event.ANSWER,
        note="Het is opgelost.",
    )


@pytest.mark.parametrize("name", ["ombudsman:follow", "ombudsman:file"])
def test_guessing_codes_or_flooding_the_form_is_limited(
    client, settings, still_ratelimit_clock, name
):
    from django.core.cache import cache

    from leefwereld.conf import base

    cache.clear()
    settings.LEEFWERELD_RATE_LIMITS = base.LEEFWERELD_RATE_LIMITS
    limit, _window, _methods = base.LEEFWERELD_RATE_LIMITS[name]
    url = reverse(name)
    guess = {"number": "K-2026-000001", "code": "AAAAAAAAAA"}
    statuses = [client.post(url, guess).status_code for _n in range(limit)]
    assert 429 not in statuses
    assert client.post(url, guess).status_code == 429
    assert client.get(url).status_code == 200  # reading the form is not limited
    cache.clear()
