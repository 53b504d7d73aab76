"""Retention: the payment-capacity record behind a running debt arrangement stays.

The debts app registers this dependency with the vault (debts/retention.py); the vault
refuses to erase the record while the case runs and counts the legal term from the day the
case closed.
"""

from __future__ import annotations

import datetime

import pytest

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import OrganisationFactory, UserFactory, as_actor
from leefwereld.debts.models import DebtCase
from leefwereld.vault import access
from leefwereld.vault.models import Record
from leefwereld.vault.tests.factories import ResidentWithAccountFactory, dated

TODAY = datetime.date(2025, 9, 1)


def _debt_case(resident, capacity: Record, *, closed_on=None) -> DebtCase:
    return DebtCase.objects.create(
        household=resident.household,
        client=resident,
        officer=UserFactory(role=Role.DEBT_OFFICER),
        organisation=OrganisationFactory(),
        registered_on=datetime.date(2010, 1, 4),
        first_conversation_due=datetime.date(2010, 2, 1),
        capacity_record=capacity,
        closed_on=closed_on,
    )


@pytest.mark.django_db
def test_the_payment_capacity_behind_a_running_arrangement_cannot_disappear():
    resident = ResidentWithAccountFactory()
    capacity = dated(resident, "payment-capacity", datetime.date(2010, 3, 1), category="finance")
    case = _debt_case(resident, capacity)
    kept = capacity.retention(TODAY)
    assert kept is not None and kept.until is None
    assert "schuldregeling loopt nog" in kept.reason
    assert "schuldregeling loopt nog" in capacity.retention_refusal(TODAY)
    with pytest.raises(access.RetentionApplies):
        access.erase_record(as_actor(resident.user), capacity)
    # Closed: the term runs from the day the case closed.
    case.closed_on = datetime.date(2024, 6, 30)
    case.save(update_fields=["closed_on"])
    assert capacity.retention(TODAY).until == datetime.date(2031, 6, 30)


@pytest.mark.django_db
def test_the_resident_cannot_erase_the_capacity_behind_a_running_arrangement_from_outside(client):
    """The defect found from outside: a resident erased the payment-capacity record behind a
    running arrangement and the officer's case page silently lost that section. Now the
    erasure is refused with the reason in plain Dutch, and the record stays readable."""
    from leefwereld.core.tests.factories import log_in

    from .test_pages_and_api import taken_over_case

    officer, resident, case = taken_over_case()
    log_in(client, resident.user)
    response = client.post(
        f"/mijn-gegevens/gegevens/{case.capacity_record_id}/verwijderen/", follow=True
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "schuldregeling loopt nog" in page
    capacity = Record.objects.get(pk=case.capacity_record_id)
    assert not capacity.is_erased and capacity.wrapped_key is not None
    client.logout()
    log_in(client, officer)
    case_page = client.get(f"/schulden/zaken/{case.pk}/").content.decode()
    assert "Afloscapaciteit" in case_page
    assert "uit de kluis verwijderd" not in case_page
