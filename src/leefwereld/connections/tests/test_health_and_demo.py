"""The administrator's connection page, outgoing requests logged without personal data,
and the demo's eHerkenning accounts."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.test import Client

from leefwereld.connections import brp, brp_sync, demo, identity
from leefwereld.core.models import Organisation
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import OrganisationFactory, UserFactory, valid_bsn

from .brp_world import person

pytestmark = pytest.mark.django_db


def page_for(role: Role):
    client = Client()
    client.force_login(UserFactory(role=role))
    return client.get("/koppelingen/status/")


def test_the_administrator_sees_the_state_of_every_connection(brp_world, settings):
    settings.LEEFWERELD_REQUIRE_SECOND_FACTOR = False

    text = page_for(Role.ADMINISTRATOR).content.decode()

    assert "BRP (Haal Centraal)" in text and "Bereikbaar, sleutel geaccepteerd." in text
    assert "OIDC_RP_CLIENT_ID is leeg." in text
    assert "Alleen de ontwikkel-login staat aan" in text
    assert "Nog geen BAG-import gedaan." in text


def test_a_refused_brp_key_is_shown_as_not_working(brp_world, settings):
    settings.LEEFWERELD_REQUIRE_SECOND_FACTOR = False
    settings.BRP_API_KEY = "verkeerd"

    text = page_for(Role.ADMINISTRATOR).content.decode()

    assert "de API-sleutel of het certificaat wordt geweigerd (401)" in text


@pytest.mark.parametrize("role", [Role.PROFESSIONAL, Role.RESIDENT, Role.PROVIDER])
def test_nobody_else_opens_the_connection_page(role, settings):
    settings.LEEFWERELD_REQUIRE_SECOND_FACTOR = False

    assert page_for(role).status_code == 403


def test_outgoing_requests_are_logged_without_personal_data(brp_world, caplog):
    brp_world.publish([person(1, "Anna", "Jansen", datetime.date(1985, 3, 1), None, secret=True)])
    caplog.set_level(logging.INFO, logger="leefwereld.connections")

    brp_sync.sync(brp.HaalCentraalClient(), {valid_bsn(1)})

    lines = [r.getMessage() for r in caplog.records if r.name.startswith("leefwereld.connections")]
    assert any(
        "brp RaadpleegMetBurgerservicenummer POST" in line and "-> 200" in line for line in lines
    )
    assert not any(valid_bsn(1) in line or "Anna" in line or "Jansen" in line for line in lines)


def test_the_demo_gives_providers_a_kvk_number_and_the_demo_provider_an_eherkenning_account():
    first = OrganisationFactory(kind=Organisation.Kind.CARE_PROVIDER)
    OrganisationFactory(kind=Organisation.Kind.CARE_PROVIDER)
    staff = UserFactory(username="aanbieder", role=Role.PROVIDER)

    counts = demo.add_demo_data(1, datetime.date(2026, 12, 8))

    assert counts == {"connections_kvk_numbers": 2, "connections_accounts": 1}
    assert identity.organisation_account("60000000", "", "aanbieder") == staff
    assert first.identities.get().kvk_number == "60000000"
