"""Test data for finance: a support case with a granted decision, a provider (with a
member of staff), and a budget line for the household's neighbourhood."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from leefwereld.core.models import Organisation, User
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from leefwereld.finance.models import BudgetLine, BudgetVersion, BudgetYear, ProviderProfile
from leefwereld.support.models import Application, Decision, Melding
from leefwereld.support.tests.factories import Case, make_case

_agb = iter(range(10_000_000, 99_999_999))


def provider(name: str = "Thuiszorg Zuid", *, zzp: bool = False) -> tuple[ProviderProfile, User]:
    organisation = OrganisationFactory(name=name, kind=Organisation.Kind.CARE_PROVIDER)
    profile = ProviderProfile.objects.create(
        organisation=organisation, agb_code=str(next(_agb)), is_zzp=zzp
    )
    staff = MembershipFactory(organisation=organisation, user__role=Role.PROVIDER).user
    return profile, staff


def granted_decision(case: Case, outcome: str = Decision.Outcome.GRANTED) -> Decision:
    today = datetime.date(2026, 3, 2)
    melding = Melding.objects.create(
        resident=case.resident,
        household=case.household,
        team=case.team,
        channel=Melding.Channel.PROFESSIONAL,
        received_on=today - datetime.timedelta(days=30),
        registered_by=case.professional,
        status=Melding.Status.DECIDED,
    )
    application = Application.objects.create(
        melding=melding,
        resident=case.resident,
        received_on=today - datetime.timedelta(days=10),
        provision_kind=Application.ProvisionKind.CUSTOM,
        record=uuid.uuid4(),
        registered_by=case.professional,
    )
    return Decision.objects.create(
        application=application,
        outcome=outcome,
        decided_on=today,
        sent_on=today,
        decided_by=case.professional,
        record=uuid.uuid4(),
    )


def budget_line(
    neighbourhood, *, year: int = 2026, purpose: str = "thuis", amount: int = 1_000_000
) -> BudgetLine:
    by = UserFactory(role=Role.CONTROLLER)
    budget_year, _ = BudgetYear.objects.get_or_create(year=year)
    line = BudgetLine.objects.create(
        year=budget_year,
        neighbourhood=neighbourhood,
        purpose=purpose,
        amount_cents=amount,
        version=1,
    )
    BudgetVersion.objects.create(
        line=line, number=1, amount_cents=amount, reason="Begroting vastgesteld", decided_by=by
    )
    return line


@dataclass
class World:
    case: Case
    decision: Decision
    provider: ProviderProfile
    provider_user: User
    line: BudgetLine


def world(amount: int = 1_000_000) -> World:
    case = make_case()
    decision = granted_decision(case)
    profile, staff = provider()
    line = budget_line(case.household.address.neighbourhood, amount=amount)
    return World(case, decision, profile, staff, line)
