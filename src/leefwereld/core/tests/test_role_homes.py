import pytest
from django.urls import reverse

from leefwereld.core.roles import HOME_URL_NAMES, Role

from .factories import (
    MembershipFactory,
    ResidentFactory,
    TeamFactory,
    UserFactory,
    log_in,
)

pytestmark = pytest.mark.django_db

HOME_PAGES = ["resident_home", "professional_home", "council_home", "administrator_home"]


def login(client, role: Role):
    user = UserFactory(role=role, is_staff=role == Role.ADMINISTRATOR)
    log_in(client, user)
    return user


def test_an_anonymous_visitor_gets_the_login_page_in_dutch(client):
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "Inloggen bij Leefwereld" in response.content.decode()
    assert '<html lang="nl"' in response.content.decode()


@pytest.mark.parametrize("role", list(Role))
def test_every_role_lands_on_its_own_home_page(client, role):
    login(client, role)
    response = client.get("/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse(HOME_URL_NAMES[role])


@pytest.mark.parametrize("role", list(Role))
def test_a_role_gets_a_plain_dutch_403_on_the_home_pages_of_other_roles(client, role):
    login(client, role)
    own = HOME_URL_NAMES[role]
    for page in HOME_PAGES:
        if page == own:
            continue
        response = client.get(reverse(page))
        assert response.status_code == 403, page
        assert "U mag deze pagina niet zien" in response.content.decode()


def test_an_unknown_address_gets_a_plain_dutch_404(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


def test_the_resident_home_shows_their_household_and_the_team_of_their_neighbourhood(client):
    user = login(client, Role.RESIDENT)
    resident = ResidentFactory(user=user, given_names="Noor")
    ResidentFactory(household=resident.household, given_names="Daan")
    TeamFactory(neighbourhoods=[resident.household.address.neighbourhood])
    page = client.get(reverse("resident_home")).content.decode()
    assert "Welkom, Noor" in page
    assert "Daan" in page
    assert "Wijkteam Noord" in page


def test_the_professional_home_lists_their_teams_and_neighbourhoods(client):
    user = login(client, Role.PROFESSIONAL)
    resident = ResidentFactory()
    team = TeamFactory(neighbourhoods=[resident.household.address.neighbourhood])
    MembershipFactory(user=user, organisation=team.organisation)
    page = client.get(reverse("professional_home")).content.decode()
    assert "Wijkteam Noord" in page
    assert resident.household.address.neighbourhood.name in page


def test_the_council_page_costs_the_same_queries_for_few_or_many_neighbourhoods(
    client, django_assert_max_num_queries
):
    from .factories import HouseholdFactory, NeighbourhoodFactory

    login(client, Role.COUNCIL_MEMBER)
    HouseholdFactory()
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("council_home"))
    for _ in range(15):
        HouseholdFactory(address__neighbourhood=NeighbourhoodFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("council_home"))


def test_the_browser_language_does_not_override_dutch(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert "Inloggen bij Leefwereld" in response.content.decode()


def test_the_language_switch_shows_english_until_switched_back(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Log in to Leefwereld" in client.get(reverse("login")).content.decode()
    client.post(reverse("set_language"), {"language": "nl", "next": "/"})
    assert "Inloggen bij Leefwereld" in client.get(reverse("login")).content.decode()
