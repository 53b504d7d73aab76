"""Registering involvement, tried from outside (issue 12): only within reach, and for an
adult only with consent.

A professional of a team that has nothing to do with a resident typed that resident's BSN
on /hulp/betrokkenheid/nieuw/ and was shown which organisation is involved and its phone
number. Registering now checks the work area or a basis exactly as opening a help request
does, answers a BSN out of reach exactly as a BSN that does not exist, and follows the
Verwijsindex rule: young people under 23 without consent (Jeugdwet art. 7.1.1.1 and
7.1.4.1), adults only with their consent.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from leefwereld.core.tests.factories import (
    NeighbourhoodFactory,
    ResidentFactory,
    TeamFactory,
    as_actor,
)
from leefwereld.routes import services
from leefwereld.routes.models import Involvement, InvolvementSignal
from leefwereld.vault.models import AccessLog
from leefwereld.vault.tests.factories import GrantFactory

from .factories import ProviderFactory, professional

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def years_ago(years: int, today: datetime.date = TODAY) -> datetime.date:
    """The same day `years` years ago (28 February for 29 February)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


YOUNG = years_ago(15)
ADULT = datetime.date(1980, 4, 4)
# A valid BSN (elfproef) that nobody in the test database has.
UNKNOWN_BSN = "111222333"


@pytest.fixture
def town():
    """Two neighbourhoods with a team each; a young resident in the first, already known
    to a care provider."""
    here, there = NeighbourhoodFactory(), NeighbourhoodFactory()
    team_here = TeamFactory(neighbourhoods=[here], organisation__name="Wijkteam Hier").organisation
    team_there = TeamFactory(
        neighbourhoods=[there], organisation__name="Wijkteam Daar"
    ).organisation
    young = ResidentFactory(household__address__neighbourhood=here, birth_date=YOUNG)
    care = ProviderFactory(name="Jeugdzorg Geheim", phone="010-7654321")
    carer = professional(care, phone="06-99887766", first_name="Carla", last_name="Zorg")
    GrantFactory(resident=young, grantee_organisation=care)
    # Known to the care provider, which reaches the young person through a grant.
    services.register_involvement(as_actor(carer), young, organisation=care)
    return {
        "young": young,
        "team_here": team_here,
        "team_there": team_there,
        "care": care,
        "worker_here": professional(team_here),
        "worker_there": professional(team_there),
    }


def _register(user, organisation, bsn):
    client = Client()
    client.force_login(user)
    return client.post(
        reverse("routes:involvement_new"),
        {"bsn": bsn, "organisation": organisation.pk, "starts_on": TODAY.isoformat()},
    )


def test_a_team_without_reach_learns_nothing_about_who_is_involved(town):
    young = town["young"]
    before = (Involvement.objects.count(), InvolvementSignal.objects.count())

    response = _register(town["worker_there"], town["team_there"], young.bsn)

    page = response.content.decode()
    assert response.status_code == 200  # the form again, with the refusal
    assert str(services.OUT_OF_REACH) in page
    for secret in ("Jeugdzorg Geheim", "010-7654321", "06-99887766", "Carla Zorg"):
        assert secret not in page
    assert young.surname not in page
    assert (Involvement.objects.count(), InvolvementSignal.objects.count()) == before
    # Nothing was shown, so nothing about the attempt lands in the resident's log as a read.
    assert not AccessLog.objects.filter(resident=young, user=town["worker_there"]).exists()


def test_a_bsn_out_of_reach_answers_exactly_like_a_bsn_that_does_not_exist(town):
    out_of_reach = _register(town["worker_there"], town["team_there"], town["young"].bsn)
    unknown = _register(town["worker_there"], town["team_there"], UNKNOWN_BSN)

    def errors(response):
        return [str(e) for e in response.context["form"].errors["bsn"]]

    assert errors(out_of_reach) == errors(unknown) == [str(services.OUT_OF_REACH)]
    assert out_of_reach.status_code == unknown.status_code == 200


def test_the_api_refuses_a_resident_out_of_reach_as_if_the_bsn_does_not_exist(town):
    client = APIClient()
    client.force_authenticate(town["worker_there"])
    for bsn in (town["young"].bsn, UNKNOWN_BSN):
        response = client.post(
            "/api/v1/involvements/",
            {"bsn": bsn, "organisation": town["team_there"].pk},
            format="json",
        )
        assert response.status_code == 404, bsn
        assert "Jeugdzorg" not in response.content.decode()
    by_id = client.post(
        "/api/v1/involvements/",
        {"resident": town["young"].pk, "organisation": town["team_there"].pk},
        format="json",
    )
    assert by_id.status_code == 404
    assert not Involvement.objects.filter(organisation=town["team_there"]).exists()


def test_the_team_of_the_residents_neighbourhood_registers_a_young_person_and_gets_the_signal(
    town,
):
    response = _register(town["worker_here"], town["team_here"], town["young"].bsn)

    assert response.status_code == 302
    mine = Involvement.objects.get(organisation=town["team_here"])
    signal = InvolvementSignal.objects.get(recipient=mine)
    assert signal.contact.organisation == town["care"]
    page = Client()
    page.force_login(town["worker_here"])
    listing = page.get(reverse("routes:involvements")).content.decode()
    assert "Jeugdzorg Geheim" in listing
    # The resident's name was shown after the lawful look-up, and logged.
    assert AccessLog.objects.filter(
        resident=town["young"],
        user=town["worker_here"],
        event=AccessLog.Event.BASIC_REGISTRATION,
        access_point="routes:involvement_new",
    ).exists()


def test_an_adult_is_registered_only_with_their_consent(town):
    adult = ResidentFactory(
        household__address__neighbourhood=town["young"].household.address.neighbourhood,
        birth_date=ADULT,
    )

    refused = _register(town["worker_here"], town["team_here"], adult.bsn)
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "23 jaar" in page
    assert "Jeugdwet" in page
    assert "toestemming" in page
    assert not Involvement.objects.filter(resident=adult).exists()

    GrantFactory(resident=adult, grantee_organisation=town["team_here"])
    allowed = _register(town["worker_here"], town["team_here"], adult.bsn)
    assert allowed.status_code == 302
    assert Involvement.objects.filter(resident=adult, organisation=town["team_here"]).exists()


def test_a_young_person_turns_23_and_then_needs_consent(town):
    almost = years_ago(23) + datetime.timedelta(days=1)
    born_23_years_ago = years_ago(23)
    neighbourhood = town["young"].household.address.neighbourhood
    twenty_two = ResidentFactory(household__address__neighbourhood=neighbourhood, birth_date=almost)
    twenty_three = ResidentFactory(
        household__address__neighbourhood=neighbourhood, birth_date=born_23_years_ago
    )
    assert _register(town["worker_here"], town["team_here"], twenty_two.bsn).status_code == 302
    refused = _register(town["worker_here"], town["team_here"], twenty_three.bsn)
    assert refused.status_code == 200
    assert not Involvement.objects.filter(resident=twenty_three).exists()


def test_an_organisation_without_a_work_area_registers_only_with_a_basis(town):
    school = ProviderFactory(name="School")
    teacher = professional(school)
    pupil = ResidentFactory(birth_date=YOUNG)

    assert _register(teacher, school, pupil.bsn).status_code == 200
    assert not Involvement.objects.filter(resident=pupil).exists()

    GrantFactory(resident=pupil, grantee_organisation=school)
    assert _register(teacher, school, pupil.bsn).status_code == 302
    assert Involvement.objects.filter(resident=pupil, organisation=school).exists()


def test_opening_a_request_for_a_bsn_out_of_reach_answers_like_an_unknown_bsn(town):
    client = Client()
    client.force_login(town["worker_there"])

    def errors(bsn):
        response = client.post(
            reverse("routes:request_open_for"),
            {"bsn": bsn, "organisation": town["team_there"].pk, "category": "finance"},
        )
        assert response.status_code == 200
        assert town["young"].surname not in response.content.decode()
        return [str(e) for e in response.context["form"].errors["bsn"]]

    assert errors(town["young"].bsn) == errors(UNKNOWN_BSN) == [str(services.OUT_OF_REACH)]
