"""Residents decide: a neighbourhood budget from the first idea to the explained result,
voting online and with a printed code, and a blocking rule that reaches the council with
the hardship decisions a professional recorded under it.
Every page passes axe-core's WCAG 2.1 AA rules."""

import csv
import datetime
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from leefwereld.core.models import Organisation
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    PASSWORD,
    MembershipFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    ResidentFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.goto("/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def log_out(page):
    page.get_by_role("button", name="Uitloggen").click()


def heading(page):
    return page.get_by_role("heading", level=1).inner_text()


@pytest.fixture
def town():
    neighbourhood = NeighbourhoodFactory(name="Oosterpark")

    def resident(first_name, with_account=True):
        user = UserFactory(role=Role.RESIDENT, first_name=first_name) if with_account else None
        return ResidentFactory(
            user=user, given_names=first_name, household__address__neighbourhood=neighbourhood
        )

    return {
        "neighbourhood": neighbourhood,
        "officer": UserFactory(role=Role.POLICY_OFFICER, first_name="Fatima"),
        "council": UserFactory(role=Role.COUNCIL_MEMBER, first_name="Jeroen"),
        "proposer": resident("Noor").user,
        "voter": resident("Daan").user,
        "paper_voter": resident("Bep", with_account=False),
    }


def propose(page, assert_accessible, title, description, cost):
    page.get_by_role("link", name="Dien een idee in").click()
    assert heading(page) == "Idee indienen"
    page.get_by_label("Naam van uw idee").fill(title)
    page.get_by_label("Wat is uw idee?").fill(description)
    page.get_by_label("Wat kost het ongeveer, in hele euro's?").fill(str(cost))
    assert_accessible(page)
    page.get_by_role("button", name="Idee indienen").click()
    assert heading(page) == title
    page.get_by_role("link", name=re.compile("Terug naar")).click()


def test_a_neighbourhood_budget_from_idea_to_explained_result(page, assert_accessible, town):
    officer, proposer, voter = town["officer"], town["proposer"], town["voter"]

    # The municipality creates a round and opens it for ideas.
    log_in(page, officer)
    page.goto("/meedoen/beheer/")
    assert heading(page) == "Meedoen beheren"
    assert_accessible(page)
    page.get_by_role("link", name="Nieuwe buurtbegroting").click()
    page.get_by_label("Naam van de ronde").fill("Buurtbudget Oosterpark")
    page.get_by_label("Budget in hele euro's").fill("10000")
    page.get_by_label("Oosterpark").check()
    assert_accessible(page)
    page.get_by_role("button", name="Ronde aanmaken").click()
    assert heading(page) == "Beheer: Buurtbudget Oosterpark"
    assert_accessible(page)
    page.get_by_role("button", name="Ideeën indienen openen").click()
    manage_url = page.url
    log_out(page)

    # A resident proposes three ideas.
    log_in(page, proposer)
    page.goto("/meedoen/buurtbegroting/")
    assert_accessible(page)
    page.get_by_role("link", name="Buurtbudget Oosterpark").click()
    assert_accessible(page)
    propose(page, assert_accessible, "Speeltuin", "Nieuwe schommels bij het plein.", 6000)
    propose(page, assert_accessible, "Bankjes", "Bankjes langs de vijver.", 3000)
    propose(page, assert_accessible, "Skatebaan", "Een skatebaan op het grasveld.", 5000)
    log_out(page)

    # A neighbour supports an idea.
    log_in(page, voter)
    page.goto(manage_url.replace("/beheer", ""))
    page.get_by_role("button", name=re.compile(r"Steun dit idee\W+Bankjes")).click()
    assert "U steunt dit idee." in page.content()
    assert_accessible(page)
    log_out(page)

    # The municipality reviews: one idea is not feasible, with a published reason.
    log_in(page, officer)
    page.goto(manage_url)
    page.get_by_role("button", name="Indienen sluiten, toets starten").click()
    for title, feasible in (("Speeltuin", True), ("Bankjes", True), ("Skatebaan", False)):
        page.get_by_role("link", name=re.compile(rf"Toetsen\W+{title}")).click()
        assert_accessible(page)
        if feasible:
            page.get_by_label("Ja, het komt op het stembiljet").check()
        else:
            page.get_by_label("Nee, niet haalbaar").check()
            page.get_by_label("Uitleg (wordt gepubliceerd)").fill(
                "Het grasveld is een waterberging en mag niet verhard worden."
            )
        page.get_by_role("button", name="Toets opslaan").click()
    page.get_by_role("button", name="Stemmen openen").click()
    assert "Stemmen" in page.content()

    # Codes for residents who vote on paper: the CSV for the mailing.
    page.get_by_role("link", name="Stemcodes voor papieren stemmers").click()
    assert_accessible(page)
    page.get_by_label("CSV voor een mailing").check()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Codes maken en downloaden").click()
    with open(download_info.value.path(), encoding="utf-8") as handle:
        rows = list(csv.reader(io.StringIO(handle.read()), delimiter=";"))
    assert rows[1][0].startswith("Bep")
    code = rows[1][-1]
    log_out(page)

    # A resident votes online and changes the vote.
    log_in(page, voter)
    page.goto(manage_url.replace("/beheer", ""))
    assert "Niet haalbaar" in page.content()
    assert "waterberging" in page.content()
    page.get_by_role("link", name="Stem nu").click()
    assert heading(page) == "Stemmen"
    assert_accessible(page)
    page.get_by_label(re.compile("^Speeltuin")).check()
    page.get_by_role("button", name="Stem opslaan").click()
    assert "Uw stem is opgeslagen." in page.content()
    page.get_by_label(re.compile("^Bankjes")).check()
    page.get_by_role("button", name="Stem veranderen").click()
    assert "Uw stem is gewijzigd." in page.content()
    assert_accessible(page)
    log_out(page)

    # A paper voter votes with the code from the letter, without logging in.
    page.goto("/meedoen/stemcode/")
    assert heading(page) == "Stemmen met een code"
    assert_accessible(page)
    page.get_by_label("Uw stemcode").fill(code)
    page.get_by_role("button", name="Verder").click()
    assert_accessible(page)
    page.get_by_label(re.compile("^Bankjes")).check()
    page.get_by_role("button", name="Stem opslaan").click()
    assert heading(page) == "Bedankt voor uw stem"
    assert_accessible(page)
    page.goto("/meedoen/stemcode/")
    page.get_by_label("Uw stemcode").fill(code)
    page.get_by_role("button", name="Verder").click()
    assert "al gebruikt" in page.content()

    # The municipality closes voting; the result explains every project.
    log_in(page, officer)
    page.goto(manage_url)
    page.get_by_role("button", name="Stemmen sluiten en uitslag berekenen").click()
    page.get_by_role("link", name="Uitslag", exact=True).click()
    assert heading(page) == "Uitslag Buurtbudget Oosterpark"
    content = page.content()
    assert "2 inwoners stemden" in content
    assert "Bankjes is gekozen" in content
    assert "Speeltuin" in content
    assert_accessible(page)
    page.get_by_role("button", name="English").click()
    assert heading(page) == "Result Buurtbudget Oosterpark"
    assert "Bankjes was chosen" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Nederlands").click()


def test_a_blocking_rule_reported_by_a_resident_reaches_the_council_with_its_hardship(
    page, assert_accessible, town
):
    log_in(page, town["voter"])
    page.goto("/meedoen/blokkerende-regels/")
    assert heading(page) == "Blokkerende regels"
    assert_accessible(page)
    page.get_by_role("link", name="Meld een regel").click()
    page.get_by_label("Welke regel of werkwijze houdt u tegen?").fill(
        "Vergunning voor een straatfeest 8 weken vooraf"
    )
    page.get_by_label("Waar staat de regel? (als u dat weet)").fill("APV artikel 2:25")
    page.get_by_label("Wat werd erdoor tegengehouden?").fill("Ons straatfeest op korte termijn.")
    page.get_by_label("Wijk").select_option(label="Oosterpark")
    assert_accessible(page)
    page.get_by_role("button", name="Melding versturen").click()
    assert heading(page) == "Vergunning voor een straatfeest 8 weken vooraf"
    assert_accessible(page)
    log_out(page)

    log_in(page, town["proposer"])
    page.goto("/meedoen/blokkerende-regels/")
    page.get_by_role("link", name="Vergunning voor een straatfeest 8 weken vooraf").click()
    page.get_by_role("button", name="Ik loop hier ook tegenaan").click()
    assert "2 mensen lopen hier tegenaan" in page.content()
    log_out(page)

    # A professional of the neighbourhood team records a hardship decision under the rule.
    team = OrganisationFactory(
        municipality=town["neighbourhood"].municipality,
        kind=Organisation.Kind.NEIGHBOURHOOD_TEAM,
        name="Wijkteam Oosterpark",
    )
    professional = MembershipFactory(
        user=UserFactory(role=Role.PROFESSIONAL, first_name="Ilse"), organisation=team
    ).user
    log_in(page, professional)
    page.goto("/meedoen/blokkerende-regels/")
    page.get_by_role("link", name="Vergunning voor een straatfeest 8 weken vooraf").click()
    assert "Bij deze regel is dat nog niet vastgelegd." in page.content()
    page.get_by_role("link", name="Hardheidsbesluit vastleggen").click()
    assert heading(page) == "Hardheidsbesluit vastleggen"
    assert_accessible(page)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page.get_by_label("Wanneer is het besluit genomen?").fill(tomorrow.isoformat())
    page.get_by_label("Participatiewet").check()
    assert page.get_by_label("Welke organisatie nam het besluit?").input_value() == str(team.pk)
    page.get_by_label("Van welke regel is afgeweken, en waarom?").fill(
        "Bijzondere bijstand voor een buurtfeest-kraam ondanks de termijn van de vergunning."
    )
    page.get_by_role("button", name="Besluit vastleggen").click()
    assert "Deze datum ligt in de toekomst." in page.content()
    assert_accessible(page)  # the form with its error message
    decided = timezone.localdate() - datetime.timedelta(days=2)
    page.get_by_label("Wanneer is het besluit genomen?").fill(decided.isoformat())
    page.get_by_role("button", name="Besluit vastleggen").click()
    assert heading(page) == "Vergunning voor een straatfeest 8 weken vooraf"
    assert "Het hardheidsbesluit staat nu bij deze regel." in page.content()
    decisions = page.get_by_role("table", name=re.compile("Besluiten waarbij"))
    row = decisions.get_by_role("row").nth(1)
    assert row.get_by_role("cell").nth(1).inner_text() == "Participatiewet"
    assert row.get_by_role("cell").nth(2).inner_text() == "Wijkteam Oosterpark"
    assert "Ilse" not in decisions.inner_text()
    assert_accessible(page)
    log_out(page)

    log_in(page, town["council"])
    page.goto("/raad/")
    page.get_by_role("link", name="Blokkerende regels, initiatieven en buurtbegrotingen").click()
    assert heading(page) == "Meedoen: overzicht voor de raad"
    row = page.get_by_role("row", name=re.compile("Vergunning voor een straatfeest"))
    assert row.get_by_role("cell").nth(1).inner_text() == "2"
    assert row.get_by_role("cell").nth(2).inner_text() == "1"  # hardship decisions
    assert_accessible(page)


def test_a_round_over_two_neighbourhoods_names_them_and_keeps_to_their_caps(
    page, assert_accessible, town
):
    from leefwereld.democracy.models import Phase, Project, ReviewStatus, RoundDistrict
    from leefwereld.democracy.tests.factories import BudgetRoundFactory, resident_user

    north, south = town["neighbourhood"], NeighbourhoodFactory(name="Dapperbuurt")
    round_ = BudgetRoundFactory(
        title="Buurtbudget Oost", budget=3_000, phase=Phase.VOTING, neighbourhoods=[north, south]
    )
    RoundDistrict.objects.filter(round=round_, neighbourhood=north).update(cap=1_000)
    districts = {d.name: d for d in round_.districts.all()}
    for code, title, district, cost in (
        ("P1", "Bankjes", "Oosterpark", 800),
        ("P2", "Bloembakken", "Oosterpark", 800),
        ("P3", "Bomen", "Dapperbuurt", 700),
    ):
        Project.objects.create(
            round=round_,
            code=code,
            title=title,
            description=f"{title} voor de buurt.",
            cost=cost,
            district=districts[district],
            review_status=ReviewStatus.FEASIBLE,
        )

    # Residents of both neighbourhoods vote on every project; the ballot says where each is.
    for voter, choices in (
        (town["voter"], ["Bankjes", "Bloembakken"]),
        (resident_user(south), ["Bankjes", "Bloembakken", "Bomen"]),
    ):
        log_in(page, voter)
        page.goto(f"/meedoen/buurtbegroting/{round_.pk}/stemmen/")
        assert heading(page) == "Stemmen"
        assert page.get_by_label("Bankjes (€ 800, Oosterpark)").is_visible()
        assert page.get_by_label("Bomen (€ 700, Dapperbuurt)").is_visible()
        assert_accessible(page)
        for title in choices:
            page.get_by_label(re.compile(f"^{title}")).check()
        page.get_by_role("button", name="Stem opslaan").click()
        assert "Uw stem is opgeslagen." in page.content()
        log_out(page)

    # The municipality closes voting; the result shows the spending per neighbourhood.
    log_in(page, town["officer"])
    page.goto(f"/meedoen/beheer/buurtbegroting/{round_.pk}/")
    page.get_by_role("button", name="Stemmen sluiten en uitslag berekenen").click()
    page.goto(f"/meedoen/buurtbegroting/{round_.pk}/uitslag/")
    assert heading(page) == "Uitslag Buurtbudget Oost"
    row = page.get_by_role("row", name=re.compile("^Oosterpark"))
    cells = [row.get_by_role("cell").nth(i).inner_text() for i in range(3)]
    assert cells == ["1", "€ 800", "€ 1.000"]  # the cap kept the second project out
    assert_accessible(page)
    page.get_by_role("button", name="English").click()
    assert page.get_by_role("heading", name="Spending per area and theme").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Nederlands").click()


def test_an_initiative_gets_its_yes_and_a_grant_and_a_bid_gets_a_reasoned_decision(
    page, assert_accessible, town
):
    officer, initiator, neighbour = town["officer"], town["proposer"], town["voter"]

    # A resident registers an initiative; the municipality says yes and awards a grant.
    log_in(page, initiator)
    page.goto("/meedoen/initiatieven/")
    assert_accessible(page)
    page.get_by_role("link", name="Start een initiatief").click()
    page.get_by_label("Naam van het initiatief").fill("Repair café Oosterpark")
    page.get_by_label("Wat gaat u doen?").fill("Elke maand samen spullen repareren.")
    page.get_by_label("Wie zijn jullie?").fill("Buurtgroep Heel")
    page.get_by_label("In welke wijk?").select_option(label="Oosterpark")
    page.get_by_label("Wij zoeken een ruimte").check()
    assert_accessible(page)
    page.get_by_role("button", name="Initiatief indienen").click()
    assert heading(page) == "Repair café Oosterpark"
    assert_accessible(page)
    initiative_url = page.url
    log_out(page)

    log_in(page, officer)
    page.goto(initiative_url)
    page.get_by_role("link", name="Antwoord geven").click()
    assert_accessible(page)
    page.get_by_label("Ja (eventueel met voorwaarden)").check()
    page.get_by_label("Voorwaarden of uitleg (wordt gepubliceerd)").fill(
        "Ja. Het buurthuis heeft op zaterdag een zaal vrij."
    )
    page.get_by_role("button", name="Antwoord publiceren").click()
    assert "buurthuis heeft op zaterdag" in page.content()
    page.get_by_role("link", name="Startsubsidie toekennen").click()
    page.get_by_label("Bedrag in hele euro's").fill("750")
    page.get_by_label("Waarvoor is het geld?").fill("Gereedschap en koffie.")
    page.get_by_label("Resultaten melden vóór").fill("2099-12-31")
    page.get_by_label("Effect 1: wat willen jullie bereiken?").fill("Bezoekers per maand")
    page.get_by_label("Effect 1: doel (aantal)").fill("20")
    assert_accessible(page)
    page.get_by_role("button", name="Toekennen").click()
    assert heading(page) == "Repair café Oosterpark"
    log_out(page)

    # The initiators report what they reached: the initiative is shown as proven.
    log_in(page, initiator)
    page.goto(initiative_url)
    page.get_by_role("link", name="Resultaten melden").click()
    page.get_by_label(re.compile("^Bezoekers per maand: bereikt")).fill("26")
    assert_accessible(page)
    page.get_by_role("button", name="Resultaten opslaan").click()
    assert "Alle afgesproken effecten zijn bereikt." in page.content()
    assert_accessible(page)

    # Right to challenge: residents bid for a task, criteria first, then a decision.
    page.goto("/meedoen/uitdaagrecht/")
    assert_accessible(page)
    page.get_by_role("link", name="Doe een bod").click()
    page.get_by_label("Naam van uw bod").fill("Groenonderhoud Oosterpark")
    page.get_by_label("Welke taak van de gemeente willen jullie overnemen?").fill(
        "Het onderhoud van de plantsoenen."
    )
    page.get_by_label("Hoe gaan jullie het doen, en waarom beter?").fill(
        "Bewoners onderhouden de plantsoenen samen met een hovenier uit de buurt."
    )
    page.get_by_label("Naam van jullie groep").fill("Groen Collectief")
    page.get_by_label("Welk budget per jaar vragen jullie (hele euro's)?").fill("40000")
    assert_accessible(page)
    page.get_by_role("button", name="Bod indienen").click()
    assert heading(page) == "Groenonderhoud Oosterpark"
    challenge_url = page.url
    log_out(page)

    log_in(page, neighbour)
    page.goto(challenge_url)
    page.get_by_role("button", name="Ik doe mee met dit bod").click()
    # Wait for the page after the POST and its redirect (page.content() would not wait).
    expect(page.get_by_text("U doet mee met dit bod.").first).to_be_visible()
    log_out(page)

    log_in(page, officer)
    page.goto(challenge_url)
    page.get_by_role("link", name="Criteria publiceren").click()
    page.get_by_label("Wat de gemeente er nu per jaar aan uitgeeft").fill("45000")
    page.get_by_label("Criterium 1", exact=True).fill("Kwaliteit van het groen")
    assert_accessible(page)
    page.get_by_role("button", name="Criteria publiceren").click()
    page.get_by_role("link", name="Besluit nemen").click()
    page.get_by_label("Toekennen: de groep neemt de taak en het budget over").check()
    page.get_by_label("Ja", exact=True).check()
    page.get_by_label("Beoordeling bij 'Kwaliteit van het groen'").fill(
        "Een hovenier begeleidt het werk."
    )
    page.get_by_label("Redenen (worden gepubliceerd)").fill(
        "Het bod is goedkoper en de buurt doet zelf mee."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Besluit publiceren").click()
    assert heading(page) == "Groenonderhoud Oosterpark"
    assert "Het bod is goedkoper en de buurt doet zelf mee." in page.content()
    assert_accessible(page)
