"""A granted decision carries money: the allocation and its commitment, in one step."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import UserFactory, as_actor
from leefwereld.core.timeline import collect
from leefwereld.finance import services
from leefwereld.finance.models import Allocation, Commitment
from leefwereld.finance.services import FinanceError
from leefwereld.support.models import Decision

from .factories import budget_line, granted_decision, world

pytestmark = pytest.mark.django_db


def _allocate(w, actor=None, **overrides):
    args = {
        "product_code": "02A01",
        "provider": w.provider,
        "volume": 3,
        "unit": "04",
        "frequency": "2",
        "start": datetime.date(2026, 3, 2),
        "end": datetime.date(2026, 8, 30),
        "tariff_cents": 6_500,
        "purpose": "thuis",
    }
    args.update(overrides)
    return services.allocate(actor or as_actor(w.case.professional), w.decision, **args)


def test_granting_creates_the_allocation_and_its_commitment_on_the_budget_line():
    w = world()
    allocation = _allocate(w)
    # 2 March – 30 August 2026 is 182 days = 26 weeks; 3 hours a week at € 65.
    assert allocation.units_granted == 78
    assert allocation.commitment_cents == 78 * 6_500
    commitment = Commitment.objects.get(allocation=allocation)
    assert commitment.line == w.line and commitment.amount_cents == 507_000
    assert allocation.product_category == "02"
    assert sum(services.trial_balance().values()) == 0


def test_an_allocation_across_the_new_year_commits_on_both_years_lines_exactly():
    w = world()
    budget_line(w.case.household.address.neighbourhood, year=2027)
    allocation = _allocate(w, end=datetime.date(2027, 3, 1), frequency="6", volume=100)
    parts = dict(
        Commitment.objects.filter(allocation=allocation).values_list(
            "line__year__year", "amount_cents"
        )
    )
    assert sum(parts.values()) == allocation.commitment_cents == 100 * 6_500
    assert set(parts) == {2026, 2027}


def test_passing_the_budget_needs_a_recorded_reason_and_writes_nothing_without_one():
    w = world(amount=100_000)
    with pytest.raises(FinanceError) as refused:
        _allocate(w)
    assert "overrun_reason" in refused.value.message_dict
    assert not Allocation.objects.exists() and not Commitment.objects.exists()
    allocation = _allocate(w, overrun_reason="Wethouder besloot op 1 maart: zorg gaat voor")
    commitment = Commitment.objects.get(allocation=allocation)
    assert commitment.overrun_reason and commitment.overrun_by == w.case.professional


def test_a_refused_decision_gets_no_allocation():
    w = world()
    w.decision = granted_decision(w.case, outcome=Decision.Outcome.REFUSED)
    with pytest.raises(FinanceError):
        _allocate(w)


def test_a_professional_without_a_basis_for_the_household_cannot_allocate():
    w = world()
    stranger = UserFactory(role=Role.PROFESSIONAL)
    with pytest.raises(PermissionDenied):
        _allocate(w, actor=as_actor(stranger))


def test_no_budget_line_for_the_neighbourhood_and_purpose_is_refused_by_name():
    w = world()
    with pytest.raises(FinanceError) as refused:
        _allocate(w, purpose="opgroeien")
    assert "Gezond en veilig opgroeien" in str(refused.value)


def test_the_household_timeline_shows_what_was_granted_from_whom_until_when():
    w = world()
    _allocate(w)
    part = collect(as_actor(w.case.resident.user), w.case.household.pk)
    items = [i for i in part.items if i.app == "finance"]
    assert len(items) == 1
    assert items[0].owner == "Thuiszorg Zuid" and "Individuele begeleiding" in items[0].title
    assert items[0].date == datetime.date(2026, 8, 30)
    stranger = collect(as_actor(UserFactory(role=Role.PROFESSIONAL)), w.case.household.pk)
    assert not [i for i in stranger.items if i.app == "finance"]


def test_reassessment_list_holds_allocations_ending_within_eight_weeks():
    w = world()
    soon = _allocate(w)
    rows = services.reassessments(as_actor(w.case.professional), on=datetime.date(2026, 7, 10))
    assert list(rows) == [soon]
    assert not services.reassessments(as_actor(w.case.professional), on=datetime.date(2026, 4, 1))
