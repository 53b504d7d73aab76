import datetime

import pytest
from django.utils import timezone

from leefwereld.core.actor import Actor
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    MembershipFactory,
    ResidentFactory,
    TeamFactory,
    UserFactory,
)
from leefwereld.work import demo, services
from leefwereld.work.models import WorkRecord

pytestmark = pytest.mark.django_db


def test_the_demo_adds_benefit_households_with_ladder_measurements_and_an_overlap():
    today = timezone.localdate()
    birth = today - datetime.timedelta(days=365 * 40)
    residents = [ResidentFactory(birth_date=birth) for _ in range(4)]
    own = ResidentFactory(
        birth_date=birth, user=UserFactory(username="inwoner", role=Role.RESIDENT)
    )
    hoods = [r.household.address.neighbourhood for r in [*residents, own]]
    team = TeamFactory(neighbourhoods=hoods)
    worker = MembershipFactory(organisation=team.organisation, user__username="wijkwerker").user
    UserFactory(role=Role.TEAM_LEAD)
    counts = demo.add_demo_data(3, today)
    assert counts["work_benefits"] == 5 == WorkRecord.objects.filter(kind="benefit").count()
    assert counts["work_ladder"] == 20
    # The demo resident's household shows beschut werk and dagbesteding side by side.
    person = services.overview(Actor.system("test", worker), own.household).people[0]
    assert person.benefit["receives"] and len(person.ladder) == 4
    assert person.overlaps
