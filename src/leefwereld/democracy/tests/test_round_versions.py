"""Two officers editing one round's settings never overwrite each other silently
(issue 13, item 5): the second save is refused, the form comes back with what was typed
and what is saved now; on PostgreSQL the saves also race in threads."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from leefwereld.core.roles import Role
from leefwereld.core.tests.concurrency import needs_postgres, race
from leefwereld.core.tests.factories import UserFactory
from leefwereld.democracy.models import BudgetRound

from .factories import BudgetRoundFactory

pytestmark = pytest.mark.django_db

STALE = (
    "Iemand anders heeft dit intussen gewijzigd. Bekijk de nieuwe versie en probeer het opnieuw."
)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def settings_post(client: Client, round_: BudgetRound, version: int, **changes):
    data = {
        "form": "settings",
        "title": round_.title,
        "description": round_.description,
        "budget": round_.budget,
        "min_age": round_.min_age,
        "rule": round_.rule,
        "completion": round_.completion,
        "utility": round_.utility,
        "tie_breaking": round_.tie_breaking,
        "version": version,
        **changes,
    }
    return client.post(reverse("democracy:round_manage", args=[round_.pk]), data)


def test_the_second_settings_save_from_one_version_is_refused_with_the_typed_input():
    round_ = BudgetRoundFactory()
    anne = client_for(UserFactory(role=Role.POLICY_OFFICER))
    bob = client_for(UserFactory(role=Role.POLICY_OFFICER))
    page = anne.get(reverse("democracy:round_manage", args=[round_.pk])).content.decode()
    assert f'name="version" value="{round_.version}"' in page
    version = round_.version

    assert settings_post(anne, round_, version, budget=20_000).status_code == 302
    stale = settings_post(bob, round_, version, budget=35_000, title="Bobs titel")
    assert stale.status_code == 409
    text = stale.content.decode()
    assert STALE in text
    assert "Bobs titel" in text and "35000" in text  # typed input kept
    assert "Intussen opgeslagen: 20000" in text  # and what Anne saved, beside it
    round_.refresh_from_db()
    assert round_.budget == 20_000 and round_.title != "Bobs titel"
    assert round_.version == version + 1

    # Bob saves again from the form he got back (the new version): deliberate, so it goes.
    again = settings_post(bob, round_, round_.version, budget=35_000, title="Bobs titel")
    assert again.status_code == 302
    round_.refresh_from_db()
    assert round_.budget == 35_000


@pytest.mark.django_db(transaction=True)
def test_concurrent_settings_saves_on_postgresql_let_exactly_one_through():
    needs_postgres()
    round_ = BudgetRoundFactory()
    n = 8
    clients = [client_for(UserFactory(role=Role.POLICY_OFFICER)) for _ in range(n)]
    statuses, errors = race(
        n, lambda i: settings_post(clients[i], round_, round_.version, budget=1_000 + i).status_code
    )
    assert errors == []
    assert sorted(statuses) == [302] + [409] * (n - 1)
    round_.refresh_from_db()
    assert round_.version == 2
