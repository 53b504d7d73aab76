"""The debt fund in a real browser: a landlord's signal becomes an outreach case, a debt
case, an inventory, offers, a takeover within the four weeks, one arrangement, a goal
reached, and forgiveness the resident sees. axe-core (WCAG 2.1 AA) on every page."""

import datetime

import pytest
from django.utils import timezone

from leefwereld.core.models import Organisation
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    ResidentFactory,
    UserFactory,
)
from leefwereld.debts import signals
from leefwereld.debts.models import DebtCase, Sector
from leefwereld.debts.tests.factories import CreditorFactory, debt_officer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.goto("/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def click(page, name: str) -> None:
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def test_a_signal_ends_in_forgiveness_the_resident_sees(page, assert_accessible):
    officer = debt_officer(first_name="Dana", last_name="de Fonds")
    resident = ResidentFactory(given_names="Fatima", user=UserFactory(role=Role.RESIDENT))
    landlord = CreditorFactory(
        sector=Sector.LANDLORD,
        organisation=OrganisationFactory(
            kind=Organisation.Kind.HOUSING_CORPORATION, name="Woonstad"
        ),
    )
    CreditorFactory(
        sector=Sector.ENERGY,
        organisation=OrganisationFactory(kind=Organisation.Kind.UTILITY, name="Stroomgoed"),
    )
    csv = (
        ";".join(signals.COLUMNS)
        + "\n"
        + ";".join(
            [
                "WS-001",
                "1.250,00",
                "2026-08-01",
                "2026-10-01",
                "nee",
                resident.bsn,
                "F",
                "de",
                resident.surname,
                "",
                "",
                "",
                "",
            ]
        )
        + "\n"
    )

    # 1. Signals: the officer reads the landlord's file.
    log_in(page, officer)
    page.get_by_role("link", name="Schuldenfonds").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Schuldenfonds"
    assert_accessible(page)
    page.get_by_role("link", name="Signalen inlezen en controleren").click()
    assert_accessible(page)
    page.get_by_label("Van welke signaalpartner komt het bestand?").select_option(label="Woonstad")
    page.get_by_label("Bestand met signalen (CSV)").set_input_files(
        {"name": "signalen.csv", "mimeType": "text/csv", "buffer": csv.encode()}
    )
    click(page, "Inlezen")
    assert "1 signalen ingelezen: 1 gekoppeld" in page.content()

    # 2. Outreach: one case for the household; contact; the resident wants help.
    page.goto("/schulden/vroegsignalering/")
    assert_accessible(page)
    page.get_by_role("link", name="Vroegsignaalzaak").first.click()
    assert_accessible(page)
    page.get_by_label("Hoe?").select_option("phone")
    page.get_by_label("We hebben iemand gesproken").check()
    click(page, "Contactpoging vastleggen")
    assert "Het contact is vastgelegd" in page.content()
    click(page, "Schuldzaak openen")
    assert "is geopend" in page.content()
    assert_accessible(page)

    # 3. The case along the phases, the inventory in the vault.
    click(page, "Naar: Eerste gesprek")
    click(page, "Naar: Schulden op een rij")
    for creditor, amount in (("Woonstad", "5000"), ("Stroomgoed", "2500")):
        page.get_by_label("Schuldeiser", exact=True).select_option(label=creditor)
        page.get_by_label("Hoofdsom (€)").fill(amount)
        click(page, "Schuld toevoegen")
        assert "De schuld staat op de lijst" in page.content()
    assert_accessible(page)
    click(page, "Naar: Afloscapaciteit")
    assert "Het fonds neemt de schulden uiterlijk" in page.content()

    # 4. Payment capacity: no norm is confirmed for today; the page says so honestly.
    page.get_by_label("Leefsituatie").select_option("alleenstaande")
    page.get_by_label("Netto inkomen per maand, zonder toeslagen (€)").fill("1600")
    click(page, "Afloscapaciteit berekenen")
    assert "Voor vandaag is nog geen bijstandsnorm bekend" in page.content()
    page.get_by_label("Netto inkomen per maand, zonder toeslagen (€)").fill("1600")
    page.get_by_label("Reken met de laatst bekende bijstandsnorm", exact=False).check()
    click(page, "Afloscapaciteit berekenen")
    assert "De berekening, stap voor stap" in page.content()
    assert "(onzeker)" in page.content()
    assert_accessible(page)

    # 5. Offers to every creditor, answers, payment, takeover within the clock.
    click(page, "Naar: Plan van aanpak")
    click(page, "Naar: Stabilisatie en overname")
    click(page, "Doe alle schuldeisers een aanbod")
    # The fund's four weeks run from registration (20 working days, holidays skipped), so
    # the days left depend on today's date: counted from the case's own deadline.
    case = DebtCase.objects.get()
    days_left = (case.takeover_due - timezone.localdate()).days
    assert 20 <= days_left <= 34
    assert f"Nog {days_left} dagen" in page.content()
    assert_accessible(page)
    click(page, "Aanvaard door Woonstad")
    click(page, "Aanvaard door Stroomgoed")
    click(page, "Betaald aan Woonstad")
    click(page, "Betaald aan Stroomgoed")
    click(page, "Overname afronden en regeling maken")
    assert "Het fonds is nu de enige schuldeiser" in page.content()
    assert "binnen de vier weken" in page.content()

    # A repayment is booked once; the same form sent again books nothing twice.
    page.get_by_label("Bedrag (€)").fill("25,00")
    page.get_by_label("Ontvangen op").fill(datetime.date.today().isoformat())
    key = page.locator("input[name='submission']").input_value()
    click(page, "Aflossing boeken")
    assert "De aflossing is geboekt." in page.content()
    page.get_by_label("Bedrag (€)").fill("25,00")
    page.get_by_label("Ontvangen op").fill(datetime.date.today().isoformat())
    page.locator("input[name='submission']").evaluate("(el, key) => el.value = key", key)
    click(page, "Aflossing boeken")
    assert "Deze aflossing was al geboekt" in page.content()
    assert_accessible(page)

    # 6. One arrangement; a goal agreed and reached: forgiveness.
    page.get_by_label("Doel", exact=True).select_option("budget_coaching")
    click(page, "Doel afspreken")
    click(page, "Doel behaald: Budgetcoaching gevolgd")
    assert "kwijtgescholden" in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Schuldenfonds").first.click()
    page.get_by_role("link", name="Het fonds in cijfers").click()
    assert page.get_by_role("heading", name="Proefbalans").is_visible()
    assert_accessible(page)
    click(page, "Uitloggen")

    # 7. The resident sees the calculation, the arrangement and the forgiveness.
    log_in(page, resident.user)
    page.get_by_role("link", name="Mijn schulden").click()
    assert_accessible(page)
    text = page.content()
    assert "U heeft al € " in text and "kwijtgescholden gekregen" in text
    assert "Hoeveel u kunt aflossen" in text
    click(page, "Uitloggen")

    # 8. The landlord learns only that its signal was picked up.
    partner = MembershipFactory(organisation=landlord.organisation).user
    log_in(page, partner)
    page.goto("/schulden/signaalpartner/")
    assert page.get_by_role("cell", name="WS-001").is_visible()
    assert page.get_by_role("cell", name="Ja", exact=True).is_visible()
    assert "Fatima" not in page.content()
    assert_accessible(page)


def test_walk_in_refusal_change_aftercare_and_escalation(page, assert_accessible):
    """A resident walks in; one creditor refuses (the dwangakkoord letters); the income
    drops (a new version of the arrangement); aftercare to the exit; and a late takeover
    that the team lead sees."""
    import datetime

    from leefwereld.core.actor import Actor
    from leefwereld.debts import services
    from leefwereld.debts.models import DebtCase, Phase

    officer = debt_officer(first_name="Dana", last_name="de Fonds")
    acting = Actor(officer, "journey")
    resident = ResidentFactory(given_names="Fatima", user=UserFactory(role=Role.RESIDENT))
    woonstad = CreditorFactory(
        organisation=OrganisationFactory(
            kind=Organisation.Kind.HOUSING_CORPORATION, name="Woonstad"
        ),
    )
    incasso = CreditorFactory(
        organisation=OrganisationFactory(kind=Organisation.Kind.OTHER_CREDITOR, name="Incasso BV")
    )

    # 1. Walk-in: the officer registers the resident at the desk.
    log_in(page, officer)
    page.goto("/schulden/")
    page.get_by_role("link", name="Aanmelding aan de balie").click()
    assert_accessible(page)
    page.get_by_label("BSN", exact=True).fill(resident.bsn)
    page.get_by_label("Geboortedatum").fill(resident.birth_date.isoformat())
    click(page, "Schuldzaak openen")
    assert "is geopend" in page.content()
    assert_accessible(page)

    # 2. The inventory and the offers (in services: the first journey does them by hand).
    case = DebtCase.objects.get(client=resident)
    today = services.today()
    services.advance(acting, case, Phase.FIRST_CONVERSATION, today)
    services.advance(acting, case, Phase.INVENTORY, today)
    for creditor, amount in ((woonstad, 400_000), (incasso, 100_000)):
        services.add_debt(
            acting,
            case,
            creditor,
            principal=amount,
            costs=0,
            interest=0,
            origin_date=None,
            stage="incasso",
            attachment=False,
            reference="",
            on=today,
        )
    services.advance(acting, case, Phase.CAPACITY, today)
    services.set_capacity(
        acting,
        case,
        services.CapacityInputs("alleenstaande", netto_inkomen=180_000),
        peildatum=today,
        allow_stale=True,
    )
    services.advance(acting, case, Phase.PLAN, today)
    services.advance(acting, case, Phase.STABILISATION, today)
    first, second = services.make_offers(acting, case, today)
    services.respond(acting, first, accepted=True, on=today)
    services.respond(acting, second, accepted=False, on=today)

    # 3. Incasso BV refuses: the letters for a dwangakkoord (Fw 287a).
    page.goto(f"/schulden/zaken/{case.pk}/")
    click(page, "Betaald aan Woonstad")
    page.get_by_role("link", name="Brieven voor het dwangakkoord (om te printen)").click()
    assert "artikel 287a" in page.content()
    assert page.get_by_role(
        "heading", name="Laatste verzoek: doe mee met de schuldregeling"
    ).is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Terug naar de zaak").click()
    click(page, "Overname afronden en regeling maken")
    assert "Het fonds is nu de enige schuldeiser" in page.content()
    # The court imposes the settlement: Incasso BV is taken over and paid as well.
    click(page, "Rechter legt dwangakkoord op aan Incasso BV")
    assert "De uitspraak van de rechter is vastgelegd" in page.content()
    click(page, "Betaald aan Incasso BV")
    assert "Dwangakkoord toegewezen" in page.content()
    assert_accessible(page)

    # 4. The income drops: a new version of the arrangement.
    page.get_by_label("Wat is er veranderd?").select_option("income_down")
    page.get_by_label("Leefsituatie").select_option("alleenstaande")
    page.get_by_label("Netto inkomen per maand, zonder toeslagen (€)").fill("1450")
    page.get_by_label("Reken met de laatst bekende bijstandsnorm", exact=False).check()
    click(page, "Regeling aanpassen")
    assert "De regeling is aangepast" in page.content()
    assert "Hoe de regeling veranderde" in page.content()
    assert_accessible(page)

    # 5. Paid off: aftercare, the checklist, the exit.
    arrangement = DebtCase.objects.get(pk=case.pk).arrangement
    balance = services.household_totals(case.household_id)["balance"]
    services.record_repayment(acting, arrangement, balance, today, "journey-all")
    page.reload()
    click(page, "Naar: Nazorg")
    assert page.get_by_role("heading", name="Nazorg").is_visible()
    assert_accessible(page)
    while page.get_by_role("button", name="Afvinken:", exact=False).count():
        page.get_by_role("button", name="Afvinken:", exact=False).first.click()
        page.wait_for_load_state()
    click(page, "Naar: Afgesloten")
    assert DebtCase.objects.get(pk=case.pk).phase == Phase.EXIT

    # 6. Another case runs past its four weeks: the daily job tells the team lead.
    other = services.open_case(acting, ResidentFactory(), registered_on=today, threatening=False)
    DebtCase.objects.filter(pk=other.pk).update(
        takeover_due=today - datetime.timedelta(days=3), phase=Phase.STABILISATION
    )
    services.escalate_overdue(today)
    page.goto("/schulden/")
    assert "Gemeld aan de teamleider" in page.content()
    click(page, "Uitloggen")
    lead = MembershipFactory(
        user=UserFactory(role=Role.TEAM_LEAD), organisation=case.organisation
    ).user
    log_in(page, lead)
    page.goto("/schulden/escalaties/")
    assert page.get_by_role("cell", name=other.reference).is_visible()
    assert_accessible(page)
    click(page, "Uitloggen")

    # 7. The resident sees the versions and the finished aftercare.
    log_in(page, resident.user)
    page.get_by_role("link", name="Mijn schulden").click()
    assert "Hoe de regeling veranderde" in page.content()
    assert "De schuldhulp is afgerond" in page.content()
    assert_accessible(page)


def test_a_bank_statement_is_read_an_open_line_resolved_and_the_resident_sees_it(
    page, assert_accessible, settings
):
    """The officer reads the fund's CAMT.053 statement: the credit naming the case is
    booked, one without a reference stays open and the officer books it to the case; the
    resident sees both payments arrive on their page."""
    from leefwereld import payments
    from leefwereld.core.actor import Actor
    from leefwereld.debts import services
    from leefwereld.debts.models import Phase

    settings.LEEFWERELD_DEBT_FUND_IBAN = "NL91ABNA0417164300"
    officer = debt_officer(first_name="Dana", last_name="de Fonds")
    acting = Actor(officer, "journey")
    resident = ResidentFactory(given_names="Fatima", user=UserFactory(role=Role.RESIDENT))
    creditor = CreditorFactory(
        organisation=OrganisationFactory(kind=Organisation.Kind.UTILITY, name="Stroomgoed")
    )
    today = services.today()
    case = services.open_case(acting, resident, registered_on=today, threatening=False)
    services.advance(acting, case, Phase.FIRST_CONVERSATION, today)
    services.advance(acting, case, Phase.INVENTORY, today)
    services.add_debt(
        acting,
        case,
        creditor,
        principal=200_000,
        costs=0,
        interest=0,
        origin_date=None,
        stage="incasso",
        attachment=False,
        reference="",
        on=today,
    )
    services.advance(acting, case, Phase.CAPACITY, today)
    services.set_capacity(
        acting,
        case,
        services.CapacityInputs("alleenstaande", netto_inkomen=180_000),
        peildatum=today,
        allow_stale=True,
    )
    services.advance(acting, case, Phase.PLAN, today)
    services.advance(acting, case, Phase.STABILISATION, today)
    (offer,) = services.make_offers(acting, case, today)
    services.respond(acting, offer, accepted=True, on=today)
    offer.refresh_from_db()
    services.mark_paid(acting, offer.instruction, today)
    services.complete_takeover(acting, case, today)
    statement = payments.camt053(
        "NL91ABNA0417164300",
        "DAG-1",
        datetime.datetime.combine(today, datetime.time(6)),
        [
            payments.Booking(
                today,
                1_000,
                payments.dutch_iban("RABO", 11),
                "F. Jansen",
                f"Aflossing {case.reference}",
                "BANK-1",
            ),
            payments.Booking(
                today,
                1_500,
                payments.dutch_iban("RABO", 12),
                "F. Jansen",
                "voor mijn schuld",
                "BANK-2",
            ),
        ],
    )

    # 1. The officer reads the statement: one booked, one to sort out.
    log_in(page, officer)
    page.goto("/schulden/")
    page.get_by_role("link", name="Aflossingen van de bank (bankafschrift inlezen)").click()
    assert_accessible(page)
    page.get_by_label(
        "Bankafschrift van de rekening van het fonds (CAMT.053, XML)"
    ).set_input_files({"name": "afschrift.xml", "mimeType": "application/xml", "buffer": statement})
    click(page, "Inlezen")
    assert "1 geboekt als aflossing, 1 om uit te zoeken" in page.content()
    assert page.get_by_role("heading", name="Nog uitzoeken").is_visible()
    assert "Geen zaaknummer, en de rekening is onbekend." in page.content()
    assert_accessible(page)

    # 2. The same file again books nothing twice.
    page.get_by_label(
        "Bankafschrift van de rekening van het fonds (CAMT.053, XML)"
    ).set_input_files({"name": "afschrift.xml", "mimeType": "application/xml", "buffer": statement})
    click(page, "Inlezen")
    assert "Dit afschrift was al ingelezen" in page.content()

    # 3. The officer books the open line to the case.
    page.get_by_label("Zaaknummer waarvoor deze betaling is (bijvoorbeeld SF-000054)").fill(
        case.reference
    )
    page.get_by_label("Toelichting").fill("Mevrouw belde: vergeten het zaaknummer te zetten")
    click(page, "Boeken als aflossing")
    assert f"geboekt als aflossing van {case.reference}" in page.content()
    assert "Alle bijschrijvingen zijn geboekt of uitgezocht." in page.content()
    assert_accessible(page)
    click(page, "Uitloggen")

    # 4. The resident sees the repayments arrive.
    log_in(page, resident.user)
    page.get_by_role("link", name="Mijn schulden").click()
    assert page.get_by_role("heading", name="Uw laatste betalingen aan het fonds").is_visible()
    assert page.get_by_text("€ 15,00 ontvangen op").is_visible()
    assert page.get_by_text("€ 10,00 ontvangen op").is_visible()
    assert_accessible(page)
