"""Payments: IBANs, SEPA credit transfers (pain.001) and bank statements (CAMT.053).

Shared by the debt fund and finance. Plain functions on plain data: no Django, no models
(import-linter keeps it that way), so a caller turns its own rows into `Transfer`s and the
`StatementLine`s back into its own bookings. The formats are done by maintained libraries
(ADR 0015): `schwifty` for IBANs, `sepaxml` for pain.001 (validated with lxml against the
XSD sepaxml ships), and our own lxml reader for CAMT.053 (pycamt, the maintained reader,
is quadratic in the entries: measured, see camt.py; no entities, no network, a document
with a DTD refused).

API
---
IBANs
    ``valid_iban(text) -> bool``: check digits, length and structure per country.
    ``compact_iban(text) -> str``: upper case, no spaces; raises ``InvalidIBAN`` (a
    ``ValueError`` with a Dutch message) when the IBAN is not valid.
    ``dutch_iban(bank, account) -> str``: NLkk BANK 0123456789 with correct check digits
    (demo and test accounts).

SEPA credit transfer
    ``pain001(debtor: Account, transfers: Sequence[Transfer], *, message_id: str,
    execution_date: date, created: datetime | None = None) -> bytes``: one pain.001.001.03
    document, one batch with the debtor's account, one transaction per transfer, amounts
    in integer cents. Raises ``ValueError`` for no transfers, a non-positive amount or an
    invalid IBAN (the message names the transfer).

Bank statements
    ``read_camt053(data: bytes) -> list[StatementLine]``: every booked entry of every
    statement in the file, credit and debit, amounts in integer cents (credit positive,
    debit negative). Each line has a ``key`` that is the same every time the same file is
    read (the bank's own reference where there is one), so an import can be idempotent.
    Raises ``StatementError`` (a ``ValueError`` with a Dutch message) for anything that is
    not a readable CAMT.053 document.
    ``camt053(account_iban, statement_id, created, bookings: list[Booking]) -> bytes``:
    writes a CAMT.053.001.02 statement (demo data, tests, benchmarks; banks write the real
    ones).
"""

from .camt import Booking, StatementError, StatementLine, camt053, read_camt053
from .iban import InvalidIBAN, compact_iban, dutch_iban, valid_iban
from .sepa import NAMESPACE, Account, Transfer, pain001

__all__ = [
    "NAMESPACE",
    "Account",
    "Booking",
    "InvalidIBAN",
    "StatementError",
    "StatementLine",
    "Transfer",
    "camt053",
    "compact_iban",
    "dutch_iban",
    "pain001",
    "read_camt053",
    "valid_iban",
]
