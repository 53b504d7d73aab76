"""The ombudsman desk in a real browser: a resident complains without logging in and keeps
the receipt; the ombudsman hands the complaint to the action team; the daily tick marks it
late; the action team resolves it; the resident, still without login, says they are
satisfied; the ombudsman turns the resolved case into a signal to policy, which a council
member then reads. axe-core (WCAG 2.1 AA) on every page."""

import datetime

import pytest
from django.utils import timezone

from leefwereld.core.models import Organisation
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from leefwereld.ombudsman import services
from leefwereld.ombudsman.models import Category, Complaint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.goto("/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def log_out(page):
    page.get_by_role("button", name="Uitloggen").click()


def follow(page, number, code):
    page.goto("/klachten/volgen/")
    page.get_by_label("Zaaknummer").fill(number)
    page.get_by_label("Geheime code (op uw ontvangstbevestiging)").fill(code)
    page.get_by_role("button", name="Bekijken").click()


def test_a_complaint_without_login_goes_to_the_action_team_escalates_and_becomes_policy(
    page, assert_accessible
):
    regie = OrganisationFactory(name="Regieteam Gemeente", kind=Organisation.Kind.MUNICIPALITY)
    main = Category.objects.create(name="Bereikbaarheid")
    sub = Category.objects.create(name="Niet teruggebeld", parent=main)
    ombudsman = UserFactory(role=Role.OMBUDSMAN, first_name="Henk", last_name="Visser")
    regisseur = UserFactory(role=Role.PROFESSIONAL, first_name="Ilse", last_name="Regie")
    MembershipFactory(user=regisseur, organisation=regie)
    council = UserFactory(role=Role.COUNCIL_MEMBER, first_name="Jeroen", last_name="Smit")

    # A resident complains without logging in; a missing way to answer is named.
    page.goto("/klachten/")
    assert page.get_by_role("heading", level=1).inner_text() == "Een klacht indienen"
    assert_accessible(page)
    page.get_by_label("de gemeente").check()
    page.get_by_label("Onderwerp").select_option(str(sub.pk))
    page.get_by_label("Uw klacht in één zin").fill("Niemand belt mij terug")
    page.get_by_label("Wat is er gebeurd?").fill("Ik heb drie keer gebeld over mijn Wmo-aanvraag.")
    page.get_by_label("Uw naam").fill("Noor Bakker")
    page.get_by_role("button", name="Klacht versturen").click()
    assert "Vul een e-mailadres of een telefoonnummer in." in page.content()
    assert_accessible(page)
    page.get_by_label("Uw e-mailadres").fill("noor@example.org")
    page.get_by_role("button", name="Klacht versturen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Uw klacht is ontvangen"
    assert_accessible(page)
    complaint = Complaint.objects.get()
    number = page.locator("dd strong").nth(0).inner_text()
    code = page.locator("dd strong").nth(1).inner_text()
    assert number == complaint.number
    assert complaint.deadline.strftime("%Y") in page.content()

    follow(page, number, code)
    assert "ontvangen" in page.content()
    assert_accessible(page)

    # The ombudsman hands it to the action team (the regie team).
    log_in(page, ombudsman)
    page.goto("/klachten/balie/")
    assert_accessible(page)
    page.get_by_role("link", name=number).click()
    assert "Noor Bakker" in page.content()  # the contact details, for the ombudsman only
    assert_accessible(page)
    page.get_by_label("Naar het actieteam").check()
    page.get_by_role("button", name="Stap vastleggen").click()
    assert "De stap is vastgelegd." in page.content()
    assert "Regieteam Gemeente" in page.content()
    assert_accessible(page)

    # The deadline passes: the daily tick marks it late, and the desk says so.
    services.tick(
        timezone.make_aware(
            datetime.datetime.combine(
                complaint.deadline + datetime.timedelta(days=1), datetime.time(6)
            )
        )
    )
    page.goto("/klachten/balie/?status=late")
    assert number in page.content() and "te laat" in page.content()
    assert_accessible(page)
    log_out(page)

    # The action team cannot refuse: it resolves the case and reports back.
    log_in(page, regisseur)
    page.goto("/klachten/actieteam/")
    assert_accessible(page)
    page.get_by_role("link", name=f"{number}: Niemand belt mij terug").click()
    assert_accessible(page)
    page.get_by_label("Wat heeft het actieteam gedaan?").fill(
        "Wmo-consulent belt binnen twee dagen; vaste contactpersoon afgesproken."
    )
    page.get_by_role("button", name="Opgelost: terug naar de ombudsman").click()
    assert "Vastgelegd. De ombudsman beantwoordt de klacht." in page.content()
    log_out(page)

    # The ombudsman answers and tags the cause.
    log_in(page, ombudsman)
    page.goto(f"/klachten/balie/{complaint.pk}/")
    page.get_by_label("Antwoord versturen").check()
    page.get_by_label("Toelichting of antwoord").fill("U krijgt een vaste contactpersoon.")
    page.get_by_role("button", name="Stap vastleggen").click()
    page.get_by_label("Beleidsoorzaak").select_option("reachability")
    page.get_by_role("button", name="Oorzaak vastleggen").click()
    assert "De beleidsoorzaak is vastgelegd." in page.content()
    log_out(page)

    # The resident, without login, reads the answer and is satisfied.
    follow(page, number, code)
    assert "U krijgt een vaste contactpersoon." in page.content()
    assert_accessible(page)
    page.get_by_label("Ja, de klacht mag worden afgesloten").check()
    page.get_by_role("button", name="Reactie versturen").click()
    assert "Dank u voor uw reactie." in page.content()
    assert "afgesloten" in page.content()

    # The resolved case becomes a signal to policy.
    log_in(page, ombudsman)
    page.goto(f"/klachten/balie/{complaint.pk}/")
    page.get_by_role("link", name="Maak van deze klacht een signaal aan beleid").click()
    assert_accessible(page)
    assert (
        page.get_by_label("Zaaknummers van de klachten (gescheiden door komma's)").input_value()
        == number
    )
    page.get_by_label("Titel", exact=True).fill("Wmo-consulenten slecht bereikbaar")
    page.get_by_label("Aanbeveling aan de gemeente").fill(
        "Geef iedere Wmo-aanvrager een vaste contactpersoon met een terugbelbelofte."
    )
    page.get_by_role("button", name="Signaal versturen").click()
    assert "Het signaal is naar de gemeente en de raad gestuurd." in page.content()
    assert_accessible(page)
    log_out(page)

    # A council member sees the signal (case numbers only) and the quarterly report.
    log_in(page, council)
    page.goto("/klachten/signalen/")
    assert_accessible(page)
    page.get_by_role("link", name="Wmo-consulenten slecht bereikbaar").click()
    assert number in page.content()
    assert "Noor Bakker" not in page.content()
    assert "nog geen opvolging" in page.content()
    assert_accessible(page)
    page.goto("/klachten/rapportage/")
    assert "niet getoond" in page.content()  # one complaint: hidden from the council
    assert_accessible(page)
    page.goto("/klachten/patronen/")
    assert_accessible(page)
