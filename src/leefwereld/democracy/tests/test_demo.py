"""The demo data for Meedoen: every feature has something to show, the same for a seed."""

import datetime
import io

import pytest

from leefwereld.core.appendonly import append_only_tables, sanctioned_delete
from leefwereld.core.models import Organisation
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    NeighbourhoodFactory,
    OrganisationFactory,
    ResidentFactory,
    UserFactory,
)
from leefwereld.democracy.demo import add_demo_data
from leefwereld.democracy.models import (
    BlockingRule,
    BudgetRound,
    Challenge,
    HardshipDecision,
    Initiative,
    Phase,
    ProjectOutcome,
    VotingCode,
)
from leefwereld.democracy.services import code_hash

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 5, 10)


@pytest.fixture
def town():
    neighbourhoods = [NeighbourhoodFactory(name=name) for name in ("Centrum", "Noord", "Zuid")]
    for n in neighbourhoods:
        ResidentFactory.create_batch(15, household__address__neighbourhood=n)
    OrganisationFactory(
        municipality=neighbourhoods[0].municipality, kind=Organisation.Kind.MUNICIPALITY
    )
    UserFactory(username="beleid", role=Role.POLICY_OFFICER)
    UserFactory(username="wijkwerker", role=Role.PROFESSIONAL)
    inwoner = UserFactory(username="inwoner", role=Role.RESIDENT)
    ResidentFactory(user=inwoner, household__address__neighbourhood=neighbourhoods[1])
    for _ in range(5):
        ResidentFactory(
            user=UserFactory(role=Role.RESIDENT),
            household__address__neighbourhood=neighbourhoods[0],
        )
    return neighbourhoods


def snapshot():
    closed = BudgetRound.objects.get(phase=Phase.REALISATION)
    return (
        sorted(
            ProjectOutcome.objects.filter(result__round=closed, funded=True).values_list(
                "project__title", flat=True
            )
        ),
        closed.result.voters,
        sorted(Initiative.objects.values_list("title", "status")),
    )


def test_the_demo_fills_every_part_of_meedoen(town):
    out = io.StringIO()
    counts = add_demo_data(seed=7, today=TODAY, stdout=out)
    assert counts["buurtbegrotingen"] == 3
    assert set(BudgetRound.objects.values_list("phase", flat=True)) == {
        Phase.REALISATION,
        Phase.VOTING,
        Phase.PROPOSALS,
    }
    voting = BudgetRound.objects.get(phase=Phase.VOTING)
    assert voting.districts.get().neighbourhood == town[1]  # where `inwoner` lives
    code = out.getvalue().strip().rsplit(" ", 1)[-1]
    assert VotingCode.objects.filter(round=voting, code_hash=code_hash(code)).exists()
    assert Initiative.objects.count() == counts["initiatieven"] == 6
    assert BlockingRule.objects.count() == 5
    # The hardship register has decisions, none dated after the day they were recorded.
    assert HardshipDecision.objects.count() == counts["hardheidsbesluiten"] == 3
    assert not HardshipDecision.objects.filter(decided_on__gt=datetime.date.today()).exists()
    assert Challenge.objects.count() == 2
    assert snapshot()[0]


def test_the_demo_is_the_same_for_the_same_seed(town):
    add_demo_data(seed=7, today=TODAY)
    first = snapshot()
    # Deleting the objects takes their append-only status histories with them.
    with sanctioned_delete(*append_only_tables()):
        for model in (BudgetRound, Initiative, HardshipDecision, BlockingRule, Challenge):
            model.objects.all().delete()
    add_demo_data(seed=7, today=TODAY)
    assert snapshot() == first
