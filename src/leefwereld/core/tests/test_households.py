import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from leefwereld.core import services
from leefwereld.core.models import HouseholdAddress

from .factories import AddressFactory, HouseholdFactory, ResidentFactory

pytestmark = pytest.mark.django_db


def test_a_move_keeps_the_previous_address_in_the_history():
    household = HouseholdFactory()
    first = household.address
    new = AddressFactory()
    services.move_household(household, new, datetime.date(2024, 5, 1))

    history = services.address_history(household)
    assert [(m.address, m.moved_in, m.moved_out) for m in history] == [
        (first, datetime.date(2020, 1, 1), datetime.date(2024, 5, 1)),
        (new, datetime.date(2024, 5, 1), None),
    ]
    household.refresh_from_db()
    assert household.address == new


def test_it_refuses_a_move_dated_before_the_previous_one():
    household = HouseholdFactory()
    with pytest.raises(ValidationError) as error:
        services.move_household(household, AddressFactory(), datetime.date(2019, 12, 31))
    assert "on" in error.value.message_dict
    assert HouseholdAddress.objects.filter(household=household).count() == 1


def test_it_refuses_a_move_to_the_current_address():
    household = HouseholdFactory()
    with pytest.raises(ValidationError):
        services.move_household(household, household.address, datetime.date(2024, 1, 1))


def test_the_database_allows_only_one_current_address_per_household():
    household = HouseholdFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        HouseholdAddress.objects.create(
            household=household, address=AddressFactory(), moved_in=datetime.date(2024, 1, 1)
        )


def test_a_resident_who_leaves_starts_a_household_of_their_own():
    resident = ResidentFactory()
    old_household = resident.household
    partner = ResidentFactory(household=old_household)
    new = services.leave_household(resident, datetime.date(2025, 3, 1), AddressFactory())

    resident.refresh_from_db()
    partner.refresh_from_db()
    assert resident.household == new != old_household
    assert partner.household == old_household
    assert services.address_history(new)[0].moved_in == datetime.date(2025, 3, 1)


def test_a_resident_with_an_invalid_bsn_does_not_validate():
    resident = ResidentFactory.build(bsn="123456789")
    with pytest.raises(ValidationError) as error:
        resident.full_clean(exclude=["household"])
    assert "bsn" in error.value.message_dict
