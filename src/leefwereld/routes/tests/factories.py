"""Factories for routes tests: organisations with case workers, residents with accounts,
and help requests created through the services (so every row is one the app can make)."""

from __future__ import annotations

import datetime
import itertools

import factory

from leefwereld.core.models import Organisation, Resident, User
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ResidentFactory,
    UserFactory,
    as_actor,
)
from leefwereld.routes import services
from leefwereld.routes.models import HelpRequest, Involvement
from leefwereld.vault.models import Category

_numbers = itertools.count(1)

# A Monday without holidays around it: deadlines are easy to read in tests.
MONDAY = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


class RegieOrganisationFactory(OrganisationFactory):
    """The municipality: the default regie organisation."""

    name = "Gemeente Teststad"
    kind = Organisation.Kind.MUNICIPALITY
    phone = "14 010"
    email = "regie@teststad.example"


class ProviderFactory(OrganisationFactory):
    email = factory.Sequence(lambda n: f"aanbieder{n}@partner.example")


def professional(organisation: Organisation, *, role: Role = Role.PROFESSIONAL, **kwargs) -> User:
    """A case worker of `organisation` with an e-mail address and a phone number."""
    kwargs.setdefault("email", f"medewerker{next(_numbers)}@werk.example")
    kwargs.setdefault("phone", "06-12345678")
    user = UserFactory(role=role, **kwargs)
    MembershipFactory(user=user, organisation=organisation)
    return user


def resident_with_account(**kwargs) -> Resident:
    """A resident who can log in (and so receives e-mail)."""
    user = UserFactory(role=Role.RESIDENT, email=kwargs.pop("email", "inwoner@thuis.example"))
    return ResidentFactory(user=user, **kwargs)


def help_request(
    resident: Resident,
    organisation: Organisation,
    *,
    actor: User | None = None,
    category: str = Category.FINANCE,
    question: str = "",
    now: datetime.datetime = MONDAY,
) -> HelpRequest:
    """A request opened by the resident (waiting for `organisation`) or, with `actor`, by a
    professional of `organisation` (accepted at once)."""
    return services.open_request(
        as_actor(actor or resident.user),
        resident,
        organisation=organisation,
        category=category,
        question=question,
        now=now,
    )


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Involvement

    resident = factory.SubFactory(ResidentFactory)
    organisation = factory.SubFactory(ProviderFactory)
    professional = factory.SubFactory(UserFactory, professional=True)
    contact_name = "Sam Tester"
    contact_phone = "06-11111111"
    contact_email = "sam@werk.example"
    starts_on = datetime.date(2026, 1, 5)
    delete_after = datetime.date(2028, 1, 5)
