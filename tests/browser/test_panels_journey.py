"""A citizen panel in a real browser: a policy officer sets it up, imports a pool, computes
the selection while the progress bar fills, and two officials draw it in public; anyone
views the public page. A resident with a letter registers. axe-core on every page."""

import datetime

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    PASSWORD,
    HouseholdFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
    ResidentFactory,
    UserFactory,
    as_actor,
)
from leefwereld.democracy.panels import services
from leefwereld.democracy.panels.models import Panel, SelectionRun, Volunteer
from leefwereld.democracy.panels.tests.factories import panel_with_quotas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AGES = ["16-24", "25-39", "40-54", "55-69", "70-plus"]


def log_in(page, user):
    page.goto("/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def log_out(page):
    page.get_by_role("button", name="Uitloggen").click()


def pool_csv(people: int = 40) -> bytes:
    lines = ["id;naam;geslacht;leeftijd;adres;postcode"]
    for i in range(people):
        gender = "vrouw" if i % 2 == 0 else "man"
        lines.append(
            f"X{i:02d};Persoon Achternaam{i:02d};{gender};{AGES[i % 5]};Laan {i + 1};1234 AB"
        )
    return ("\n".join(lines) + "\n").encode()


def test_an_officer_sets_up_a_panel_and_two_officials_draw_it_in_public(page, assert_accessible):
    municipality = MunicipalityFactory(name="Leefdam")
    NeighbourhoodFactory(municipality=municipality, name="Noord", population=5000)
    first = UserFactory(role=Role.POLICY_OFFICER, first_name="Fatima", last_name="El Amrani")
    second = UserFactory(role=Role.POLICY_OFFICER, first_name="Joost", last_name="Bakker")

    # Set up: theme, size and categories; the quotas are suggested and can be edited.
    log_in(page, first)
    page.get_by_role("link", name="Burgerpanels").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Naar het beheer van burgerpanels").click()
    assert_accessible(page)
    page.get_by_role("link", name="Nieuw burgerpanel").click()
    page.get_by_label("Thema", exact=True).fill("Samen tegen eenzaamheid")
    page.get_by_label("Waar gaat het panel over?").fill(
        "Wat kan de gemeente doen tegen eenzaamheid?"
    )
    page.get_by_label("Aantal leden", exact=True).fill("20")
    page.get_by_label("Wijk", exact=True).uncheck()
    page.get_by_label("Leeftijd", exact=True).check()
    page.get_by_label("Geslacht", exact=True).check()
    assert_accessible(page)
    page.get_by_role("button", name="Panel aanmaken").click()
    assert "Kijk de voorgestelde quota na" in page.content()
    assert_accessible(page)
    page.get_by_role("spinbutton", name="Vrouw Maximaal", exact=True).fill("12")
    page.get_by_role("button", name="Quota opslaan").click()
    assert "De quota zijn opgeslagen" in page.content()

    # Recruitment: open, import an external pool, close.
    page.get_by_role("link", name="Overzicht").click()
    assert_accessible(page)
    page.get_by_role("button", name="Aanmelden openen").click()
    page.get_by_role("link", name="Pool", exact=True).click()
    page.get_by_label("CSV-bestand").set_input_files(
        files=[{"name": "pool.csv", "mimeType": "text/csv", "buffer": pool_csv()}]
    )
    page.get_by_role("button", name="Inlezen").click()
    assert "40 mensen aan de pool toegevoegd" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Overzicht").click()
    page.get_by_role("button", name="Aanmelden sluiten").click()

    # Selection: a background task; the progress bar is polled until it is done.
    page.get_by_role("link", name="Selectie", exact=True).click()
    assert_accessible(page)
    page.get_by_role("button", name="Selectie berekenen").click()
    bar = page.get_by_role("progressbar", name="Voortgang van de berekening")
    expect(bar).to_have_attribute("value", "0")
    assert page.get_by_role("button", name="Berekening stoppen").is_visible()
    assert_accessible(page)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    expect(bar).to_have_attribute("value", "100", timeout=15_000)
    expect(page.get_by_text("100% · Klaar")).to_be_visible()
    assert page.get_by_text("Bewezen optimaal").is_visible()
    assert SelectionRun.objects.get().status == SelectionRun.Status.DONE
    assert_accessible(page)

    # The transparent draw: publish the hash, then two officials enter the same numbers.
    page.get_by_role("button", name="Loting bekendmaken").click()
    assert "De loting is bekendgemaakt" in page.content()
    digest = Panel.objects.get().published_run.lottery_hash
    assert digest in page.content()
    assert_accessible(page)
    page.get_by_label("De getrokken getallen").fill("17 4 33 8 21")
    page.get_by_role("button", name="Getallen invoeren").click()
    assert "Nu voert een tweede ambtenaar dezelfde getallen in" in page.content()
    log_out(page)
    log_in(page, second)
    page.goto(f"/burgerpanels/beheer/{Panel.objects.get().pk}/trekking/")
    assert_accessible(page)
    page.get_by_label("De getrokken getallen").fill("17, 4, 33, 8, 21")
    page.get_by_role("button", name="Getallen bevestigen en trekken").click()
    assert "De trekking is gedaan" in page.content()
    assert_accessible(page)
    members = list(Volunteer.objects.filter(status=Volunteer.Status.SELECTED))
    assert len(members) == 20

    # The public page: anyone, no login; anonymous ids only.
    log_out(page)
    page.goto(f"/burgerpanels/{Panel.objects.get().pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Samen tegen eenzaamheid"
    content = page.content()
    assert digest in content
    assert "17,4,33,8,21" in content
    assert "sortition verify" in content
    assert all(m.public_id in content for m in members)
    assert "Achternaam" not in content
    assert_accessible(page)


def test_a_resident_with_a_letter_registers_for_a_panel(page, assert_accessible):
    panel = panel_with_quotas(status=Panel.Status.RECRUITING, title="Groen in de wijk")
    household = HouseholdFactory(address__neighbourhood__municipality=panel.municipality)
    ResidentFactory(household=household, birth_date=datetime.date(1980, 5, 1))
    officer = UserFactory(role=Role.POLICY_OFFICER)
    (letter,) = services.send_invitations(as_actor(officer), panel, 1)

    page.goto("/burgerpanels/")
    page.get_by_role("link", name="Groen in de wijk").click()
    assert_accessible(page)
    page.get_by_role("link", name="Meld u hier aan met uw code").click()
    assert_accessible(page)
    page.get_by_role("button", name="Aanmelden").click()  # empty: every error is named
    expect(page.get_by_text("Dit veld is vereist.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Uw code uit de brief").fill(letter.code)
    page.get_by_label("Uw naam").fill("Anna de Boer")
    page.get_by_label("Straat en huisnummer").fill("Kerkstraat 1a")
    page.get_by_label("Postcode").fill("1234 AB")
    page.get_by_label("Uw e-mailadres").fill("anna@example.org")
    page.get_by_label("Vrouw").check()
    page.get_by_label("40 tot 65").check()
    page.get_by_role("button", name="Aanmelden").click()
    volunteer = Volunteer.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt, u bent aangemeld")
    assert volunteer.public_id in page.content()
    assert_accessible(page)


# --- after the draw (issue 19) ----------------------------------------------------------


def _advice_world():
    from leefwereld.democracy.panels import lifecycle
    from leefwereld.democracy.panels.tests.factories import drawn_panel

    officer = UserFactory(role=Role.POLICY_OFFICER, first_name="Fatima", last_name="El Amrani")
    actor = as_actor(officer)
    panel, codes = drawn_panel(members=20, with_codes=1, title="Samen oud worden")
    lifecycle.plan_meeting(
        actor,
        panel,
        date=datetime.date.today() + datetime.timedelta(days=9),
        start_time=datetime.time(19, 30),
        place="Wijkcentrum De Brug",
        agenda="Stemmen over de aanbevelingen",
        documents="Startnotitie | https://leefdam.example/startnotitie.pdf",
    )
    return panel, codes, officer, actor


def test_a_member_sees_the_next_meeting_and_votes_with_the_code_from_their_letter(
    page, assert_accessible
):
    from leefwereld.democracy.panels import lifecycle

    panel, codes, _officer, actor = _advice_world()
    recommendation = lifecycle.draft_recommendation(
        actor,
        panel,
        title="Een maatje voor wie alleen woont",
        text="Wie alleen woont, krijgt een vrijwilliger die eens per week langskomt.",
    )
    lifecycle.open_voting(actor, recommendation)

    page.goto(f"/burgerpanels/{panel.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Bent u lid van dit panel? Naar uw ledenpagina").click()
    page.get_by_label("Code uit uw brief").fill("ZZZZ-ZZZZ-ZZZZ")
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_text("Met deze code vinden we geen lid van dit panel")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code uit uw brief").fill(codes[0])
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_text("Wijkcentrum De Brug")).to_be_visible()
    expect(page.get_by_role("link", name="Startnotitie")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("radio", name="Voor").check()
    page.get_by_role("button", name="Stem opslaan").click()
    expect(page.get_by_text("Uw stem op aanbeveling 1 is opgeslagen.")).to_be_visible()
    expect(page.get_by_text("U heeft gestemd.")).to_be_visible()
    assert_accessible(page)
    assert recommendation.votes.get().choice == "for"


def test_the_college_answers_not_adopted_because_and_a_resident_reads_answer_and_progress(
    page, assert_accessible
):
    from leefwereld.democracy.panels import lifecycle
    from leefwereld.democracy.panels.models import Vote

    panel, _codes, officer, actor = _advice_world()
    members = list(lifecycle.members(panel))
    published = []
    for title in ("Gratis bus voor 75-plussers", "Een ontmoetingsplek in elke wijk"):
        recommendation = lifecycle.draft_recommendation(actor, panel, title=title, text="Tekst.")
        lifecycle.open_voting(actor, recommendation)
        lifecycle.record_votes(actor, recommendation, {m.pk: Vote.Choice.FOR for m in members})
        lifecycle.close_voting(actor, recommendation)
        published.append(
            lifecycle.publish_recommendation(actor, recommendation, datetime.date.today())
        )
    lifecycle.answer_recommendation(
        actor, published[1], decision="adopted", reasons="", today=datetime.date.today()
    )

    # The policy officer enters the college's answer: not adopted needs a reason.
    log_in(page, officer)
    page.goto(f"/burgerpanels/beheer/{panel.pk}/advies/")
    assert_accessible(page)
    page.get_by_role("link", name="1. Gratis bus voor 75-plussers").click()
    assert_accessible(page)
    page.get_by_role("radio", name="Niet overgenomen").check()
    page.get_by_role("button", name="Antwoord publiceren").click()
    expect(page.get_by_text("Leg uit waarom het college")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("radio", name="Niet overgenomen").check()
    page.get_by_label("Toelichting").fill(
        "Het college neemt dit niet over, omdat de vervoerder pas in 2029 een nieuw contract "
        "krijgt."
    )
    page.get_by_role("button", name="Antwoord publiceren").click()
    expect(page.get_by_text("Het antwoord van het college is gepubliceerd.")).to_be_visible()

    # The implementation of the adopted one moves on.
    page.goto(f"/burgerpanels/beheer/{panel.pk}/advies/{published[1].pk}/")
    page.get_by_label("Stand", exact=True).select_option("in_progress")
    page.get_by_label("Voortgang (%)").fill("40")
    page.get_by_label("Toelichting").fill("De plekken in Centrum en Noord zijn open.")
    page.get_by_role("button", name="Stand bijwerken").click()
    expect(page.get_by_text("De stand van uitvoering is bijgewerkt.")).to_be_visible()
    assert_accessible(page)
    log_out(page)

    # A resident reads the answer and the implementation status, without logging in.
    page.goto("/burgerpanels/advies/")
    assert_accessible(page)
    page.get_by_role("link", name="Gratis bus voor 75-plussers").click()
    expect(page.get_by_text("Niet overgenomen", exact=True)).to_be_visible()
    expect(page.get_by_text("de vervoerder pas in 2029")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/burgerpanels/{panel.pk}/advies/2/")
    expect(page.get_by_role("cell", name="In uitvoering")).to_be_visible()
    expect(page.get_by_role("cell", name="40%")).to_be_visible()
    assert_accessible(page)
