"""Issue 13: version numbers in the plan comparison's query string never give a server
error; anything that is not a version shows the latest two."""

import pytest
from django.urls import reverse

from leefwereld.core.tests.factories import as_actor
from leefwereld.support import services

from .factories import make_case

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    [{"nieuw": "²"}, {"oud": "1" * 40}, {"nieuw": "1e3", "oud": "NaN"}, {"nieuw": "-5"}, {}],
)
def test_plan_compare_with_any_version_numbers_answers_200(client, query):
    case = make_case()
    services.start_plan(as_actor(case.professional), case.household, template="schulden_werk")
    client.force_login(case.resident.user)
    response = client.get(reverse("support:plan_compare", args=[case.household.pk]), query)
    assert response.status_code == 200
