"""One household, one plan — also when two people start it at the same moment."""

import threading

import pytest
from django.db import close_old_connections, connection

from leefwereld.core.tests.factories import as_actor
from leefwereld.support import services
from leefwereld.support.models import Plan, PlanVersion

from .factories import make_case


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_starts_make_one_plan():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers with a database lock, so no real race can happen")
    case = make_case()
    actors = [case.professional, case.resident.user]
    barrier = threading.Barrier(len(actors))
    results: list = []
    errors: list = []

    def start(actor):
        try:
            barrier.wait(timeout=10)
            results.append(services.start_plan(as_actor(actor), case.household))
        except Exception as error:
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=start, args=(a,)) for a in actors]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert Plan.objects.filter(household=case.household).count() == 1
    assert sorted(created for _plan, created in results) == [False, True]
    assert len({plan.pk for plan, _created in results}) == 1
    assert PlanVersion.objects.count() == 1
