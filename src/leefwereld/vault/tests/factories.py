"""Factories for the vault. Records are encrypted for real (there is no plaintext path)."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from leefwereld.core.models import Household, Organisation, Resident, User
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ResidentFactory,
    TeamFactory,
    UserFactory,
)
from leefwereld.vault import access
from leefwereld.vault.models import (
    ALL_CATEGORIES,
    AccessRequest,
    BreakGlass,
    Grant,
    LegalBasis,
    Mode,
    Record,
)


def now() -> datetime.datetime:
    return timezone.now()


def store_record(
    owner: Resident | Household,
    category: str = "finance",
    title: str = "Aantekening",
    text: str = "",
    *,
    retention_law: str = "",
    retention_until: datetime.date | None = None,
    created_by: User | None = None,
) -> Record:
    """Put an encrypted record in a vault directly (test set-up; not logged)."""
    is_resident = isinstance(owner, Resident)
    record = Record(
        resident=owner if is_resident else None,
        household=None if is_resident else owner,
        category=category,
        created_by=created_by,
        retention_law=retention_law,
        retention_until=retention_until,
    )
    data_key = access.ensure_data_key(
        resident_id=owner.pk if is_resident else None,
        household_id=None if is_resident else owner.pk,
    )
    access.encrypt_record(record, {"title": title, "text": text}, data_key)
    record.save(force_insert=True)
    return record


class ResidentWithAccountFactory(ResidentFactory):
    user = factory.SubFactory(UserFactory, role=Role.RESIDENT, email="inwoner@example.org")


def team_for(resident: Resident, name: str = "Wijkteam Noord") -> Organisation:
    """A neighbourhood team covering the resident's neighbourhood; returns its organisation."""
    team = TeamFactory(
        neighbourhoods=[resident.household.address.neighbourhood],  # type: ignore[union-attr]
        organisation__name=name,
    )
    return team.organisation


def worker(
    organisation: Organisation | None = None,
    role: Role = Role.PROFESSIONAL,
    first_name: str = "Marieke",
    last_name: str = "de Vries",
) -> User:
    user = UserFactory(
        role=role, first_name=first_name, last_name=last_name, email="prof@example.org"
    )
    if organisation is not None:
        MembershipFactory(user=user, organisation=organisation)
    return user


class _WindowFactory(factory.django.DjangoModelFactory):
    categories = factory.LazyFunction(lambda: sorted(ALL_CATEGORIES))
    purpose = "schuldhulp"
    mode = Mode.READ
    starts_at = factory.LazyFunction(lambda: now() - datetime.timedelta(days=1))
    ends_at = factory.LazyFunction(lambda: now() + datetime.timedelta(days=30))

    class Params:
        expired = factory.Trait(
            starts_at=factory.LazyFunction(lambda: now() - datetime.timedelta(days=100)),
            ends_at=factory.LazyFunction(lambda: now() - datetime.timedelta(days=10)),
        )
        revoked = factory.Trait(
            revoked_at=factory.LazyFunction(lambda: now() - datetime.timedelta(minutes=1))
        )
        future = factory.Trait(
            starts_at=factory.LazyFunction(lambda: now() + datetime.timedelta(days=1)),
            ends_at=factory.LazyFunction(lambda: now() + datetime.timedelta(days=30)),
        )
        read_write = factory.Trait(mode=Mode.READ_WRITE)


class GrantFactory(_WindowFactory):
    class Meta:
        model = Grant

    resident = factory.SubFactory(ResidentWithAccountFactory)
    grantee_organisation = factory.SubFactory(
        OrganisationFactory, kind=Organisation.Kind.NEIGHBOURHOOD_TEAM
    )
    created_by = factory.LazyAttribute(lambda g: g.resident.user or UserFactory())


class LegalBasisFactory(_WindowFactory):
    class Meta:
        model = LegalBasis

    resident = factory.SubFactory(ResidentWithAccountFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    # Wmo: a law that covers the case workers of the organisation that holds the basis. (A
    # Wgs basis covers only the debt fund's officers: authorisation.LAW_HOLDERS.)
    law = LegalBasis.Law.WMO
    article = "artikel 7a"
    explanation = "De gemeente mag gegevens gebruiken om u met uw schulden te helpen."
    recorded_by = factory.SubFactory(UserFactory, role=Role.TEAM_LEAD)


class BreakGlassFactory(_WindowFactory):
    class Meta:
        model = BreakGlass
        skip_postgeneration_save = True

    resident = factory.SubFactory(ResidentWithAccountFactory)
    actor = factory.SubFactory(UserFactory, role=Role.PROFESSIONAL)
    purpose = "noodtoegang"
    reason_ciphertext = b""

    @factory.post_generation
    def reason(self, create, extracted, **kwargs):
        text = extracted or "Acute crisis: bewoner niet bereikbaar, huisarts belde."
        self.reason_ciphertext = access.seal_for_resident(
            self.resident, f"break-glass:{self.uuid}", text
        )
        if create:
            self.save(update_fields=["reason_ciphertext"])


class AccessRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessRequest

    resident = factory.SubFactory(ResidentWithAccountFactory)
    requested_by = factory.SubFactory(UserFactory, role=Role.PROFESSIONAL)
    categories = factory.LazyFunction(lambda: ["finance"])
    purpose = "schuldhulp"
    days = 90


def at(day: datetime.date) -> datetime.datetime:
    """Noon of `day`, local time."""
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 12))


def dated(owner, kind: str, made_on: datetime.date, category: str = "family", **kw) -> Record:
    """A stored record of `kind`, made on `made_on` (for retention's time-travel tests)."""
    record = store_record(owner, category, **kw)
    Record.objects.filter(pk=record.pk).update(kind=kind, created_at=at(made_on))
    record.refresh_from_db()
    return record
