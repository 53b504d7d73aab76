"""The sociale kaart in a real browser: a resident finds help without logging in; a
provider proposes an offer and the municipality approves it. axe-core on every page."""

import pytest

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    PASSWORD,
    MembershipFactory,
    NeighbourhoodFactory,
    UserFactory,
)
from leefwereld.socialmap.tests.factories import OfferFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.goto("/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_a_resident_finds_an_offer_without_logging_in(page, assert_accessible):
    north = NeighbourhoodFactory(name="Noord")
    OfferFactory(
        name="Formulierenbrigade",
        description="Hulp bij formulieren en schulden.",
        neighbourhoods=[north],
        phone="010-1234567",
    )
    OfferFactory(name="Sporten in het park", description="Samen bewegen.")

    page.goto("/account/inloggen/")
    page.get_by_role("link", name="Sociale kaart").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sociale kaart"
    assert_accessible(page)

    page.get_by_label("Waar zoekt u hulp bij?").fill("schuld")
    page.get_by_role("button", name="Zoeken").click()
    assert "1 aanbod gevonden" in page.get_by_role("heading", level=2).first.inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Formulierenbrigade").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Formulierenbrigade"
    assert page.get_by_role("link", name="010-1234567").is_visible()
    assert_accessible(page)

    page.goto(f"/sociale-kaart/wijk/{north.cbs_code}/afdrukken/")
    assert "Formulierenbrigade" in page.content()
    assert_accessible(page)


def test_a_provider_proposes_an_offer_and_the_municipality_approves_it(page, assert_accessible):
    membership = MembershipFactory(organisation__name="Buurthuis De Linde")
    log_in(page, membership.user)
    page.get_by_role("link", name="Mijn aanbod").click()
    assert_accessible(page)
    page.get_by_role("link", name="Nieuw aanbod toevoegen").click()
    assert_accessible(page)
    page.get_by_label("Naam").fill("Repair café")
    page.get_by_label("Omschrijving").fill("Samen kapotte spullen repareren.")
    page.get_by_label("Soort").select_option("algemeen")
    page.get_by_label("Hoe krijgt u het").select_option("inloop")
    page.get_by_label("Maatschappelijke participatie").check()
    page.get_by_role("button", name="Voorstel versturen").click()
    assert "De gemeente bekijkt uw voorstel" in page.content()

    page.get_by_role("button", name="Uitloggen").click()
    log_in(page, UserFactory(role=Role.POLICY_OFFICER))
    page.get_by_role("link", name="Aanbod beoordelen").click()
    assert_accessible(page)
    page.get_by_role("button", name="Keur Repair café goed").click()
    assert "staat nu op de sociale kaart" in page.content()

    page.goto("/sociale-kaart/?q=repareren")
    assert page.get_by_role("link", name="Repair café").is_visible()
