"""The money layer in a real browser, axe-core (WCAG 2.1 AA) on every page:

* a provider uploads a declaration file with two bad lines and sees why each was refused;
* a professional proposes a hardship payment, a mandated team lead grants it within the
  clock, the reserve shrinks and the council's page shows it under its blocking rule;
* a resident sees in plain Dutch what was granted, from whom and until when.
"""

import datetime

import pytest

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import PASSWORD, MembershipFactory, UserFactory, as_actor
from leefwereld.democracy.tests.factories import BlockingRuleFactory
from leefwereld.finance import services
from leefwereld.finance.models import BudgetYear, HardshipProposal
from leefwereld.finance.tests.factories import world
from leefwereld.vault.models import Category, LegalBasis

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.goto("/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def log_out(page):
    page.context.clear_cookies()


def _allocation(w):
    return services.allocate(
        as_actor(w.case.professional),
        w.decision,
        product_code="02A01",
        provider=w.provider,
        volume=3,
        unit="04",
        frequency="2",
        start=datetime.date(2026, 3, 2),
        end=datetime.date(2026, 8, 30),
        tariff_cents=6_500,
        purpose="thuis",
    )


def test_a_provider_uploads_declarations_with_two_bad_lines_and_sees_why(page, assert_accessible):
    w = world()
    a = _allocation(w)
    data = (
        "toewijzingnummer;productcode;begindatum;einddatum;aantal;tarief;bedrag\n"
        f"{a.pk};02A01;2026-04-01;2026-04-30;12;65,00;780,00\n"
        f"{a.pk};02A01;2026-05-01;2026-05-31;12;70,00;840,00\n"
        f"{a.pk};02A01;2026-09-01;2026-09-30;12;65,00;780,00\n"
    ).encode()
    log_in(page, w.provider_user)
    page.goto("/financien/aanbieder/")
    assert "Thuiszorg Zuid" in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page)
    page.get_by_label("CSV-bestand met declaratieregels").set_input_files(
        {"name": "november.csv", "mimeType": "text/csv", "buffer": data}
    )
    page.get_by_role("button", name="Bestand insturen").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Declaratie")
    table = page.get_by_role("table").inner_text()
    assert "R06" in table and "Het tarief is niet het tarief uit de toewijzing." in table
    assert "R04" in table and "buiten de looptijd" in table
    assert "1 (€ 780,00)" in page.locator("dl").inner_text()
    assert_accessible(page)


def test_hardship_is_proposed_granted_by_a_second_person_and_the_council_sees_it(
    page, assert_accessible
):
    w = world(amount=10_000_000)
    BudgetYear.objects.filter(year=2026).update(year=services.today().year)
    LegalBasis.objects.filter(resident=w.case.resident).update(
        categories=[Category.OTHER, Category.FINANCE]
    )
    rule = BlockingRuleFactory(
        municipality=w.case.team.municipality, title="Inkomensgrens telt eenmalige uitkering mee"
    )
    lead = MembershipFactory(organisation=w.case.team, user__role=Role.TEAM_LEAD).user
    council = UserFactory(role=Role.COUNCIL_MEMBER)

    # 1. The professional proposes.
    log_in(page, w.case.professional)
    page.goto(f"/financien/huishouden/{w.case.household.pk}/hardheid/")
    assert_accessible(page)
    page.get_by_label("Bedrag").fill("400")
    page.get_by_label("De regel die in de weg zit").select_option(label=rule.title)
    page.get_by_label("Waarom doet de regel hier pijn?").fill(
        "Door een eenmalige uitkering valt het gezin een jaar buiten de regeling."
    )
    page.get_by_label("Welke andere oplossingen zijn bekeken?").fill(
        "Bijzondere bijstand en het noodfonds; beide passen niet."
    )
    page.get_by_role("button", name="Voorstel indienen").click()
    page.wait_for_load_state()
    assert "gemandateerde collega" in page.content()
    assert "uw eigen voorstel" in page.get_by_role("table").inner_text()
    assert_accessible(page)
    proposal = HardshipProposal.objects.get()
    assert proposal.due_on > proposal.proposed_on
    log_out(page)

    # 2. The team lead (mandated) grants it within the clock.
    log_in(page, lead)
    page.goto("/financien/hardheid/")
    assert_accessible(page)
    page.get_by_role("button", name=f"Voorstel {proposal.pk} toekennen").click()
    page.wait_for_load_state()
    assert "Toegekend en betaald uit de reserve." in page.content()
    log_out(page)

    # 3. The council sees the reserve shrink and the money under its rule.
    log_in(page, council)
    page.goto("/financien/reserve/")
    reserve = services.reserve(BudgetYear.objects.get(year=services.today().year))
    assert reserve["used"] == 40_000
    assert page.locator("#reserve-saldo").inner_text() == "€ 4.600,00"
    table = page.get_by_role("table").inner_text()
    assert rule.title in table and "€ 400,00" in table
    assert w.case.resident.surname not in page.content()
    assert_accessible(page)


def test_a_resident_sees_what_was_granted_from_whom_until_when(page, assert_accessible):
    w = world()
    _allocation(w)
    log_in(page, w.case.resident.user)
    page.goto("/financien/mijn-toewijzingen/")
    text = page.get_by_role("main").inner_text()
    assert "Individuele begeleiding" in text
    assert "Thuiszorg Zuid geeft u 3 uur per week" in text and "30 augustus 2026" in text
    assert_accessible(page)


def test_the_professional_and_the_controller_pages_pass_axe(page, assert_accessible):
    """The pages the journeys above do not open: the professional's reassessments and
    allocation form, the controller's budget and declarations."""
    w = world()
    _allocation(w)
    log_in(page, w.case.professional)
    page.goto("/financien/herindicaties/")
    assert page.get_by_role("heading", level=1).inner_text() == "Herindicaties"
    assert_accessible(page)
    page.goto(f"/financien/besluit/{w.decision.pk}/toewijzen/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Toewijzing bij besluit")
    assert_accessible(page)
    log_out(page)
    log_in(page, UserFactory(role=Role.CONTROLLER))
    page.goto("/financien/begroting/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Integrale begroting")
    assert_accessible(page)
    page.goto("/financien/declaraties/")
    assert page.get_by_role("heading", level=1).inner_text() == "Declaraties en betaalbatches"
    assert_accessible(page)
