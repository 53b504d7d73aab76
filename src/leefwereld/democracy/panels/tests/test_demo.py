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
from leefwereld.democracy.panels.demo import add_advice_demo, add_demo_data
from leefwereld.democracy.panels.models import Invitation, Panel, Quota, Recommendation

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


def _population():
    municipality = MunicipalityFactory()
    for n, population in enumerate((4000, 3000, 2000)):
        hood = NeighbourhoodFactory(municipality=municipality, population=population)
        for i in range(30 - 5 * n):
            household = HouseholdFactory(address__neighbourhood=hood)
            ResidentFactory(
                household=household, birth_date=datetime.date(1940 + (i * 7) % 66, 3, 1)
            )


def test_the_demo_panel_has_a_pool_of_residents_and_feasible_quotas():
    UserFactory(role=Role.POLICY_OFFICER)
    _population()

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


def test_the_advice_demo_panel_was_drawn_met_advised_and_got_a_reasoned_answer():
    UserFactory(role=Role.POLICY_OFFICER)
    UserFactory(role=Role.ADMINISTRATOR)
    _population()

    counts = add_advice_demo(seed=2026, today=TODAY)

    assert counts == {"panels_advising": 1, "panel_meetings": 5, "panel_recommendations": 4}
    panel = Panel.objects.get()
    assert panel.status == Panel.Status.DRAWN
    assert panel.draws.get().is_confirmed
    answered = panel.recommendations.filter(status=Recommendation.Status.ANSWERED)
    assert sorted(answered.values_list("decision", flat=True)) == [
        "adopted",
        "adopted_with_changes",
        "not_adopted",
    ]
    assert all(not r.is_late(TODAY) for r in answered)
    assert answered.get(decision="not_adopted").reasons.startswith("Het college neemt dit niet")
    assert panel.recommendations.filter(status=Recommendation.Status.VOTING).count() == 1
    assert panel.meetings.filter(date__gt=TODAY).count() == 1
