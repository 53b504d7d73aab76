"""DigiD and eHerkenning development logins, the services verbs behind every login, and
production settings refusing the development logins."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from leefwereld.connections import identity
from leefwereld.connections.models import OrganisationAccount, OrganisationIdentity, StaffGroup
from leefwereld.core.models import Membership, Resident
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import OrganisationFactory, ResidentFactory, UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[4]


def digid_development_login(client: Client, bsn: str, next_url: str = "/"):
    """The library's own DigiD development flow, step by step, as a browser follows it."""
    start = client.get("/digid/login/", {"next": next_url})
    assert start.status_code == 302
    idp = urlsplit(start["Location"])
    params = {k: v[0] for k, v in parse_qs(idp.query).items()}
    form_url = "/digid-ontwikkel/inloggen_bsn/?" + idp.query
    assert client.get(form_url).status_code == 200
    to_acs = client.post(form_url, {"auth_bsn": bsn})
    assert to_acs.status_code == 302, to_acs.content[:500]
    acs = urlsplit(to_acs["Location"])
    assert acs.path == "/digid/acs/" and params["acs"].endswith("/digid/acs/")
    return client.get(acs.path + "?" + acs.query)


def test_a_resident_who_never_logged_in_gets_an_account_at_the_first_digid_login():
    resident = ResidentFactory()
    client = Client()

    response = digid_development_login(client, resident.bsn)

    resident.refresh_from_db()
    assert response.status_code == 302 and resident.user is not None
    assert resident.user.role == Role.RESIDENT and not resident.user.has_usable_password()
    home = client.get("/", follow=True)
    assert home.redirect_chain[-1][0].endswith("/mijn-leefwereld/")
    assert resident.given_names in home.content.decode()
    # The second login uses the same account.
    client.logout()
    digid_development_login(client, resident.bsn)
    assert Resident.objects.get(pk=resident.pk).user_id == resident.user_id


def test_an_unknown_bsn_gets_no_account(settings):
    settings.BRP_API_URL = ""
    client = Client()

    response = digid_development_login(client, "999993653")

    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_a_resident_the_brp_registers_as_deceased_cannot_log_in():
    from django.utils import timezone

    from leefwereld.connections.models import BrpStatus

    resident = ResidentFactory()
    BrpStatus.objects.create(
        resident=resident,
        deceased_on=timezone.localdate(),
        fingerprint="x",
        synced_at=timezone.now(),
    )

    assert identity.resident_account(resident.bsn) is None


def test_the_digid_development_login_refuses_when_switched_off(settings):
    resident = ResidentFactory()
    settings.LEEFWERELD_DEVELOPMENT_LOGINS = False
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    assert authenticate(RequestFactory().get("/digid/acs/"), bsn=resident.bsn) is None


def test_a_provider_logs_in_with_eherkenning_development_login_rights_from_memberships():
    organisation = OrganisationFactory(kind="care_provider", name="Zorg Zuid")
    OrganisationIdentity.objects.create(organisation=organisation, kvk_number="12345678")
    client = Client()

    response = client.post(
        "/koppelingen/eherkenning-ontwikkel/",
        {"kvk": "12345678", "branch": "000012345678", "subject": "medewerker-7"},
    )

    assert response.status_code == 302
    account = OrganisationAccount.objects.get()
    assert account.user.role == Role.PROVIDER and account.identity.organisation == organisation
    # eHerkenning gives no rights: the organisation's administrator gives a membership.
    assert not Membership.objects.filter(user=account.user).exists()
    again = Client()
    again.post(
        "/koppelingen/eherkenning-ontwikkel/",
        {"kvk": "12345678", "branch": "000012345678", "subject": "medewerker-7"},
    )
    assert OrganisationAccount.objects.count() == 1


def test_an_unknown_kvk_number_is_refused_with_a_message():
    response = Client().post(
        "/koppelingen/eherkenning-ontwikkel/", {"kvk": "87654321", "subject": "iemand"}
    )

    assert response.status_code == 403
    assert "niet aan een organisatie in Leefwereld gekoppeld" in response.content.decode()


def test_the_eherkenning_form_names_a_bad_kvk_number():
    response = Client().post("/koppelingen/eherkenning-ontwikkel/", {"kvk": "123", "subject": "x"})

    assert "Een KvK-nummer heeft 8 cijfers." in response.content.decode()


def test_the_group_claim_gives_role_and_memberships_and_keeps_them_in_step():
    team = OrganisationFactory(name="Wijkteam Noord")
    other = OrganisationFactory(name="Wijkteam Zuid")
    by_hand = OrganisationFactory(name="Schuldhulp")
    StaffGroup.objects.create(group="wijkteam-noord", role=Role.PROFESSIONAL, organisation=team)
    StaffGroup.objects.create(group="wijkteam-zuid", role=Role.PROFESSIONAL, organisation=other)
    StaffGroup.objects.create(group="teamleiders", role=Role.TEAM_LEAD, priority=10)
    claims = {"sub": "abc", "email": "a@gemeente.example", "groups": ["wijkteam-noord"]}

    user = identity.staff_account(claims)
    Membership.objects.create(user=user, organisation=by_hand)

    assert user.role == Role.PROFESSIONAL
    assert set(Membership.objects.filter(user=user).values_list("organisation", flat=True)) == {
        team.pk,
        by_hand.pk,
    }
    user = identity.staff_account({**claims, "groups": ["wijkteam-zuid", "teamleiders"]})
    assert user.role == Role.TEAM_LEAD
    assert set(Membership.objects.filter(user=user).values_list("organisation", flat=True)) == {
        other.pk,
        by_hand.pk,
    }
    assert identity.staff_account({**claims, "groups": ["kantine"]}) is None


def test_a_group_that_maps_to_a_resident_role_never_gives_a_staff_login():
    StaffGroup.objects.create(group="iedereen", role=Role.RESIDENT)

    assert identity.staff_account({"sub": "x", "groups": ["iedereen"]}) is None


def test_an_existing_password_account_is_not_taken_over_by_a_digid_login():
    resident = ResidentFactory(user=UserFactory(role=Role.PROFESSIONAL))

    assert identity.resident_account(resident.bsn) is None


@pytest.mark.parametrize("asked", ["1", "true"])
def test_production_settings_refuse_the_development_logins(asked):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "leefwereld.conf.production",
        "SECRET_KEY": "x" * 50,
        "LEEFWERELD_MASTER_KEY": "a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2s=",
        "LEEFWERELD_DEBT_FUND_IBAN": "NL91ABNA0417164300",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:5432/none",
        "LEEFWERELD_DEVELOPMENT_LOGINS": asked,
    }
    code = "import django; django.setup()"
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode != 0
    assert "LEEFWERELD_DEVELOPMENT_LOGINS is set" in result.stderr


def test_production_settings_without_the_switch_have_no_development_login_routes():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "leefwereld.conf.production",
        "SECRET_KEY": "x" * 50,
        "LEEFWERELD_MASTER_KEY": "a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2s=",
        "LEEFWERELD_DEBT_FUND_IBAN": "NL91ABNA0417164300",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:5432/none",
    }
    env.pop("LEEFWERELD_DEVELOPMENT_LOGINS", None)
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings; from django.urls import resolve, Resolver404\n"
        "assert settings.LEEFWERELD_DEVELOPMENT_LOGINS is False\n"
        "for path in ('/digid-ontwikkel/inloggen_bsn/', '/koppelingen/eherkenning-ontwikkel/'):\n"
        "    try:\n        resolve(path)\n        raise SystemExit('routed: ' + path)\n"
        "    except Resolver404:\n        pass\n"
        "print('refused')\n"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "refused" in result.stdout
