"""List pages answer in a bounded number of queries, whatever the number of rows."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import NeighbourhoodFactory, UserFactory, as_actor
from leefwereld.finance import services
from leefwereld.finance.tests.factories import budget_line, granted_decision, world

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _allocations(w, n):
    for _ in range(n):
        services.allocate(
            as_actor(w.case.professional),
            granted_decision(w.case),
            product_code="02A01",
            provider=w.provider,
            volume=1,
            unit="04",
            frequency="6",
            start=datetime.date(2026, 3, 1),
            end=datetime.date(2026, 3, 31),
            tariff_cents=1_000,
            purpose="thuis",
        )


def test_provider_resident_and_budget_pages_do_not_grow_with_their_rows():
    w = world()
    controller = Client()
    controller.force_login(UserFactory(role=Role.CONTROLLER))
    provider = Client()
    provider.force_login(w.provider_user)
    resident = Client()
    resident.force_login(w.case.resident.user)
    _allocations(w, 2)
    budget_line(NeighbourhoodFactory())
    before = [
        _count(provider, "/financien/aanbieder/"),
        _count(resident, "/financien/mijn-toewijzingen/"),
        _count(controller, "/financien/begroting/?jaar=2026"),
    ]
    _allocations(w, 8)
    for _ in range(5):
        budget_line(NeighbourhoodFactory())
    after = [
        _count(provider, "/financien/aanbieder/"),
        _count(resident, "/financien/mijn-toewijzingen/"),
        _count(controller, "/financien/begroting/?jaar=2026"),
    ]
    assert after == before
