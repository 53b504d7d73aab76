"""Security hygiene (issue 13): Permissions-Policy, the TOTP enrolment code, rate limits,
the client address behind a proxy, the master key checked at start-up, var/ created."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from leefwereld.conf import base
from leefwereld.core import enrolment, ratelimit
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import PASSWORD, UserFactory, as_actor, log_in
from leefwereld.democracy.panels import services as panel_services
from leefwereld.democracy.panels.models import Volunteer
from leefwereld.democracy.panels.tests.test_recruitment import TODAY
from leefwereld.democracy.panels.tests.test_recruitment import town as _town

pytestmark = pytest.mark.django_db

town = _town  # the recruitment tests' panel with letters, reused as a fixture here

REAL_LIMITS = base.LEEFWERELD_RATE_LIMITS


@pytest.fixture
def real_limits(settings):
    """The production limits (conf/base.py), on a fresh cache."""
    from django.core.cache import cache

    cache.clear()
    settings.LEEFWERELD_RATE_LIMITS = REAL_LIMITS
    yield REAL_LIMITS
    cache.clear()


# --- Permissions-Policy -----------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/account/inloggen/",  # a page
        "/bestaat-niet/",  # the 404 page
        "/static/leefwereld/leefwereld.css",  # a static file (WhiteNoise)
        "/api/v1/",  # the API
    ],
)
def test_every_response_switches_off_camera_microphone_and_location(client, path):
    policy = client.get(path)["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


# --- the second factor needs an enrolment code ------------------------------------------


def _token(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


@override_settings(LEEFWERELD_REQUIRE_SECOND_FACTOR=True)
def test_a_stolen_password_alone_does_not_show_the_authenticator_secret(client):
    user = UserFactory(role=Role.PROFESSIONAL)
    log_in(client, user)
    page = client.get(reverse("second_factor")).content.decode()
    assert "<svg" not in page
    assert "Inschrijfcode van de beheerder" in page
    assert not TOTPDevice.objects.filter(user=user).exists()
    # Guessing a code does not help either.
    response = client.post(reverse("second_factor"), {"code": "AAAA-BBBB-CCCC"})
    assert "Deze inschrijfcode klopt niet" in response.content.decode()
    assert "<svg" not in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert client.get(reverse("professional_home")).status_code == 302


@override_settings(LEEFWERELD_REQUIRE_SECOND_FACTOR=True)
def test_the_administrators_code_works_once_for_its_own_account(client):
    user, other = UserFactory(role=Role.PROFESSIONAL), UserFactory(role=Role.PROFESSIONAL)
    out = call_command_output("issue_enrolment_code", user.username)
    code = out.split(": ")[1].split()[0]
    # The database keeps an HMAC of the code, never the code itself.
    assert not StaticToken.objects.filter(token__icontains=enrolment.normalise(code)[:8]).exists()

    log_in(client, other)
    refused = client.post(reverse("second_factor"), {"code": code})
    assert "Deze inschrijfcode klopt niet" in refused.content.decode()
    client.logout()

    log_in(client, user)
    client.post(reverse("second_factor"), {"code": code.lower().replace("-", " ")})
    setup = client.get(reverse("second_factor")).content.decode()
    assert "<svg" in setup
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("second_factor"), {"token": _token(device)})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=user).confirmed
    assert not StaticDevice.objects.filter(user=user).exists()
    assert client.get(reverse("professional_home")).status_code == 200

    # Used: a second login with the same code on another device gets nowhere.
    second = client.__class__()
    log_in(second, user)
    page = second.get(reverse("second_factor")).content.decode()
    assert "<svg" not in page and "Vul de code van 6 cijfers" in page


@override_settings(LEEFWERELD_REQUIRE_SECOND_FACTOR=True)
def test_an_expired_or_replaced_code_is_refused(client):
    user = UserFactory(role=Role.PROFESSIONAL)
    old = enrolment.issue(user)
    new = enrolment.issue(user)  # the administrator issued a second one: the first is void
    log_in(client, user)
    assert "klopt niet" in client.post(reverse("second_factor"), {"code": old}).content.decode()
    StaticDevice.objects.filter(user=user).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    assert "klopt niet" in client.post(reverse("second_factor"), {"code": new}).content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_reset_removes_a_lost_authenticator():
    user = UserFactory(role=Role.PROFESSIONAL)
    TOTPDevice.objects.create(user=user, confirmed=True, name="authenticator")
    call_command_output("issue_enrolment_code", user.username, "--reset")
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert enrolment.outstanding(user)


def call_command_output(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


# --- rate limits ------------------------------------------------------------------------


def test_a_burst_of_second_factor_codes_is_refused_with_a_429_page(client, real_limits):
    user = UserFactory(role=Role.PROFESSIONAL)
    code = enrolment.issue(user)
    log_in(client, user)
    limit, window, _methods = real_limits["second_factor"]
    for _ in range(limit):
        response = client.post(reverse("second_factor"), {"code": "AAAA-BBBB-CCCC"})
        assert response.status_code == 200
    refused = client.post(reverse("second_factor"), {"code": code})
    assert refused.status_code == 429
    assert "Te veel pogingen achter elkaar" in refused.content.decode()
    assert 0 < int(refused["Retry-After"]) <= window
    # The right code was not even looked at: it still works after the window.
    assert enrolment.outstanding(user)


def test_the_second_factor_limit_counts_per_account_not_per_address(client, real_limits):
    limit = real_limits["second_factor"][0]
    first, second = UserFactory(role=Role.PROFESSIONAL), UserFactory(role=Role.PROFESSIONAL)
    log_in(client, first)
    for _ in range(limit + 1):
        client.post(reverse("second_factor"), {"code": "x"})
    other = client.__class__()
    log_in(other, second)
    assert other.post(reverse("second_factor"), {"code": "x"}).status_code == 200


def test_a_burst_of_panel_registrations_is_refused_and_nothing_is_written(
    client, real_limits, town, monkeypatch
):
    panel, _hoods = town
    officer = UserFactory(role=Role.POLICY_OFFICER)
    letter = panel_services.send_invitations(as_actor(officer), panel, 1, today=TODAY)[0]
    url = reverse("panels:register", args=[panel.pk])
    limit, window, _methods = real_limits["panels:register"]
    moment = 1_000_000 * window + 1.0
    monkeypatch.setattr(ratelimit.time, "time", lambda: moment)
    for n in range(limit):
        response = client.post(url, {"code": f"AAAA-BBBB-{n:04d}"})
        assert response.status_code == 200
    valid = {
        "code": letter.code,
        "name": "Bram Jansen",
        "email": "bram@example.org",
        "address": "Molenweg 5",
        "postcode": "1234 CD",
        "geslacht": "man",
        "leeftijd": "oud",
    }
    refused = client.post(url, valid)
    assert refused.status_code == 429
    assert "Wacht" in refused.content.decode()
    assert Volunteer.objects.count() == 0
    # The next window: the same registration goes through.
    moment += window
    assert client.post(url, valid).status_code == 302
    assert Volunteer.objects.count() == 1


@pytest.mark.parametrize(
    "name,args",
    [
        ("democracy:vote_with_code", []),
        ("vault:invitation_accept", ["nietbestaand"]),
        ("login", []),
        ("socialmap:search", []),
    ],
)
def test_every_public_form_has_a_limit(client, real_limits, still_ratelimit_clock, name, args):
    limit, _window, methods = real_limits[name]
    method = "post" if "POST" in methods else "get"
    url = reverse(name, args=args)
    statuses = [getattr(client, method)(url, {"code": "x"}).status_code for _ in range(limit)]
    assert 429 not in statuses
    refused = getattr(client, method)(url, {"code": "x"})
    assert refused.status_code == 429
    assert "Te veel pogingen" in refused.content.decode()


def test_other_pages_are_not_limited(client, real_limits):
    statuses = {client.get(reverse("login")).status_code for _ in range(150)}
    assert statuses == {200}


# --- the client's address behind a proxy ------------------------------------------------


@override_settings(AXES_FAILURE_LIMIT=2, LEEFWERELD_TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_login_throttling_keys_on_the_residents_address(client):
    user = UserFactory()
    attacker = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    for _ in range(2):
        client.post(reverse("login"), {"username": user.username, "password": "fout"}, **attacker)
    locked = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}, **attacker
    )
    assert "Te vaak een verkeerd wachtwoord" in locked.content.decode()
    # Same proxy, another resident's address: not locked out by the attacker's failures.
    other = client.__class__()
    response = other.post(
        reverse("login"),
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert response.status_code == 302


@override_settings(LEEFWERELD_TRUSTED_PROXY_COUNT=0)
def test_without_a_trusted_proxy_a_forged_forwarded_header_is_ignored(rf):
    from leefwereld.core.clientip import client_ip

    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(request) == "192.0.2.1"


@override_settings(LEEFWERELD_TRUSTED_PROXY_COUNT=1)
def test_a_client_cannot_push_a_forged_address_past_the_proxy(rf):
    from leefwereld.core.clientip import client_ip

    # The client sent "X-Forwarded-For: 1.2.3.4"; nginx appended the address it saw.
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert client_ip(request) == "203.0.113.9"
    garbage = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="<script>")
    assert client_ip(garbage) == "10.0.0.1"


# --- start-up checks --------------------------------------------------------------------


def _start_production(**env: str) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "leefwereld.conf.production",
        "SECRET_KEY": "x" * 50,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "LEEFWERELD_MASTER_KEY": "q" * 43 + "=",
        "LEEFWERELD_DEBT_FUND_IBAN": "NL91ABNA0417164300",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", "import leefwereld.conf.production"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    "key,message",
    [
        ("niet-base64-!!", "not valid base64"),
        ("q" * 44, "exactly 32 random bytes, not 33"),
        ("q" * 43, "not valid base64"),  # padding missing
        ("cXFxcXFxcXFxcXFxcXFxcQ==", "exactly 32 random bytes, not 16"),
        ("q" * 42 + "==", "exactly 32 random bytes, not 31"),
    ],
)
def test_production_refuses_to_start_with_a_malformed_master_key(key, message):
    result = _start_production(LEEFWERELD_MASTER_KEY=key)
    assert result.returncode != 0
    assert "LEEFWERELD_MASTER_KEY" in result.stderr and message in result.stderr


def test_production_refuses_a_malformed_previous_master_key():
    result = _start_production(LEEFWERELD_PREVIOUS_MASTER_KEYS="q" * 43 + "=,kort")
    assert result.returncode != 0
    assert "LEEFWERELD_PREVIOUS_MASTER_KEYS[1]" in result.stderr


def test_production_with_a_good_key_and_a_proxy_setting_starts():
    result = _start_production(LEEFWERELD_TRUSTED_PROXY_COUNT="1")
    assert result.returncode == 0, result.stderr
    bad = _start_production(LEEFWERELD_TRUSTED_PROXY_COUNT="een")
    assert bad.returncode != 0 and "LEEFWERELD_TRUSTED_PROXY_COUNT" in bad.stderr


def test_migrate_after_install_creates_the_database_folder(tmp_path):
    """`make install` then `leefwereld migrate`: the settings create the SQLite folder.

    `--plan` opens the database (creating the file, which failed in a missing folder)
    without spending half a minute on every migration."""
    database = tmp_path / "nog-niet" / "leefwereld.sqlite3"
    result = subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [
            str(Path(sys.executable).parent / "leefwereld"),
            "migrate",
            "--plan",
        ],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "leefwereld.conf.dev",
            "DATABASE_URL": f"sqlite:///{database}",
        },
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert database.exists()
