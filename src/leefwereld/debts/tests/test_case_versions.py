"""Two officers editing one case never overwrite each other silently (issue 13, item 5).

From outside: both load the case page (the edit forms carry the case's version), both
save; the second save is refused with a plain-Dutch message, the form comes back with what
was typed, and the database holds the first save. On PostgreSQL the saves also race in
threads, each with its own connection.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from leefwereld.core.roles import Role
from leefwereld.core.tests.concurrency import needs_postgres, race
from leefwereld.core.tests.factories import ResidentFactory, UserFactory
from leefwereld.debts.models import DebtCase

from .factories import DAY, CreditorFactory, debt_officer
from .test_fund_journey import open_case_with_debts

pytestmark = pytest.mark.django_db

STALE = (
    "Iemand anders heeft dit intussen gewijzigd. Bekijk de nieuwe versie en probeer het opnieuw."
)
VERSION = re.compile(r'name="version" value="(\d+)"')


def a_case():
    officer = debt_officer()
    resident = ResidentFactory(user=UserFactory(role=Role.RESIDENT))
    case = open_case_with_debts(officer, resident, [CreditorFactory()], [50_000])
    return officer, case


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def shown_version(client: Client, case: DebtCase) -> str:
    page = client.get(reverse("debts:case_detail", args=[case.pk])).content.decode()
    versions = set(VERSION.findall(page))
    assert len(versions) == 1, versions  # every edit form of the page carries the same one
    return versions.pop()


def moratorium(client, case, version, start):
    return client.post(
        reverse("debts:case_moratorium", args=[case.pk]),
        {"start": start.isoformat(), "end": "", "version": version},
    )


def test_the_second_of_two_edits_from_the_same_version_is_refused_with_the_typed_input():
    officer, case = a_case()
    colleague = debt_officer()
    anne, bob = client_for(officer), client_for(colleague)
    version = shown_version(anne, case)
    assert shown_version(bob, case) == version

    first = moratorium(anne, case, version, DAY)
    assert first.status_code == 302
    second = moratorium(bob, case, version, DAY + datetime.timedelta(days=3))
    assert second.status_code == 409
    page = second.content.decode()
    assert STALE in page
    assert (DAY + datetime.timedelta(days=3)).isoformat() in page  # Bob's date, not lost
    case.refresh_from_db()
    assert case.moratorium_start == DAY  # Anne's save stands

    # Bob has seen the new version; saving his form again is a deliberate choice.
    (again,) = set(VERSION.findall(page))
    assert int(again) == case.version
    assert moratorium(bob, case, again, DAY + datetime.timedelta(days=3)).status_code == 302
    case.refresh_from_db()
    assert case.moratorium_start == DAY + datetime.timedelta(days=3)


def test_a_phase_step_from_an_old_page_is_refused():
    officer, case = a_case()
    client = client_for(officer)
    version = shown_version(client, case)
    moratorium(client, case, version, DAY)
    response = client.post(
        reverse("debts:case_advance", args=[case.pk]), {"to": "uitstroom", "version": version}
    )
    assert response.status_code == 409
    assert STALE in response.content.decode()
    case.refresh_from_db()
    assert case.phase != "uitstroom"


@pytest.mark.django_db(transaction=True)
def test_concurrent_edits_of_one_case_on_postgresql_let_exactly_one_through():
    needs_postgres()
    officer, case = a_case()
    version = shown_version(client_for(officer), case)
    n = 10
    clients = [client_for(officer) for _ in range(n)]

    def save(i: int) -> int:
        start = DAY + datetime.timedelta(days=i)
        return moratorium(clients[i], case, version, start).status_code

    statuses, errors = race(n, save)
    assert errors == []
    assert sorted(statuses) == [302] + [409] * (n - 1)
    case.refresh_from_db()
    assert case.version == int(version) + 1
