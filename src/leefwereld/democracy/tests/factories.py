import datetime

import factory
from django.utils import timezone

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    MunicipalityFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    ResidentFactory,
    UserFactory,
)
from leefwereld.democracy.models import (
    BlockingRule,
    BudgetRound,
    Challenge,
    HardshipDecision,
    HardshipLaw,
    Initiative,
    Phase,
    Project,
    ReviewStatus,
    RoundDistrict,
)


class BudgetRoundFactory(factory.django.DjangoModelFactory):
    """A round over one neighbourhood (pass `neighbourhoods=[...]` for more)."""

    class Meta:
        model = BudgetRound
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Buurtbudget {n}")
    budget = 10_000
    phase = Phase.PROPOSALS
    min_age = 16

    class Params:
        voting = factory.Trait(phase=Phase.VOTING)
        review = factory.Trait(phase=Phase.REVIEW)

    @factory.post_generation
    def neighbourhoods(self, create, extracted, **kwargs):
        if not create:
            return
        for neighbourhood in extracted or [NeighbourhoodFactory()]:
            RoundDistrict.objects.create(
                round=self, neighbourhood=neighbourhood, name=neighbourhood.name
            )


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    round = factory.SubFactory(BudgetRoundFactory)
    code = factory.Sequence(lambda n: f"P{n:03d}")
    title = factory.Sequence(lambda n: f"Project {n}")
    description = "Een bankje bij de speeltuin."
    cost = 1_000
    proposed_cost = factory.SelfAttribute("cost")
    review_status = ReviewStatus.FEASIBLE


def resident_user(neighbourhood=None, birth_date=datetime.date(1985, 6, 15), **kwargs):
    """A resident account living in `neighbourhood`."""
    user = UserFactory(role=Role.RESIDENT, **kwargs)
    extra = {"household__address__neighbourhood": neighbourhood} if neighbourhood else {}
    ResidentFactory(user=user, birth_date=birth_date, **extra)
    return user


def voter_in(round_, **kwargs):
    """A resident who may vote in `round_` (lives in its first neighbourhood)."""
    district = round_.districts.order_by("pk").first()
    return resident_user(district.neighbourhood, **kwargs)


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    municipality = factory.SubFactory(MunicipalityFactory)
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    title = factory.Sequence(lambda n: f"Buurtmoestuin {n}")
    description = "Samen groente kweken op het braakliggende veldje."
    public_name = "Groep Groen"
    initiator = factory.SubFactory(UserFactory)
    answer_due = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))


class BlockingRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlockingRule

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Evenementenvergunning {n} weken vooraf")
    blocked = "Een straatfeest binnen een maand."
    reported_by = factory.SubFactory(UserFactory)


class HardshipDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HardshipDecision

    rule = factory.SubFactory(BlockingRuleFactory)
    decided_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    law = HardshipLaw.WMO
    organisation = factory.SubFactory(
        OrganisationFactory, municipality=factory.SelfAttribute("..rule.municipality")
    )
    description = "Huishoudelijke hulp boven het maximum van de verordening."
    recorded_by = factory.SubFactory(UserFactory, professional=True)


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Groenonderhoud {n}")
    task = "Het onderhoud van het groen in de wijk."
    plan = "Buurtbewoners doen het onderhoud samen met een hovenier."
    group_name = "Groen Collectief"
    bid_amount = 40_000
    initiator = factory.SubFactory(UserFactory)
