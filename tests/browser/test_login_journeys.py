"""Going live (issue 17): a resident through the DigiD development login, a staff member
through a real OpenID Connect provider on loopback, a provider through the eHerkenning
development login — each landing on their own start page, axe-core on our pages."""

from __future__ import annotations

import json

import pytest

from leefwereld.connections.models import OrganisationIdentity, StaffGroup
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    OrganisationFactory,
    ResidentFactory,
    TeamFactory,
)
from tests.servers.process import running

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_who_never_used_the_platform_logs_in_with_digid(page, assert_accessible):
    anna = ResidentFactory(given_names="Anna", surname_prefix="", surname="Jansen")
    ResidentFactory(household=anna.household, given_names="Daan", surname="Jansen")
    TeamFactory(neighbourhoods=[anna.household.address.neighbourhood])

    page.goto("/account/inloggen/")
    assert page.get_by_text("Ontwikkel-login: geen echte DigiD.").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Inloggen met DigiD").click()
    # The library's own development "DigiD" (not ours): choose the BSN login, type the BSN.
    page.locator("#authentication_type_account_basis").click()
    page.locator("input[name=auth_bsn]").fill(anna.bsn)
    page.locator("#new_authentication [type=submit]").click()

    page.wait_for_url("**/mijn-leefwereld/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn leefwereld"
    assert page.get_by_text("Daan", exact=False).first.is_visible()
    assert_accessible(page)


def test_a_provider_logs_in_with_the_eherkenning_development_login(page, assert_accessible):
    provider = OrganisationFactory(kind="care_provider", name="Zorg aan Zee")
    OrganisationIdentity.objects.create(organisation=provider, kvk_number="12345678")

    page.goto("/account/inloggen/")
    page.get_by_role("link", name="Inloggen met eHerkenning").click()
    assert page.get_by_text("Dit is geen echte eHerkenning.").is_visible()
    assert_accessible(page)
    page.get_by_label("KvK-nummer (8 cijfers)").fill("1234")
    page.get_by_label("Pseudoniem van de medewerker").fill("medewerker-3")
    page.get_by_role("button", name="Inloggen als organisatie").click()
    assert page.get_by_text("Een KvK-nummer heeft 8 cijfers.").is_visible()
    assert_accessible(page)
    page.get_by_label("KvK-nummer (8 cijfers)").fill("12345678")
    page.get_by_role("button", name="Inloggen als organisatie").click()

    page.wait_for_url("**/mijn-werk/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn werk"
    assert_accessible(page)


@pytest.fixture
def identity_provider(live_server, tmp_path, settings):
    users = [
        {
            "username": "noor",
            "password": "idp-wachtwoord-1",
            "email": "noor@teststad.example",
            "first_name": "Noor",
            "last_name": "El Amrani",
            "groups": ["sociaal-wijkteam-noord"],
        }
    ]
    args = [
        "tests/servers/oidc_provider/run.py",
        "--db",
        str(tmp_path / "op.sqlite3"),
        "--redirect-uri",
        f"{live_server.url}/oidc/callback/",
        "--client-id",
        "leefwereld",
        "--client-secret",
        "browser-secret",
        "--users",
        json.dumps(users),
    ]
    with running(args, timeout=120) as url:
        settings.OIDC_RP_CLIENT_ID = "leefwereld"
        settings.OIDC_RP_CLIENT_SECRET = "browser-secret"
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{url}/authorize"
        settings.OIDC_OP_TOKEN_ENDPOINT = f"{url}/token"
        settings.OIDC_OP_USER_ENDPOINT = f"{url}/userinfo"
        settings.OIDC_OP_JWKS_ENDPOINT = f"{url}/jwks"
        settings.LEEFWERELD_OIDC_IDP_ENFORCES_SECOND_FACTOR = True
        yield url


def test_a_staff_member_logs_in_through_the_municipalitys_identity_provider(
    page, assert_accessible, identity_provider
):
    team = TeamFactory()
    StaffGroup.objects.create(
        group="sociaal-wijkteam-noord", role=Role.PROFESSIONAL, organisation=team.organisation
    )

    page.goto("/account/inloggen/")
    assert_accessible(page)
    page.get_by_role("link", name="Inloggen met uw account van de gemeente").click()
    page.get_by_label("Gebruikersnaam").fill("noor")
    page.get_by_label("Wachtwoord").fill("idp-wachtwoord-1")
    page.get_by_role("button", name="Inloggen").click()

    page.wait_for_url("**/mijn-werk/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn werk"
    assert page.get_by_text(team.organisation.name).first.is_visible()
    assert_accessible(page)
