"""One household, one plan — also when two people start it at the same moment."""

import pytest

from leefwereld.core.tests.concurrency import needs_postgres, race
from leefwereld.core.tests.factories import as_actor
from leefwereld.support import services
from leefwereld.support.models import Plan, PlanVersion

from .factories import make_case


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_starts_make_one_plan():
    needs_postgres()
    case = make_case()
    actors = [case.professional, case.resident.user]
    results, errors = race(
        len(actors), lambda i: services.start_plan(as_actor(actors[i]), case.household)
    )
    assert errors == []
    assert Plan.objects.filter(household=case.household).count() == 1
    assert sorted(created for _plan, created in results) == [False, True]
    assert len({plan.pk for plan, _created in results}) == 1
    assert PlanVersion.objects.count() == 1
