"""The fund's demo data: every kind of row, a balanced ledger, and a readable story for
the demo resident."""

import pytest

from leefwereld.core.models import User
from leefwereld.core.tests.factories import as_actor
from leefwereld.debts import services
from leefwereld.debts.models import (
    AftercareCheck,
    Arrangement,
    ArrangementVersion,
    DebtCase,
    Goal,
    LedgerLine,
    Offer,
    Phase,
    Signal,
)
from leefwereld.vault import access as vault


@pytest.mark.django_db
def test_the_demo_fills_the_fund_and_the_ledger_balances(small_demo):
    # The demo builder calls this app's add_demo_data itself.
    counts, needs, today = small_demo.counts, small_demo.needs, small_demo.today
    assert counts["debt_signals"] >= len(needs.debt_households)
    assert Signal.objects.count() == counts["debt_signals"]
    assert DebtCase.objects.filter(taken_over_on__isnull=False).exists()
    assert Offer.objects.exists() and Goal.objects.filter(reached_on__isnull=False).exists()
    assert sum(LedgerLine.objects.values_list("amount_cents", flat=True)) == 0
    # Every arrangement has its first version, as the takeover verb writes it.
    for arrangement in Arrangement.objects.all():
        first = ArrangementVersion.objects.get(arrangement=arrangement, number=1)
        assert first.monthly_cents == arrangement.monthly_cents
        assert first.valid_from == arrangement.first_due
        assert first.reason == ArrangementVersion.Reason.START
    # Cases whose four weeks ran out are escalated, as the daily job would do.
    late = DebtCase.objects.filter(
        takeover_due__lt=today, taken_over_on__isnull=True, phase__in=[Phase.STABILISATION]
    )
    assert late.exists()
    assert not late.filter(escalation__isnull=True).exists()
    # Cases in aftercare have part of their checklist done, never all of it.
    kinds = len(AftercareCheck.Kind.values)
    for case in DebtCase.objects.filter(phase=Phase.AFTERCARE):
        assert 0 < AftercareCheck.objects.filter(case=case).count() < kinds
    for case in DebtCase.objects.filter(taken_over_on__isnull=False)[:20]:
        totals = services.household_totals(case.household_id)
        assert totals["balance"] >= 0
    # The demo resident reads their own case from their vault.
    resident = as_actor(User.objects.get(username="inwoner"))
    own = vault.own_resident(resident)
    case = DebtCase.objects.get(household_id=own.household_id)
    records = services.case_records(resident, case)
    assert case.capacity_record_id in records
    officer = User.objects.get(username="schuldhulp")
    assert services.case_records(as_actor(officer), case)
