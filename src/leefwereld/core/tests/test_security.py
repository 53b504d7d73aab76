import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from leefwereld.core import enrolment
from leefwereld.core.roles import Role

from .factories import PASSWORD, UserFactory, log_in

pytestmark = pytest.mark.django_db


def test_the_content_security_policy_forbids_inline_scripts(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_pages_carry_no_inline_script(client):
    page = client.get(reverse("login")).content.decode()
    assert "<script>" not in page
    assert " on" + "click=" not in page


def test_forms_are_csrf_protected(client):
    client = client.__class__(enforce_csrf_checks=True)
    user = UserFactory()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 403


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failed_logins_lock_the_account_for_a_while(client):
    user = UserFactory()
    for _ in range(3):
        client.post(reverse("login"), {"username": user.username, "password": "fout"})
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert "Te vaak een verkeerd wachtwoord" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(LEEFWERELD_REQUIRE_SECOND_FACTOR=True)
def test_staff_must_pass_a_second_factor_before_any_page(client):
    user = UserFactory(role=Role.PROFESSIONAL)
    log_in(client, user)
    response = client.get(reverse("professional_home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("second_factor")


@override_settings(LEEFWERELD_REQUIRE_SECOND_FACTOR=True)
def test_residents_are_not_asked_for_a_staff_second_factor(client):
    user = UserFactory(role=Role.RESIDENT)
    log_in(client, user)
    assert client.get(reverse("resident_home")).status_code == 200


@override_settings(LEEFWERELD_REQUIRE_SECOND_FACTOR=True)
def test_a_professional_sets_up_totp_and_then_gets_in(client):
    user = UserFactory(role=Role.PROFESSIONAL)
    code = enrolment.issue(user)
    log_in(client, user)
    client.post(reverse("second_factor"), {"code": code})
    setup = client.get(reverse("second_factor"))
    assert "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=user)
    token = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    response = client.post(reverse("second_factor"), {"token": token})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("professional_home")).status_code == 200


def test_the_demo_says_on_every_page_that_the_second_factor_is_off(client, settings):
    settings.LEEFWERELD_REQUIRE_SECOND_FACTOR = False
    assert (
        "tweede inlogstap (TOTP) voor medewerkers staat uit"
        in client.get(reverse("login")).content.decode()
    )
    settings.LEEFWERELD_REQUIRE_SECOND_FACTOR = True
    assert "staat uit" not in client.get(reverse("login")).content.decode()


@override_settings(LEEFWERELD_REQUIRE_SECOND_FACTOR=True)
def test_a_wrong_totp_code_is_refused_with_a_clear_message(client):
    user = UserFactory(role=Role.PROFESSIONAL)
    code = enrolment.issue(user)
    log_in(client, user)
    client.post(reverse("second_factor"), {"code": code})
    device = TOTPDevice.objects.get(user=user)
    right = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    wrong = "000000" if right != "000000" else "111111"
    response = client.post(reverse("second_factor"), {"token": wrong})
    assert "Deze code klopt niet" in response.content.decode()
    assert client.get(reverse("professional_home")).status_code == 302
