"""Support in a real browser: a professional holds the kitchen-table conversation and
drafts the plan; the resident reads it, puts a goal in their own words, chooses the coach,
signs and invites a network member, who signs too; a measurement is recorded and a
decision letter produced. axe-core on every page."""

import pytest

from leefwereld.core.tests.factories import PASSWORD
from leefwereld.support.models import Decision, Melding, Plan
from leefwereld.support.tests.factories import (
    make_case,
    network_member,
    organisation_with_basis,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.goto("/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def test_intake_plan_signature_measurement_and_decision(page, assert_accessible):
    case = make_case()
    household = case.household.pk
    care, care_pro = organisation_with_basis(case, [case.resident], name="Zorg Zuid")
    sara = network_member(case)

    # The professional files the melding on the resident's behalf and holds the intake.
    log_in(page, case.professional)
    page.goto(f"/ondersteuning/inwoner/{case.resident.pk}/melding/")
    assert_accessible(page)
    page.get_by_label("Waar zoekt u hulp bij?").fill("Ik kan mijn huis niet meer schoonhouden.")
    page.get_by_role("button", name="Melding versturen").click()
    assert "De melding is ontvangen" in page.content()
    assert_accessible(page)
    page.get_by_label("Cliëntondersteuning aangeboden. Wat wil de inwoner?").select_option(
        "declined"
    )
    page.get_by_role("button", name="Aanbod vastleggen").click()
    page.get_by_role("link", name="Keukentafelgesprek vastleggen").click()
    assert_accessible(page)
    page.get_by_label("a. Wat heeft u nodig").fill("Hulp bij het schoonmaken.")
    page.get_by_label("b. Wat kunt u zelf").fill("Koken lukt nog.")
    page.get_by_label("c. Wie helpen u nu al?").fill("Mijn dochter.")
    page.get_by_label("Persoon 1: wie").fill("Dochter Sara")
    page.get_by_label("Persoon 1: helpt met").fill("boodschappen")
    page.get_by_label("Persoon 1: hoe vaak").fill("elke week")
    page.get_by_label("d. Heeft de mantelzorger steun nodig?").fill("Sara is moe.")
    page.get_by_label("Korte check").fill("7")
    page.get_by_label("e. Welke algemene voorzieningen").fill("Boodschappendienst.")
    page.get_by_label("f. Wat is er nodig aan afstemming").fill("De huisarts weet ervan.")
    page.get_by_label("g. Welke eigen bijdrage").fill("Uitgelegd.")
    page.get_by_label("Het persoonsgebonden budget (pgb) is uitgelegd, met de gevolgen").check()
    page.get_by_role("button", name="Verslag opslaan en delen").click()
    page.wait_for_url("**/verslag/")
    assert "Dochter Sara" in page.content()
    assert_accessible(page)
    melding = Melding.objects.get()

    page.goto(f"/ondersteuning/plan/{household}/")
    assert_accessible(page)
    page.get_by_label("Begin met een voorbeeld").select_option("schulden_werk")
    page.get_by_role("button", name="Plan starten").click()
    assert_accessible(page)
    page.get_by_role("button", name="Plan opslaan").click()
    page.goto("/ondersteuning/termijnen/")
    assert_accessible(page)
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/account/**")

    # The resident reads the plan, puts a goal in their own words and signs.
    log_in(page, case.resident.user)
    # The old address leads to the one "Mijn hulp"; the melding is there, its report
    # behind it.
    page.goto("/ondersteuning/mijn/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn hulp", page.url
    assert_accessible(page)
    page.get_by_role("link", name="Melding voor ondersteuning (Wmo)").first.click()
    page.get_by_role("link", name="Verslag van het gesprek lezen").click()
    page.get_by_label("Uw opmerkingen bij het verslag").fill("Mijn buurman helpt ook soms.")
    page.get_by_role("button", name="Opmerkingen opslaan").click()
    assert "buurman" in page.content()
    assert_accessible(page)
    page.goto("/ondersteuning/mijn/")
    page.get_by_role("link", name="Bekijk en wijzig ons plan").click()
    assert "overzicht over mijn geld" in page.content()
    page.get_by_role("link", name="Doelen en acties wijzigen").click()
    assert_accessible(page)
    page.get_by_label("Doel 1, in uw eigen woorden").fill("Ik wil rust in mijn hoofd over geld.")
    page.get_by_role("button", name="Plan opslaan").click()
    assert "Ik wil rust in mijn hoofd over geld." in page.content()
    # The resident chooses the coach: both organisations help one member, so both count
    # as most involved and no reason is needed.
    page.get_by_role("link", name="Regisseur kiezen of wijzigen").click()
    assert "meest betrokken" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Regisseur opslaan").click()  # the current coach again
    assert "Deze regisseur is al gekozen." in page.content()
    assert_accessible(page)
    page.get_by_label(f"{care_pro.display_name} ({care.name})").check()
    page.get_by_role("button", name="Regisseur opslaan").click()
    assert "De regisseur is gekozen" in page.content()
    page.get_by_role("button", name="Plan tekenen").click()
    assert "U heeft versie" in page.content()
    assert_accessible(page)
    page.get_by_label(f"{sara.display_name} (dochter)").check()
    page.get_by_role("button", name="Keuze opslaan").click()
    assert "kunnen het plan nu mee tekenen" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Versies vergelijken").click()
    assert "Gewijzigd" in page.content() and "Zorg Zuid" in page.content()
    assert_accessible(page)
    # A second question, filed online by the resident: the receipt confirmation.
    page.get_by_role("link", name="Hulp vragen").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Zorg of hulp thuis").click()
    assert_accessible(page)
    page.get_by_label("Waar zoekt u hulp bij?").fill("Ik zoek ook dagbesteding.")
    page.get_by_role("button", name="Hulpvraag versturen").click()
    assert "Wij hebben uw hulpvraag ontvangen" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/account/**")

    # The network member the resident invited reads the plan and signs it too.
    log_in(page, sara)
    page.goto(f"/ondersteuning/plan/{household}/")
    assert "Ik wil rust in mijn hoofd over geld." in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Plan tekenen").click()
    assert "U heeft versie 4" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/account/**")

    # The professional records a measurement and the decision; the letter is produced.
    log_in(page, case.professional)
    page.goto(f"/ondersteuning/plan/{household}/meting/")
    assert_accessible(page)
    page.get_by_label("Financiën").fill("2")
    page.get_by_label("Huisvesting").fill("4")
    page.get_by_label("Hoe ziet u het zelf?").fill("Geld geeft veel zorgen.")
    page.get_by_role("button", name="Meting opslaan").click()
    assert page.locator("svg[role=img]").count() == 1
    assert_accessible(page)
    page.goto(f"/ondersteuning/melding/{melding.pk}/aanvraag/")
    assert_accessible(page)
    page.get_by_label("Waarvoor vraagt de inwoner hulp aan?").fill("Hulp bij het huishouden")
    page.get_by_role("button", name="Aanvraag vastleggen").click()
    assert_accessible(page)
    page.get_by_label("Besluit", exact=True).select_option("partly")
    page.get_by_label("Welke hulp").fill("Twee uur hulp per week")
    page.get_by_label("Waarom besluit de gemeente zo?").fill("Uw dochter doet de boodschappen al.")
    page.get_by_role("button", name="Besluit vastleggen").click()
    assert "bezwaar" in page.content()
    assert_accessible(page)
    decision = Decision.objects.get()
    letter = page.request.get(f"/ondersteuning/besluit/{decision.pk}/brief.pdf")
    assert letter.headers["content-type"] == "application/pdf"
    assert letter.body().startswith(b"%PDF")
    plan = Plan.objects.get()
    # start, pro save, resident goal, coach, decision
    assert plan.current_version == 5 and plan.coach == care_pro
    assert {s.user for s in plan.versions.get(number=4).signatures.all()} == {
        case.resident.user,
        sara,
    }


def test_a_resident_saving_an_outdated_plan_is_told_and_keeps_what_they_typed(
    page, assert_accessible
):
    from leefwereld.core.tests.factories import as_actor
    from leefwereld.support import services

    case = make_case()
    plan, _created = services.start_plan(
        as_actor(case.professional), case.household, template="schulden_werk"
    )
    log_in(page, case.resident.user)
    page.goto(f"/ondersteuning/plan/{case.household.pk}/wijzigen/")
    # Meanwhile the professional saves a new version.
    content = services.current_content(as_actor(case.professional), plan)
    services.change_plan(as_actor(case.professional), plan, content, note="Tussendoor")

    page.get_by_label("Doel 1, in uw eigen woorden").fill("Rust in mijn hoofd over geld.")
    page.get_by_role("button", name="Plan opslaan").click()
    page.wait_for_load_state()
    assert "Iemand anders heeft dit intussen gewijzigd" in page.content()
    assert page.get_by_label("Doel 1, in uw eigen woorden").input_value() == (
        "Rust in mijn hoofd over geld."
    )
    assert_accessible(page)
