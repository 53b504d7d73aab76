"""The vault in a real browser: a resident grants access, a professional reads, the resident
revokes, the professional is refused, and the resident sees both in the log. Every vault
page passes axe-core's WCAG 2.1 AA rules."""

import re

import pytest
from playwright.sync_api import expect

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import PASSWORD, ResidentFactory, UserFactory
from leefwereld.vault.tests.factories import (
    AccessRequestFactory,
    BreakGlassFactory,
    GrantFactory,
    ResidentWithAccountFactory,
    store_record,
    team_for,
    worker,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.context.clear_cookies()
    page.goto("/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def heading(page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def test_grant_read_revoke_refuse_and_both_events_in_the_residents_log(page, assert_accessible):
    resident = ResidentWithAccountFactory(given_names="Noor", surname_prefix="", surname="Bakker")
    team = team_for(resident, "Wijkteam Noord")
    professional = worker(team)  # Marieke de Vries
    store_record(
        resident, "finance", "Overzicht van mijn schulden", "Energie 640 euro, huur 780 euro"
    )
    store_record(resident, "health", "Huisarts", "Alleen voor mij")

    # The resident gives the neighbourhood team access to money matters.
    log_in(page, resident.user)
    page.get_by_role("link", name="Mijn gegevens").first.click()
    assert heading(page) == "Mijn gegevens"
    assert_accessible(page)
    page.get_by_role("link", name="Wie mag mijn gegevens zien?").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Iemand toegang geven").click()
    assert heading(page) == "Iemand toegang geven"
    assert_accessible(page)
    page.get_by_label("Wie krijgt toegang?").select_option(label="Wijkteam Noord")
    page.get_by_label("Geld en schulden").check()
    page.get_by_label("Waarvoor?").fill("schuldhulp")
    page.get_by_role("button", name="Toegang geven").click()
    expect(
        page.get_by_role("status").filter(has_text="Wijkteam Noord heeft nu toegang")
    ).to_be_visible()
    assert_accessible(page)

    # The professional finds Noor in the caseload and reads only money matters.
    log_in(page, professional)
    page.get_by_role("link", name="Mijn cliënten").first.click()
    assert heading(page) == "Mijn cliënten"
    assert_accessible(page)
    page.get_by_role("link", name="Noor Bakker").click()
    expect(page.get_by_text("Energie 640 euro, huur 780 euro")).to_be_visible()
    expect(page.get_by_text("Alleen voor mij")).to_have_count(0)
    assert_accessible(page)
    records_url = page.url

    # The resident revokes with one button.
    log_in(page, resident.user)
    page.goto("/mijn-gegevens/toegang/")
    page.get_by_role("button", name="Toegang stoppen voor Wijkteam Noord").click()
    expect(page.get_by_role("status").filter(has_text="is gestopt")).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("Gestopt op"))).to_be_visible()
    assert_accessible(page)

    # The professional is refused at once.
    log_in(page, professional)
    page.goto(records_url)
    assert heading(page) == "U heeft geen toegang tot deze gegevens"
    expect(page.get_by_text("Energie 640 euro")).to_have_count(0)
    assert_accessible(page)

    # The resident sees the read and the refusal.
    log_in(page, resident.user)
    page.get_by_role("link", name="Wie keek in mijn gegevens?").first.click()
    assert heading(page) == "Wie keek in mijn gegevens?"
    log = page.locator("ol.vault-log")
    expect(
        log.get_by_text(
            re.compile(
                r"Marieke de Vries \(Wijkteam Noord\) las uw gegevens over Geld en schulden "
                r"op .*, voor: schuldhulp\."
            )
        )
    ).to_be_visible()
    expect(
        log.get_by_text(re.compile(r"Marieke de Vries \(Wijkteam Noord\) probeerde uw gegevens"))
    ).to_be_visible()
    assert_accessible(page)


def test_every_other_vault_page_is_accessible(page, assert_accessible):
    resident = ResidentWithAccountFactory(given_names="Noor", surname_prefix="", surname="Bakker")
    ResidentFactory(household=resident.household, legal_representative=resident, given_names="Sem")
    team = team_for(resident, "Wijkteam Noord")
    professional = worker(team)
    record = store_record(resident, "finance", "Overzicht", "Energie 640 euro")
    store_record(
        resident,
        "family",
        "Jeugdhulp",
        "Dossier",
        retention_law="Jeugdwet art. 7.3.8",
        retention_until="2045-01-01",
    )
    GrantFactory(resident=resident, grantee_organisation=team, read_write=True)
    GrantFactory(resident=resident, expired=True)
    AccessRequestFactory(resident=resident, requested_by=professional, organisation=team)
    BreakGlassFactory(
        resident=resident, actor=professional, reason="Acute crisis, huisarts niet bereikbaar."
    )

    log_in(page, resident.user)
    for path in (
        f"/mijn-gegevens/gegevens/{record.pk}/",
        f"/mijn-gegevens/gegevens/{record.pk}/verwijderen/",
        "/mijn-gegevens/gegevens/nieuw/",
        "/mijn-gegevens/toegang/",
        "/mijn-gegevens/netwerk/",
        "/mijn-gegevens/downloaden/",
        "/mijn-gegevens/logboek/?eigen=1",
    ):
        page.goto(path)
        assert_accessible(page)
    # A form with errors is accessible too.
    page.goto("/mijn-gegevens/toegang/nieuw/")
    page.get_by_role("button", name="Toegang geven").click()
    assert_accessible(page)
    # A parent switches to their child's vault.
    page.goto("/mijn-gegevens/")
    page.get_by_label("U bekijkt de gegevens van").select_option(index=1)
    page.get_by_role("button", name="Wissel").click()
    assert_accessible(page)

    log_in(page, professional)
    for path in (
        "/mijn-gegevens/werk/",
        "/mijn-gegevens/werk/zoeken/",
        f"/mijn-gegevens/inzage/{resident.pk}/",
        f"/mijn-gegevens/inzage/{resident.pk}/verzoek/",
        f"/mijn-gegevens/inzage/{resident.pk}/noodtoegang/",
    ):
        page.goto(path)
        assert_accessible(page)

    log_in(page, worker(team, role=Role.TEAM_LEAD, first_name="Sandeep"))
    page.goto(f"/mijn-gegevens/inzage/{resident.pk}/grondslag/")
    assert_accessible(page)

    log_in(page, UserFactory(role=Role.OMBUDSMAN, first_name="Henk"))
    page.get_by_role("link", name="Noodtoegang controleren").first.click()
    expect(page.get_by_text("Acute crisis, huisarts niet bereikbaar.")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto("/mijn-gegevens/uitnodiging/verlopen-token/")
    assert heading(page) == "Deze uitnodiging werkt niet meer"
    assert_accessible(page)
