"""One plan, one timeline, one way in (issue 16 items 4 and 5, issue 21 item 2), in a real
browser with axe-core on every page:

* a resident checks which schemes they may get and sees what to apply for;
* a household's plan shows its goals (money and work), help requests, decisions and work
  and income in one timeline, per person and life domain; "Mijn leefwereld" shows the same,
  and what the resident may not see is said to be hidden.
"""

import datetime

import pytest
from django.utils import timezone

from leefwereld.core.actor import Actor
from leefwereld.core.tests.factories import PASSWORD, ResidentFactory
from leefwereld.routes import notify
from leefwereld.routes import services as routes
from leefwereld.support import services
from leefwereld.support.services import DecisionInput
from leefwereld.support.tests.factories import make_case, organisation_with_basis
from leefwereld.vault.models import Category
from leefwereld.work import services as work

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.goto("/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def test_a_resident_checks_schemes_and_sees_what_to_apply_for(page, assert_accessible):
    case = make_case()
    log_in(page, case.resident.user)
    page.get_by_role("link", name="Hulp vragen").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Geld waar u misschien recht op heeft").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Waar heeft u recht op?"
    assert_accessible(page)
    page.get_by_label("Uw leeftijd").fill("34")
    page.get_by_label("Leeftijden van uw kinderen").fill("4, 14")
    page.get_by_label("Bruto inkomen per jaar").fill("24000")
    page.get_by_label("Netto inkomen per maand").fill("1650")
    page.get_by_label("Kale huur per maand").fill("720")
    page.get_by_label("Spaargeld en ander vermogen").fill("1500")
    page.get_by_role("button", name="Uitrekenen").click()
    apply = page.locator("section", has=page.get_by_role("heading", name="Dit kunt u aanvragen"))
    assert "Zorgtoeslag: ongeveer € 129,00 per maand" in apply.inner_text()
    assert "Kindgebonden budget" in apply.inner_text()
    assert "proefberekening" in apply.inner_text()  # huurtoeslag: no invented amount
    assert_accessible(page)
    # The whole calculation, with its sources, behind the disclosure.
    page.locator("[data-scheme=zorgtoeslag] summary").click()
    assert "Wet op de zorgtoeslag, art. 2" in page.content()
    assert "dit bedrag is nog niet zeker" in page.content()
    assert_accessible(page)
    # A typing mistake names the field; nothing was stored.
    page.get_by_label("Leeftijden van uw kinderen").fill("vier")
    page.get_by_role("button", name="Uitrekenen").click()
    assert "Schrijf de leeftijden als getallen" in page.content()
    assert_accessible(page)


def _household_across_domains():
    case = make_case()
    partner = ResidentFactory(household=case.household, given_names="Karim")
    professional = Actor.system("test", case.professional)
    resident = Actor.system("test", case.resident.user)
    services.start_plan(professional, case.household, template="schulden_werk")
    melding = services.register_melding(
        professional,
        case.resident,
        question="Hulp in huis",
        received_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    services.hold_intake(
        professional,
        melding,
        answers={key: "besproken" for key, _letter in services.GUIDE_ITEMS},
        pgb_explained=True,
    )
    application = services.register_application(
        professional, melding, provision="Huishoudelijke hulp", provision_kind="maatwerk"
    )
    services.decide(
        professional,
        application,
        DecisionInput(outcome="granted", provision="Huishoudelijke hulp", reasons="Nodig."),
    )
    with notify.muted():
        routes.open_request(
            resident,
            case.resident,
            organisation=case.team,
            category=Category.FINANCE,
            question="Ik kan de huur niet betalen.",
        )
    _org, coach = organisation_with_basis(
        case, [case.resident], name="Werkplein", categories=[Category.WORK_INCOME]
    )
    work.record_ladder(
        Actor.system("test", coach), case.resident, step=3, measured_on=timezone.localdate()
    )
    return case, partner


def test_the_plan_shows_goals_help_requests_and_decisions_in_one_timeline(page, assert_accessible):
    case, _partner = _household_across_domains()
    log_in(page, case.resident.user)
    page.goto(f"/ondersteuning/plan/{case.household.pk}/")
    timeline = page.locator(
        "section", has=page.get_by_role("heading", name="Alles voor dit huishouden")
    )
    text = timeline.inner_text()
    assert "Ik wil overzicht over mijn geld en schulden." in text  # the plan's money goal
    assert "Hulpvraag: Geld en schulden" in text
    assert "Besluit: Maatwerkvoorziening" in text and "Toegekend" in text
    assert "Melding voor ondersteuning (Wmo)" in text
    assert "Participatieladder: trede 3" in text
    assert "Financiën" in text and "Maatschappelijke participatie" in text
    assert_accessible(page)
    # "Mijn leefwereld" shows the same timeline and says what is hidden and why.
    page.goto("/mijn-leefwereld/")
    home = page.locator(
        "section", has=page.get_by_role("heading", name="Alles wat er voor u loopt")
    )
    assert "Hulpvraag: Geld en schulden" in home.inner_text()
    assert "Wat u hier niet ziet" in home.inner_text()
    assert "andere volwassenen" in home.inner_text()
    assert_accessible(page)
    # "Mijn hulp" holds the help requests and, below them, the Wmo decision.
    page.get_by_role("link", name="Mijn hulp: zie wie u nu helpt").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn hulp"
    assert "Besluit: Maatwerkvoorziening" in page.content()
    assert_accessible(page)
