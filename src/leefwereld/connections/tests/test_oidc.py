"""Staff single sign-on end to end against a real OpenID Connect provider
(django-oidc-provider, its own process and database on loopback): authorization code
flow, RS256 ID token checked against the provider's JWKS, userinfo with the group claim."""

from __future__ import annotations

import json
import re

import pytest
import requests

from leefwereld.connections.models import StaffGroup
from leefwereld.core.models import Membership, User
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import OrganisationFactory
from tests.servers.process import running

CLIENT_ID, CLIENT_SECRET = "leefwereld", "local-test-secret"
STAFF = [
    {
        "username": "noor",
        "password": "idp-wachtwoord-1",
        "email": "noor@teststad.example",
        "first_name": "Noor",
        "last_name": "El Amrani",
        "groups": ["sociaal-wijkteam-noord"],
    },
    {"username": "kantine", "password": "idp-wachtwoord-2", "groups": ["kantine"]},
]


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory):
    database = tmp_path_factory.mktemp("op") / "op.sqlite3"
    args = [
        "tests/servers/oidc_provider/run.py",
        "--db",
        str(database),
        "--redirect-uri",
        f"{live_server.url}/oidc/callback/",
        "--client-id",
        CLIENT_ID,
        "--client-secret",
        CLIENT_SECRET,
        "--users",
        json.dumps(STAFF),
    ]
    with running(args, timeout=120) as url:
        yield url


@pytest.fixture
def sso(oidc_provider, settings):
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{oidc_provider}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{oidc_provider}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{oidc_provider}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{oidc_provider}/jwks"
    settings.LEEFWERELD_REQUIRE_SECOND_FACTOR = True
    return oidc_provider


def log_in(live_server, username: str, password: str) -> requests.Response:
    """What a browser does: start at Leefwereld, log in at the provider, come back."""
    session = requests.Session()
    login_page = session.get(f"{live_server.url}/oidc/authenticate/?next=/", timeout=30)
    assert "/inloggen/" in login_page.url, login_page.url
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text).group(1)
    response = session.post(
        login_page.url,
        data={
            "csrfmiddlewaretoken": token,
            "username": username,
            "password": password,
            "next": re.search(r'name="next" value="([^"]*)"', login_page.text)
            .group(1)
            .replace("&amp;", "&"),
        },
        headers={"Referer": login_page.url},
        timeout=30,
    )
    response.session = session  # type: ignore[attr-defined]
    return response


@pytest.mark.django_db(transaction=True)
def test_a_staff_member_logs_in_at_the_identity_provider_and_gets_the_role_of_their_group(
    live_server, sso
):
    team = OrganisationFactory(name="Wijkteam Noord")
    StaffGroup.objects.create(
        group="sociaal-wijkteam-noord", role=Role.PROFESSIONAL, organisation=team
    )

    response = log_in(live_server, "noor", "idp-wachtwoord-1")

    user = User.objects.get(email="noor@teststad.example")
    assert user.role == Role.PROFESSIONAL and user.first_name == "Noor"
    assert list(Membership.objects.filter(user=user).values_list("organisation", flat=True)) == [
        team.pk
    ]
    assert not user.has_usable_password()
    # The identity provider is not said to enforce a second factor: ours is still asked.
    assert response.url.startswith(live_server.url)
    assert "/account/tweede-factor/" in response.url


@pytest.mark.django_db(transaction=True)
def test_where_the_setting_says_the_provider_enforces_a_second_factor_its_login_counts(
    live_server, sso, settings
):
    settings.LEEFWERELD_OIDC_IDP_ENFORCES_SECOND_FACTOR = True
    team = OrganisationFactory(name="Wijkteam Noord")
    StaffGroup.objects.create(
        group="sociaal-wijkteam-noord", role=Role.PROFESSIONAL, organisation=team
    )

    response = log_in(live_server, "noor", "idp-wachtwoord-1")

    assert response.url == f"{live_server.url}/mijn-werk/", response.url
    assert "Wijkteam Noord" in response.text


@pytest.mark.django_db(transaction=True)
def test_a_member_of_no_mapped_group_is_not_let_in(live_server, sso):
    StaffGroup.objects.create(group="sociaal-wijkteam-noord", role=Role.PROFESSIONAL)

    response = log_in(live_server, "kantine", "idp-wachtwoord-2")

    assert not User.objects.filter(username__startswith="oidc-").exists()
    assert "/account/inloggen/" in response.url
