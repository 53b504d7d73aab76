import datetime

import factory

from leefwereld.core.models import Organisation
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from leefwereld.debts.models import Creditor, Sector
from leefwereld.payments import dutch_iban


class CreditorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Creditor

    organisation = factory.SubFactory(
        OrganisationFactory,
        kind=Organisation.Kind.OTHER_CREDITOR,
        name=factory.Sequence(lambda n: f"Schuldeiser {n}"),
    )
    sector = Sector.OTHER
    iban = factory.Sequence(lambda n: dutch_iban("INGB", 1000 + n))


def debt_officer(**kwargs):
    """A debt-fund officer working for the municipality."""
    membership = MembershipFactory(
        user=UserFactory(role=Role.DEBT_OFFICER, **kwargs),
        organisation=OrganisationFactory(
            kind=Organisation.Kind.MUNICIPALITY, name="Gemeente Teststad"
        ),
    )
    return membership.user


DAY = datetime.date(2025, 9, 1)
