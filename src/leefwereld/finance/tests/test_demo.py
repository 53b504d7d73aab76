import datetime

import pytest

from leefwereld.core.models import Organisation
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from leefwereld.democracy.models import HardshipDecision
from leefwereld.democracy.tests.factories import BlockingRuleFactory
from leefwereld.finance import demo, services
from leefwereld.finance.models import Allocation, Contract, DeclarationLine, HardshipProposal
from leefwereld.support.tests.factories import make_case

from .factories import granted_decision

pytestmark = pytest.mark.django_db


def test_the_demo_gives_every_granted_decision_money_a_year_of_declarations_and_a_hardship_grant():
    case = make_case()
    decisions = [granted_decision(case) for _ in range(3)]
    for i in range(3):
        OrganisationFactory(kind=Organisation.Kind.CARE_PROVIDER, name=f"Zorg {i}")
    UserFactory(username="wijkwerker", role=Role.PROFESSIONAL)
    MembershipFactory(
        organisation=case.team, user__username="teamleider", user__role=Role.TEAM_LEAD
    )
    BlockingRuleFactory(municipality=case.team.municipality)
    today = services.today()
    for d in decisions:
        d.decided_on = today - datetime.timedelta(days=200)
        d.save()
    counts = demo.add_demo_data(1, today)
    assert counts["finance_allocations"] == 3 == Allocation.objects.count()
    assert set(Contract.objects.values_list("variant", flat=True)) == {
        "inspanning",
        "output",
        "taak",
    }
    assert DeclarationLine.objects.filter(status="approved").exists()
    assert counts["finance_declarations"] >= 6
    assert HardshipProposal.objects.filter(status="granted").count() == 1
    assert HardshipDecision.objects.count() == 1
    assert sum(services.trial_balance().values()) == 0
