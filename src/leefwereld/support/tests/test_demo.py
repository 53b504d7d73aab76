import datetime

import pytest

from leefwereld.core.models import Resident
from leefwereld.core.tests.factories import MembershipFactory, ResidentFactory, TeamFactory
from leefwereld.demo.profile import Needs
from leefwereld.support import demo
from leefwereld.support.models import Melding, Plan

pytestmark = pytest.mark.django_db


def test_the_demo_adds_meldingen_for_every_wmo_client_and_stories_for_a_sample():
    residents = [ResidentFactory() for _ in range(6)]
    team = TeamFactory(neighbourhoods=[r.household.address.neighbourhood for r in residents[:3]])
    MembershipFactory(organisation=team.organisation, user__username="wijkwerker")
    first = Resident.objects.order_by("pk").first().pk
    needs = Needs(
        wmo_clients=frozenset(r.pk - first for r in residents),
        debt_households=frozenset(),
        youth_care=frozenset(),
    )
    counts = demo.add_demo_data(1, datetime.date(2025, 6, 1), needs)
    assert counts["support_meldingen"] == 6 == Melding.objects.count()
    assert Plan.objects.count() == counts["support_plans"] >= 1
