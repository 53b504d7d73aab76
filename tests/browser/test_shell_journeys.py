"""Every role logs in, reaches its home page and switches language; every shell page
passes axe-core's WCAG 2.1 AA rules in both languages."""

import pytest
from django.template.loader import render_to_string

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    PASSWORD,
    MembershipFactory,
    ResidentFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOME_HEADINGS = {
    Role.RESIDENT: ("Mijn leefwereld", "My life world"),
    Role.NETWORK_MEMBER: ("Mijn leefwereld", "My life world"),
    Role.PROFESSIONAL: ("Mijn werk", "My work"),
    Role.TEAM_LEAD: ("Mijn werk", "My work"),
    Role.DEBT_OFFICER: ("Mijn werk", "My work"),
    Role.OMBUDSMAN: ("Mijn werk", "My work"),
    Role.POLICY_OFFICER: ("Raad", "Council"),
    Role.COUNCIL_MEMBER: ("Raad", "Council"),
    Role.ADMINISTRATOR: ("Beheer", "Administration"),
    Role.PROVIDER: ("Mijn werk", "My work"),
    Role.CONTROLLER: ("Raad", "Council"),
    Role.ADVISORY_COUNCIL: ("Raad", "Council"),
}


def make_user(role: Role):
    user = UserFactory(role=role, first_name="Marieke", is_staff=role == Role.ADMINISTRATOR)
    if role == Role.RESIDENT:
        resident = ResidentFactory(user=user)
        ResidentFactory(household=resident.household, given_names="Daan")
        TeamFactory(neighbourhoods=[resident.household.address.neighbourhood])
    elif role in (Role.PROFESSIONAL, Role.TEAM_LEAD, Role.DEBT_OFFICER, Role.PROVIDER):
        resident = ResidentFactory()
        team = TeamFactory(neighbourhoods=[resident.household.address.neighbourhood])
        MembershipFactory(user=user, organisation=team.organisation)
    elif role in (Role.COUNCIL_MEMBER, Role.POLICY_OFFICER, Role.CONTROLLER, Role.ADVISORY_COUNCIL):
        ResidentFactory()
    return user


def log_in(page, user):
    page.goto("/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_each_role_logs_in_reaches_home_and_switches_to_english(page, assert_accessible, role):
    dutch, english = HOME_HEADINGS[role]
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == "Inloggen bij Leefwereld"
    assert_accessible(page)

    log_in(page, make_user(role))
    assert page.get_by_role("heading", level=1).inner_text() == dutch
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    assert page.get_by_role("heading", level=1).inner_text() == english
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)

    page.get_by_role("button", name="Nederlands").click()
    assert page.get_by_role("heading", level=1).inner_text() == dutch


def test_the_error_pages_and_the_second_factor_page_are_accessible(page, assert_accessible):
    page.goto("/bestaat-niet/")
    assert page.get_by_role("heading", level=1).inner_text() == "Deze pagina bestaat niet"
    assert_accessible(page)

    log_in(page, make_user(Role.RESIDENT))
    page.goto("/raad/")
    assert page.get_by_role("heading", level=1).inner_text() == "U mag deze pagina niet zien"
    assert_accessible(page)

    page.goto("/account/tweede-factor/")
    assert page.get_by_role("heading", level=1).inner_text() == "Tweede inlogstap"
    assert_accessible(page)

    # The 500 page is rendered without a request (it must work when nothing else does);
    # load its HTML into a page of the live server so its styles resolve.
    page.set_content(render_to_string("errors/500.html"))
    assert page.get_by_role("heading", level=1).inner_text() == "Er ging iets mis"
    assert_accessible(page)


def test_a_staff_member_enrols_the_second_factor_with_the_administrators_code(
    page, assert_accessible, settings
):
    from leefwereld.core import enrolment

    settings.LEEFWERELD_REQUIRE_SECOND_FACTOR = True
    user = make_user(Role.PROFESSIONAL)
    code = enrolment.issue(user)
    log_in(page, user)
    assert page.get_by_role("heading", level=1).inner_text() == "Tweede inlogstap"
    assert page.locator("figure.lw-qr").count() == 0  # no secret before the code
    assert_accessible(page)

    page.get_by_label("Inschrijfcode van de beheerder (12 tekens)").fill("VERKEERD12345")
    page.get_by_role("button", name="Verder").click()
    assert "Deze inschrijfcode klopt niet" in page.content()
    assert_accessible(page)

    page.get_by_label("Inschrijfcode van de beheerder (12 tekens)").fill(code)
    page.get_by_role("button", name="Verder").click()
    assert page.locator("figure.lw-qr").count() == 1
    assert_accessible(page)


def test_the_too_many_attempts_page_is_accessible(page, assert_accessible, settings):
    settings.LEEFWERELD_RATE_LIMITS = {"socialmap:search": (1, 60, ("GET",))}
    page.goto("/sociale-kaart/")
    page.goto("/sociale-kaart/")
    assert page.get_by_role("heading", level=1).inner_text() == "Te veel pogingen achter elkaar"
    assert_accessible(page)


def test_the_locked_out_page_is_accessible(page, assert_accessible, settings):
    user = make_user(Role.RESIDENT)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto("/account/inloggen/")
        page.get_by_label("Gebruikersnaam").fill(user.username)
        page.get_by_label("Wachtwoord").fill("verkeerd")
        page.get_by_role("button", name="Inloggen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Te vaak een verkeerd wachtwoord"
    assert_accessible(page)


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page):
    # Not the login page: its username field has autofocus, as Django's login form sets.
    page.goto("/bestaat-niet/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Direct naar de inhoud")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
