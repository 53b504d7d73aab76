import datetime

import factory
from django.contrib.auth.hashers import make_password

from leefwereld.core.bsn import BSN_WEIGHTS
from leefwereld.core.models import (
    Address,
    Household,
    HouseholdAddress,
    Membership,
    Municipality,
    Neighbourhood,
    NeighbourhoodTeam,
    Organisation,
    Resident,
    User,
)
from leefwereld.core.roles import Role

PASSWORD = "test-wachtwoord-123"


def valid_bsn(n: int) -> str:
    """The n-th valid BSN above a fixed start: prefixes whose check digit would be 10 skip."""
    prefix = 20_000_000 + n * 2
    while True:
        digits = f"{prefix:08d}"
        check = sum(int(d) * w for d, w in zip(digits, BSN_WEIGHTS[:8], strict=True)) % 11
        if check < 10:
            return digits + str(check)
        prefix += 1


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["cbs_code"]

    name = "Teststad"
    cbs_code = "GM9998"


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Wijk {n}")
    cbs_code = factory.Sequence(lambda n: f"WK{n:06d}")
    population = 10_000
    area_hectares = 300


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    street = "Kerkstraat"
    house_number = factory.Sequence(lambda n: n + 1)
    postcode = "1234AB"
    city = "Teststad"
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household
        skip_postgeneration_save = True

    address = factory.SubFactory(AddressFactory)

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        if create:
            HouseholdAddress.objects.create(
                household=self, address=self.address, moved_in=datetime.date(2020, 1, 1)
            )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Sam"
    last_name = "Tester"
    role = Role.RESIDENT
    password = factory.LazyFunction(lambda: make_password(PASSWORD))

    class Params:
        professional = factory.Trait(role=Role.PROFESSIONAL)
        administrator = factory.Trait(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident

    bsn = factory.Sequence(valid_bsn)
    given_names = "Fatima"
    surname_prefix = "de"
    surname = factory.Sequence(lambda n: f"Vries{n}")
    birth_date = datetime.date(1985, 6, 15)
    household = factory.SubFactory(HouseholdFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = Organisation.Kind.CARE_PROVIDER
    phone = "010-1234567"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeighbourhoodTeam
        skip_postgeneration_save = True

    organisation = factory.SubFactory(
        OrganisationFactory, kind=Organisation.Kind.NEIGHBOURHOOD_TEAM, name="Wijkteam Noord"
    )

    @factory.post_generation
    def neighbourhoods(self, create, extracted, **kwargs):
        if create and extracted:
            self.neighbourhoods.add(*extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory, professional=True)
    organisation = factory.SubFactory(OrganisationFactory)


def log_in(client, user, password: str = PASSWORD):
    """Log in through the real login form (and so through the failed-login throttling)."""
    response = client.post("/account/inloggen/", {"username": user.username, "password": password})
    assert response.status_code == 302, "login failed"
    return response


def as_actor(user, access_point: str = "test"):
    """The `Actor` a test acts as: `user` at a named access point."""
    from leefwereld.core.actor import Actor

    return Actor(user, access_point)
