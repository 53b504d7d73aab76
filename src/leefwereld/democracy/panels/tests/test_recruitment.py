"""Recruitment: letters to a stratified sample, registration with a code, one per household."""

import datetime
import random
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from leefwereld.core.tests.factories import (
    HouseholdFactory,
    NeighbourhoodFactory,
    ResidentFactory,
    as_actor,
)
from leefwereld.democracy.panels import services
from leefwereld.democracy.panels.models import Category, Invitation, Panel, Volunteer

from .factories import CategoryFactory, QuotaFactory, panel_with_quotas

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def town():
    """Two neighbourhoods (3:1 by population), each with households of two adults and a child."""
    panel = panel_with_quotas(status=Panel.Status.RECRUITING)
    hoods = [
        NeighbourhoodFactory(municipality=panel.municipality, name="Noord", population=3000),
        NeighbourhoodFactory(municipality=panel.municipality, name="Zuid", population=1000),
    ]
    for hood in hoods:
        for _ in range(12):
            household = HouseholdFactory(address__neighbourhood=hood)
            ResidentFactory(household=household, birth_date=datetime.date(1980, 1, 1))
            ResidentFactory(household=household, birth_date=datetime.date(1982, 1, 1))
            ResidentFactory(household=household, birth_date=datetime.date(2015, 1, 1))
    category = CategoryFactory(
        panel=panel, key="wijk", label="Wijk", source=Category.Source.NEIGHBOURHOOD, order=9
    )
    for hood in hoods:
        QuotaFactory(category=category, value=hood.cbs_code.lower(), label=hood.name, min=0, max=20)
    return panel, hoods


def test_letters_are_spread_over_neighbourhoods_by_population(town, officer):
    panel, _hoods = town
    letters = services.send_invitations(
        as_actor(officer), panel, 8, today=TODAY, rng=random.Random(3)
    )
    assert Counter(letter.neighbourhood.name for letter in letters) == {"Noord": 6, "Zuid": 2}


def test_letters_go_to_residents_of_16_and_older_one_per_household(town, officer):
    panel, _hoods = town
    letters = services.send_invitations(as_actor(officer), panel, 8, today=TODAY)
    letters += services.send_invitations(as_actor(officer), panel, 8, today=TODAY)  # a second round
    households = [letter.resident.household_id for letter in letters]
    assert len(households) == len(set(households)) == 16
    assert all(letter.resident.birth_date.year < 2000 for letter in letters)


def test_only_a_hash_of_each_code_is_stored(town, officer):
    panel, _hoods = town
    letters = services.send_invitations(as_actor(officer), panel, 3, today=TODAY)
    stored = list(Invitation.objects.values_list("code_hash", flat=True))
    assert sorted(stored) == sorted(services.code_hash(letter.code) for letter in letters)
    assert not any(letter.code.replace("-", "") in h.upper() for letter in letters for h in stored)


def test_the_letters_are_one_pdf(client, town, officer):
    panel, _hoods = town
    client.force_login(officer)
    response = client.post(reverse("panels:invite", args=[panel.pk]), {"count": "2"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"%PDF")
    assert Invitation.objects.filter(panel=panel).count() == 2


def register(panel, code, address="Kerkstraat 1a", postcode="1234 AB", **extra):
    return services.register_volunteer(
        panel,
        code=code,
        name=extra.pop("name", "Anna de Boer"),
        email="anna@example.org",
        address=address,
        postcode=postcode,
        features=extra.pop("features", {"geslacht": "vrouw", "leeftijd": "midden"}),
    )


def test_a_resident_with_a_letter_joins_the_pool_with_the_neighbourhood_of_the_letter(
    town, officer
):
    panel, _hoods = town
    letter = services.send_invitations(as_actor(officer), panel, 1, today=TODAY)[0]
    volunteer = register(panel, letter.code.lower().replace("-", " "))  # typed sloppily
    assert volunteer.features == {
        "geslacht": "vrouw",
        "leeftijd": "midden",
        "wijk": letter.neighbourhood.cbs_code.lower(),
    }
    assert Invitation.objects.get().used_at is not None


def test_a_code_works_once_and_an_unknown_code_is_refused(town, officer):
    panel, _hoods = town
    letter = services.send_invitations(as_actor(officer), panel, 1, today=TODAY)[0]
    register(panel, letter.code)
    with pytest.raises(ValidationError, match="al aangemeld"):
        register(panel, letter.code, address="Dorpsstraat 3")
    with pytest.raises(ValidationError, match="kennen we niet"):
        register(panel, "AAAA-BBBB-CCCC", address="Dorpsstraat 4")


def test_one_person_per_household_even_when_the_address_is_written_differently(town, officer):
    panel, _hoods = town
    first, second, third = services.send_invitations(as_actor(officer), panel, 3, today=TODAY)
    register(panel, first.code, address="Kerkstraat 1a", postcode="1234 AB")
    with pytest.raises(ValidationError) as error:
        register(panel, second.code, address="kerkstraat 1-A", postcode="1234ab")
    assert "Per huishouden kan één persoon meedoen" in str(error.value)
    # A different house letter is a different household.
    register(panel, third.code, address="Kerkstraat 1b", postcode="1234 AB")
    assert Volunteer.objects.count() == 2


def test_registration_closes_after_the_deadline(town, officer):
    panel, _hoods = town
    letter = services.send_invitations(as_actor(officer), panel, 1, today=TODAY)[0]
    Panel.objects.filter(pk=panel.pk).update(registration_deadline=datetime.date(2020, 1, 1))
    with pytest.raises(ValidationError, match="kan niet meer"):
        register(panel, letter.code)


def test_the_registration_page_shows_the_volunteer_their_anonymous_code(client, town, officer):
    panel, _hoods = town
    letter = services.send_invitations(as_actor(officer), panel, 1, today=TODAY)[0]
    url = reverse("panels:register", args=[panel.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "code": letter.code,
            "name": "Bram Jansen",
            "email": "bram@example.org",
            "address": "Molenweg 5",
            "postcode": "1234 CD",
            "geslacht": "man",
            "leeftijd": "oud",
        },
        follow=True,
    )
    volunteer = Volunteer.objects.get()
    assert volunteer.public_id in response.content.decode()
    assert (
        "Bram Jansen" not in client.get(reverse("panels:public", args=[panel.pk])).content.decode()
    )


def test_the_registration_form_names_the_field_of_a_household_conflict(client, town, officer):
    panel, _hoods = town
    first, second = services.send_invitations(as_actor(officer), panel, 2, today=TODAY)
    register(panel, first.code, address="Molenweg 5", postcode="1234 CD")
    response = client.post(
        reverse("panels:register", args=[panel.pk]),
        {
            "code": second.code,
            "name": "Bram Jansen",
            "phone": "06-12345678",
            "address": "molenweg 5",
            "postcode": "1234cd",
            "geslacht": "man",
            "leeftijd": "oud",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["address"]
