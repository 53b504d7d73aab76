"""Two people editing one plan never overwrite each other silently (issue 13, item 5).

The edit form carries the plan's version number; a save from an older version is refused
with a plain-Dutch message, the form comes back with what was typed, and the newer version
stays. On PostgreSQL the saves also race in threads, each with its own connection.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from leefwereld.core.domains import LifeDomain
from leefwereld.core.tests.concurrency import needs_postgres, race
from leefwereld.core.tests.factories import as_actor
from leefwereld.support import services
from leefwereld.support.models import Plan

from .factories import make_case

pytestmark = pytest.mark.django_db

DOMAIN = LifeDomain.values[0]
STALE = (
    "Iemand anders heeft dit intussen gewijzigd. Bekijk de nieuwe versie en probeer het opnieuw."
)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def save(client: Client, household_pk: int, version: int, goal: str):
    return client.post(
        reverse("support:plan_edit", args=[household_pk]),
        {"goal-new-domain": DOMAIN, "goal-new-text": goal, "note": "", "version": str(version)},
    )


def goals(case) -> list[str]:
    plan = Plan.objects.get(household=case.household)
    content = services.current_content(as_actor(case.professional), plan)
    return [g["text"] for g in content["goals"]]


def test_a_save_from_an_old_version_is_refused_and_keeps_the_typed_text():
    case = make_case()
    plan, _created = services.start_plan(as_actor(case.professional), case.household)
    professional, resident = client_for(case.professional), client_for(case.resident.user)
    page = resident.get(reverse("support:plan_edit", args=[case.household.pk]))
    assert 'name="version" value="1"' in page.content.decode()

    assert save(professional, case.household.pk, 1, "Werk zoeken").status_code == 302
    stale = save(resident, case.household.pk, 1, "Schulden op een rij")
    assert stale.status_code == 409
    text = stale.content.decode()
    assert STALE in text
    assert "Schulden op een rij" in text  # the resident's words are still on the page
    assert "?oud=1&amp;nieuw=2" in text  # and a link to what changed
    plan.refresh_from_db()
    assert plan.current_version == 2
    assert goals(case) == ["Werk zoeken"]  # nothing overwritten

    # Saving the old form again is still refused: it was made from version 1.
    assert save(resident, case.household.pk, 1, "Schulden op een rij").status_code == 409
    # From the new version it goes through.
    assert save(resident, case.household.pk, 2, "Schulden op een rij").status_code == 302
    assert sorted(goals(case)) == ["Schulden op een rij"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_of_one_plan_on_postgresql_let_exactly_one_through():
    needs_postgres()
    case = make_case()
    services.start_plan(as_actor(case.professional), case.household)
    users = [case.professional, case.resident.user] * 3
    clients = [client_for(u) for u in users]
    statuses, errors = race(
        len(clients), lambda i: save(clients[i], case.household.pk, 1, f"Doel {i}").status_code
    )
    assert errors == []
    assert sorted(statuses) == [302] + [409] * (len(clients) - 1)
    plan = Plan.objects.get(household=case.household)
    assert plan.current_version == 2
    assert len(goals(case)) == 1
