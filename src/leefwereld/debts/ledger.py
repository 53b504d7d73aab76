"""The fund's double-entry ledger: pure rules on plain data, then the database layer.

Accounts (ADR 0010):

* ``cash``                     the fund's bank account (asset);
* ``capital``                  money the municipality put into the fund (equity);
* ``receivable:<household>``   what a household owes the fund (asset);
* ``payable:<creditor>``       what the fund owes a creditor after an accepted offer;
* ``forgiveness``              debt the fund forgave (expense).

Movements (each one balanced transaction):

=============  ==========================  ==========================
kind           debit                       credit
=============  ==========================  ==========================
contribution   cash                        capital
takeover       receivable:<household>      payable:<creditor>
payment        payable:<creditor>          cash
repayment      cash                        receivable:<household>
forgiveness    forgiveness                 receivable:<household>
=============  ==========================  ==========================

So a household's balance is always taken-over debt − repayments − forgiveness. The
ledger is append-only: a mistake is corrected with a new transaction, never an edit.
Amounts are integer cents; every line is a debit (positive) or a credit (negative).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

CASH = "cash"
CAPITAL = "capital"
FORGIVENESS = "forgiveness"

KINDS = ("contribution", "takeover", "payment", "repayment", "forgiveness")


def receivable(household_id: int) -> str:
    return f"receivable:{household_id}"


def payable(creditor_id: int) -> str:
    return f"payable:{creditor_id}"


class UnbalancedTransaction(ValueError):
    """The debits and credits of a transaction do not add up to zero."""


@dataclass(frozen=True)
class Line:
    account: str
    amount: int  # cents: debit > 0, credit < 0


@dataclass(frozen=True)
class Transaction:
    kind: str
    key: str  # idempotency key: one transaction per key, ever
    date: datetime.date
    lines: tuple[Line, ...]


def check_balanced(lines: Sequence[Line]) -> None:
    if len(lines) < 2:
        raise UnbalancedTransaction("een boeking heeft minstens twee regels")
    for line in lines:
        if not isinstance(line.amount, int) or isinstance(line.amount, bool):
            raise TypeError("bedragen zijn hele centen")
        if line.amount == 0:
            raise UnbalancedTransaction("een boekingsregel van € 0,00 heeft geen betekenis")
    if sum(line.amount for line in lines) != 0:
        raise UnbalancedTransaction("debet en credit zijn niet gelijk")


def _pair(kind: str, key: str, date: datetime.date, debit: str, credit: str, amount: int):
    if amount <= 0:
        raise ValueError("het bedrag moet groter dan € 0,00 zijn")
    lines = (Line(debit, amount), Line(credit, -amount))
    check_balanced(lines)
    return Transaction(kind, key, date, lines)


def contribution(key: str, date: datetime.date, amount: int) -> Transaction:
    return _pair("contribution", key, date, CASH, CAPITAL, amount)


def takeover(key: str, date: datetime.date, household: int, creditor: int, amount: int):
    return _pair("takeover", key, date, receivable(household), payable(creditor), amount)


def payment(key: str, date: datetime.date, creditor: int, amount: int) -> Transaction:
    return _pair("payment", key, date, payable(creditor), CASH, amount)


def repayment(key: str, date: datetime.date, household: int, amount: int) -> Transaction:
    return _pair("repayment", key, date, CASH, receivable(household), amount)


def forgive(key: str, date: datetime.date, household: int, amount: int) -> Transaction:
    return _pair("forgiveness", key, date, FORGIVENESS, receivable(household), amount)


class Journal:
    """An in-memory append-only journal: the reference the database layer must match."""

    def __init__(self) -> None:
        self.transactions: list[Transaction] = []
        self._keys: set[str] = set()

    def post(self, transaction: Transaction) -> bool:
        """Append; False (and nothing changes) when the key was posted before."""
        check_balanced(transaction.lines)
        if transaction.key in self._keys:
            return False
        self._keys.add(transaction.key)
        self.transactions.append(transaction)
        return True

    def balances(self) -> dict[str, int]:
        return balances(self.transactions)


def balances(transactions: Iterable[Transaction]) -> dict[str, int]:
    """Debit-positive balance per account."""
    result: dict[str, int] = defaultdict(int)
    for transaction in transactions:
        for line in transaction.lines:
            result[line.account] += line.amount
    return dict(result)


@dataclass(frozen=True)
class TrialBalanceRow:
    account: str
    debit: int
    credit: int


def trial_balance(account_balances: dict[str, int]) -> list[TrialBalanceRow]:
    """One row per account with its balance on the debit or the credit side."""
    return [
        TrialBalanceRow(account, max(balance, 0), max(-balance, 0))
        for account, balance in sorted(account_balances.items())
    ]
