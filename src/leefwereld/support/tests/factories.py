"""Test data for support: a household with a resident who can log in, and a professional
of the neighbourhood team with the Wmo legal basis (read and write) for that household."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

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
from leefwereld.vault.models import Category, LegalBasis, Mode


@dataclass
class Case:
    resident: Resident
    household: Household
    professional: User
    team: Organisation


def wmo_basis(resident: Resident, organisation: Organisation, recorded_by: User) -> LegalBasis:
    now = timezone.now()
    return LegalBasis.objects.create(
        resident=resident,
        organisation=organisation,
        law=LegalBasis.Law.WMO,
        article="Wmo 2015 art. 2.3.2",
        explanation="De gemeente onderzoekt na een melding welke hulp u nodig heeft.",
        purpose="Wmo-onderzoek en ondersteuning",
        categories=[Category.OTHER],
        mode=Mode.READ_WRITE,
        starts_at=now - datetime.timedelta(minutes=1),
        ends_at=now + datetime.timedelta(days=180),
        recorded_by=recorded_by,
    )


def make_case(*, username: str | None = None, team_name: str = "Wijkteam Noord") -> Case:
    resident_user = UserFactory(**({"username": username} if username else {}), role=Role.RESIDENT)
    resident = ResidentFactory(user=resident_user, given_names="Fatima")
    household = resident.household
    team = TeamFactory(
        organisation__name=team_name, neighbourhoods=[household.address.neighbourhood]
    ).organisation
    membership = MembershipFactory(
        organisation=team, user__first_name="Kees", user__last_name="Coach"
    )
    lead = UserFactory(role=Role.TEAM_LEAD)
    wmo_basis(resident, team, lead)
    return Case(resident, household, membership.user, team)


def other_professional() -> User:
    return MembershipFactory(organisation=OrganisationFactory()).user


def network_member(case: Case, *, grant: bool = True, name: str = "Sara") -> User:
    """A network member the resident invited into the household's network; with `grant`,
    the resident also let them read support content (category Overig, read only)."""
    from leefwereld.core.models import NetworkMembership
    from leefwereld.vault.models import Grant

    user = UserFactory(role=Role.NETWORK_MEMBER, first_name=name, last_name="Netwerk")
    NetworkMembership.objects.create(
        user=user, household=case.household, invited_by=case.resident, relation="dochter"
    )
    if grant:
        now = timezone.now()
        Grant.objects.create(
            resident=case.resident,
            grantee_user=user,
            categories=[Category.OTHER],
            purpose="meedenken over ons plan",
            mode=Mode.READ,
            starts_at=now - datetime.timedelta(minutes=1),
            ends_at=now + datetime.timedelta(days=90),
            created_by=case.resident.user,
        )
    return user


def organisation_with_basis(
    case: Case,
    residents: list[Resident],
    *,
    name: str,
    mode: str = Mode.READ_WRITE,
    categories: list[str] | None = None,
    coach_name: str = "Anna",
) -> tuple[Organisation, User]:
    """Another organisation with a legal basis for some household members, and one of
    its professionals."""
    organisation = OrganisationFactory(name=name)
    professional = MembershipFactory(
        organisation=organisation, user__first_name=coach_name, user__last_name=name
    ).user
    now = timezone.now()
    for resident in residents:
        LegalBasis.objects.create(
            resident=resident,
            organisation=organisation,
            law=LegalBasis.Law.WMO,
            article="Wmo 2015 art. 2.3.2",
            explanation="De gemeente onderzoekt welke hulp u nodig heeft.",
            purpose="Wmo-onderzoek en ondersteuning",
            categories=categories or [Category.OTHER],
            mode=mode,
            starts_at=now - datetime.timedelta(minutes=1),
            ends_at=now + datetime.timedelta(days=180),
            recorded_by=case.professional,
        )
    return organisation, professional
