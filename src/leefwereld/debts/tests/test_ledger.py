"""Ledger invariants as properties (Hypothesis), on the pure journal and in the database."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leefwereld.core.appendonly import sanctioned_delete
from leefwereld.debts import ledger, services
from leefwereld.debts.models import LedgerLine, LedgerTransaction

DAY = datetime.date(2025, 9, 1)
amounts = st.integers(min_value=1, max_value=10_000_000)

# A random history: (kind, household, creditor, amount, key number). Keys repeat on
# purpose, so the same instruction is offered to the journal more than once.
movements = st.lists(
    st.tuples(
        st.sampled_from(["contribution", "takeover", "payment", "repayment", "forgive"]),
        st.integers(1, 3),
        st.integers(1, 3),
        amounts,
        st.integers(0, 15),
    ),
    max_size=40,
)


def build(kind, household, creditor, amount, key):
    key = f"{kind}:{key}"
    if kind == "contribution":
        return ledger.contribution(key, DAY, amount)
    if kind == "takeover":
        return ledger.takeover(key, DAY, household, creditor, amount)
    if kind == "payment":
        return ledger.payment(key, DAY, creditor, amount)
    if kind == "repayment":
        return ledger.repayment(key, DAY, household, amount)
    return ledger.forgive(key, DAY, household, amount)


@given(movements)
def test_every_transaction_balances_and_so_does_the_trial_balance(history):
    journal = ledger.Journal()
    for movement in history:
        transaction = build(*movement)
        assert sum(line.amount for line in transaction.lines) == 0
        journal.post(transaction)
    rows = ledger.trial_balance(journal.balances())
    assert sum(r.debit for r in rows) == sum(r.credit for r in rows)


@given(movements)
def test_a_households_balance_is_taken_over_minus_repaid_minus_forgiven(history):
    journal = ledger.Journal()
    expected: dict[int, int] = {}
    for kind, household, creditor, amount, key in history:
        if journal.post(build(kind, household, creditor, amount, key)):
            sign = {"takeover": 1, "repayment": -1, "forgive": -1}.get(kind, 0)
            expected[household] = expected.get(household, 0) + sign * amount
    balances = journal.balances()
    for household, value in expected.items():
        assert balances.get(ledger.receivable(household), 0) == value


@given(st.lists(st.tuples(st.integers(0, 5), amounts), max_size=30))
def test_no_instruction_is_paid_twice(payments):
    journal = ledger.Journal()
    paid: dict[int, int] = {}
    for instruction, amount in payments:
        if journal.post(ledger.payment(f"payment:{instruction}", DAY, 1, amount)):
            paid[instruction] = amount
    assert len(journal.transactions) == len(paid)
    assert -journal.balances().get(ledger.CASH, 0) == sum(paid.values())


def test_an_unbalanced_transaction_is_refused():
    with pytest.raises(ledger.UnbalancedTransaction):
        ledger.check_balanced([ledger.Line("cash", 100), ledger.Line("capital", -99)])
    with pytest.raises(ledger.UnbalancedTransaction):
        ledger.check_balanced([ledger.Line("cash", 100)])
    with pytest.raises(TypeError):
        ledger.check_balanced([ledger.Line("cash", 1.5), ledger.Line("capital", -1.5)])


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(movements)
def test_the_database_ledger_matches_the_pure_journal(history):
    with sanctioned_delete(LedgerLine, LedgerTransaction):  # a fresh ledger per example
        LedgerLine.objects.all()._raw_delete(LedgerLine.objects.db)
        LedgerTransaction.objects.all()._raw_delete(LedgerTransaction.objects.db)
    journal = ledger.Journal()
    for movement in history:
        transaction = build(*movement)
        assert services.post(transaction) == journal.post(transaction)
    assert {k: v for k, v in services.account_balances().items() if v} == {
        k: v for k, v in journal.balances().items() if v
    }
    for household in (1, 2, 3):
        totals = services.household_totals(household)
        assert totals["balance"] == journal.balances().get(ledger.receivable(household), 0)


@pytest.mark.django_db
def test_the_ledger_is_append_only():
    services.post(ledger.contribution("c", DAY, 100))
    row = LedgerTransaction.objects.get()
    with pytest.raises(ValueError):
        row.save()
    with pytest.raises(ValueError):
        row.delete()
    with pytest.raises(ValueError):
        LedgerLine.objects.first().delete()
