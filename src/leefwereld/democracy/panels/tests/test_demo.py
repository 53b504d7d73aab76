"""The demo panel: quotas from the figures, a pool of demo residents, ready to select."""

import datetime

import pytest

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    HouseholdFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
    ResidentFactory,
    UserFactory,
)
from leefwereld.democracy.panels import selection, services
from leefwereld.democracy.panels.demo import add_demo_data
from leefwereld.democracy.panels.models import Invitation, Panel, Quota

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


def test_the_demo_panel_has_a_pool_of_residents_and_feasible_quotas():
    municipality = MunicipalityFactory()
    UserFactory(role=Role.POLICY_OFFICER)
    for n, population in enumerate((4000, 3000, 2000)):
        hood = NeighbourhoodFactory(municipality=municipality, population=population)
        for i in range(30 - 5 * n):
            household = HouseholdFactory(address__neighbourhood=hood)
            ResidentFactory(
                household=household, birth_date=datetime.date(1940 + (i * 7) % 66, 3, 1)
            )

    counts = add_demo_data(seed=2026, today=TODAY)

    panel = Panel.objects.get()
    assert counts == {"panels": 1, "panel_invitations": 60, "panel_volunteers": 45}
    assert panel.status == Panel.Status.CLOSED
    assert Invitation.objects.filter(used_at__isnull=False).count() == 45
    for key in ("wijk", "leeftijd", "geslacht"):
        assert sum(Quota.objects.filter(category__key=key).values_list("target", flat=True)) == 20
    quotas, pool = services.snapshot(panel)
    outcome = selection.compute(
        selection.build_problem(quotas, pool, panel.size),
        "leximin",
        None,
        lambda f, m: None,
        lambda: False,
    )
    assert outcome.min_probability > 0


def test_without_a_policy_officer_the_demo_adds_no_panel():
    assert add_demo_data(seed=1, today=TODAY) == {"panels": 0}
