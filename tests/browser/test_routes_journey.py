"""Help routes in a real browser: a resident asks for help; professionals refer twice; the
third attempt goes to the regie team, who take ownership; the resident's 'Mijn hulp'
shows who is responsible now. axe-core (WCAG 2.1 AA) on every page."""

import datetime

import pytest

from leefwereld.core.models import Organisation
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    ResidentFactory,
    TeamFactory,
    UserFactory,
)
from leefwereld.vault.tests.factories import GrantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.goto("/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def log_out(page):
    page.get_by_role("button", name="Uitloggen").click()


def worker(organisation, first_name, last_name, phone, role=Role.PROFESSIONAL):
    user = UserFactory(
        role=role,
        first_name=first_name,
        last_name=last_name,
        phone=phone,
        email=f"{first_name.lower()}@werk.example",
    )
    MembershipFactory(user=user, organisation=organisation)
    return user


def open_request(page, assert_accessible):
    """From the worklist, open the one request (the nav and the sub-navigation both say
    'Hulpvragen')."""
    page.get_by_role("link", name="Hulpvragen").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Hulpvragen"
    assert_accessible(page)
    page.get_by_role("link", name="Noor Bakker").first.click()
    assert "Hulpvraag van Noor Bakker" in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page)


def accept_and_refer_page(page, assert_accessible):
    page.get_by_role("button", name="Aannemen").click()
    assert "U heeft de vraag aangenomen" in page.content()
    page.get_by_role("link", name="Doorverwijzen").click()
    assert_accessible(page)


def test_two_referrals_then_the_regie_team_and_the_resident_sees_who_is_responsible(
    page, assert_accessible
):
    user = UserFactory(role=Role.RESIDENT, first_name="Noor", last_name="Bakker")
    resident = ResidentFactory(user=user, given_names="Noor", surname_prefix="", surname="Bakker")
    team = TeamFactory(
        neighbourhoods=[resident.household.address.neighbourhood],
        organisation__name="Wijkteam Centrum",
        organisation__phone="010-1110000",
    ).organisation
    care = OrganisationFactory(name="Zorggroep De Linde", phone="010-2220000")
    ggz = OrganisationFactory(name="Ggz Rijnmond", phone="010-3330000")
    housing = OrganisationFactory(
        name="Woonstichting Thuis", kind=Organisation.Kind.HOUSING_CORPORATION
    )
    regie = OrganisationFactory(
        name="Regieteam Gemeente", kind=Organisation.Kind.MUNICIPALITY, phone="14 010"
    )
    marieke = worker(team, "Marieke", "de Vries", "06-11111111")
    anna = worker(care, "Anna", "Jansen", "06-22222222")
    youssef = worker(ggz, "Youssef", "Kaya", "06-33333333")
    ilse = worker(regie, "Ilse", "Regie", "06-44444444")

    # The resident asks their neighbourhood team for help.
    log_in(page, user)
    page.get_by_role("link", name="Mijn hulp").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn hulp"
    assert_accessible(page)
    # One "Hulp vragen": what is the question about? Money goes to the request form.
    page.get_by_role("link", name="Hulp vragen").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Geld, rekeningen of schulden").click()
    assert_accessible(page)
    page.get_by_label("Bij welke organisatie stelt u uw vraag?").select_option(str(team.pk))
    page.get_by_label("Waar gaat uw vraag over?").select_option("finance")
    page.get_by_label("Wat is uw vraag?").fill("Ik kan de huur niet meer betalen.")
    page.get_by_label("Deze organisatie mag mijn vraag lezen").check()
    page.get_by_role("button", name="Vraag versturen").click()
    assert "Uw vraag is verstuurd" in page.content()
    assert "Wijkteam Centrum kijkt naar uw vraag" in page.content()
    assert_accessible(page)
    log_out(page)

    # The team accepts and refers (the first referral).
    log_in(page, marieke)
    open_request(page, assert_accessible)
    assert "Ik kan de huur niet meer betalen." in page.content()  # shared by the resident
    accept_and_refer_page(page, assert_accessible)
    page.get_by_label("Naar welke organisatie?").select_option(str(care.pk))
    page.get_by_role("button", name="Doorverwijzen").click()
    assert "De vraag is doorgestuurd" in page.content()
    assert_accessible(page)
    log_out(page)

    # The care provider accepts and refers again: the second referral, with a warning.
    log_in(page, anna)
    open_request(page, assert_accessible)
    accept_and_refer_page(page, assert_accessible)
    assert "dit wordt de tweede verwijzing" in page.content()
    page.get_by_label("Naar welke organisatie?").select_option(str(ggz.pk))
    page.get_by_role("button", name="Doorverwijzen").click()
    assert "Dit was de tweede verwijzing" in page.content()
    log_out(page)

    # The third attempt is not a referral: it goes to the regie team.
    log_in(page, youssef)
    open_request(page, assert_accessible)
    accept_and_refer_page(page, assert_accessible)
    assert "Een derde verwijzing kan niet" in page.content()
    page.get_by_label("Naar welke organisatie?").select_option(str(housing.pk))
    page.get_by_role("button", name="Naar het regieteam sturen").click()
    assert "De vraag is nu bij het regieteam" in page.content()
    assert_accessible(page)
    log_out(page)

    # The resident sees that the regie team has it, and by when they will call.
    log_in(page, user)
    page.get_by_role("link", name="Mijn hulp").first.click()
    assert "Bij het regieteam: Regieteam Gemeente" in page.content()
    assert_accessible(page)
    log_out(page)

    # The regie team takes ownership.
    log_in(page, ilse)
    page.get_by_role("link", name="Hulpvragen").first.click()
    assert page.get_by_role("heading", name="Escalaties voor het regieteam").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Noor Bakker").first.click()
    page.get_by_role("button", name="De regie nemen").click()
    assert "U heeft de regie" in page.content()
    assert_accessible(page)
    log_out(page)

    # 'Mijn hulp' now names who is responsible, with a phone number.
    log_in(page, user)
    page.get_by_role("link", name="Mijn hulp").first.click()
    assert_accessible(page)
    now = page.locator(".routes-now").first
    assert "Ilse Regie" in now.inner_text()
    assert now.get_by_role("link", name="06-44444444").is_visible()
    page.get_by_role("link", name="Bekijk de hele route").first.click()
    timeline = page.locator(".routes-timeline").inner_text()
    assert "Wijkteam Centrum heeft de vraag doorgestuurd naar Zorggroep De Linde" in timeline
    assert "Ilse Regie van het regieteam heeft de vraag overgenomen" in timeline
    assert_accessible(page)
    page.get_by_role("link", name="Welke organisaties zijn betrokken?").click()
    assert_accessible(page)


def test_the_involvement_signal_and_the_figures_pass_axe(page, assert_accessible):
    # A child (the Verwijsindex needs no consent under 23).
    resident = ResidentFactory(
        given_names="Sem", surname_prefix="", surname="Visser", birth_date=datetime.date(2016, 3, 1)
    )
    school = OrganisationFactory(name="Basisschool De Regenboog")
    care = OrganisationFactory(name="Jeugdhulp Noord")
    teacher = worker(school, "Sanne", "Smit", "06-55555555")
    carer = worker(care, "Cor", "Bos", "06-66666666", role=Role.TEAM_LEAD)

    # Neither organisation is a neighbourhood team: without a basis the BSN is out of reach.
    log_in(page, teacher)
    page.goto("/hulp/betrokkenheid/nieuw/")
    page.get_by_label("BSN van de inwoner").fill(resident.bsn)
    page.get_by_label("Uw organisatie").select_option(str(school.pk))
    page.get_by_role("button", name="Melden").click()
    assert "Voor dit BSN kunt u niets doen" in page.content()
    assert "Visser" not in page.content()
    assert_accessible(page)
    log_out(page)

    # With the parents' consent (a grant to each organisation) both may register.
    for organisation in (school, care):
        GrantFactory(resident=resident, grantee_organisation=organisation)
    for user, organisation in ((teacher, school), (carer, care)):
        log_in(page, user)
        page.get_by_role("link", name="Betrokkenheid").first.click()
        assert_accessible(page)
        page.get_by_role("link", name="Betrokkenheid melden").first.click()
        assert_accessible(page)
        page.get_by_label("BSN van de inwoner").fill(resident.bsn)
        page.get_by_label("Uw organisatie").select_option(str(organisation.pk))
        page.get_by_role("button", name="Melden").click()
        assert "Betrokkenheid gemeld" in page.content()
        assert_accessible(page)
        log_out(page)

    log_in(page, carer)
    page.get_by_role("link", name="Betrokkenheid").first.click()
    assert "Basisschool De Regenboog: Sanne Smit" in page.content()
    page.get_by_role("button", name="Contact opgenomen met Basisschool De Regenboog").click()
    page.get_by_role("link", name="Signalen van mijn team").click()
    assert "Ja, op" in page.content()
    assert_accessible(page)
    log_out(page)

    log_in(page, UserFactory(role=Role.COUNCIL_MEMBER))
    page.get_by_role("link", name="Verwijzingen in cijfers").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Cijfers hulproutes"
    assert_accessible(page)
