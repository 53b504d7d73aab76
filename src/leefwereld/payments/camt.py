"""Bank statements in CAMT.053 (ISO 20022 bank-to-customer statement) through pycamt.

pycamt reads versions .02 to .12 with lxml, entities not resolved and no network. We add
three things around it: a document with a DTD is refused before parsing (a statement never
has one, and it closes the door on entity tricks for good); amounts become integer cents
with the sign of the credit/debit indicator; and every line gets a key that is the same
each time the same file is read, so the import on top can be idempotent.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from lxml.etree import XMLSyntaxError
from pycamt.parser import Camt053ParseError, Camt053Parser

BOOKED = {"BOOK", None}


class StatementError(ValueError):
    """Not a readable CAMT.053 statement; the message is Dutch and says why."""


@dataclass(frozen=True)
class StatementLine:
    key: str  # stable per line of a file: the bank's reference, else a digest of the line
    account_iban: str  # the account the statement is about (ours)
    booking_date: datetime.date
    amount_cents: int  # credit positive, debit negative
    counterparty_iban: str  # who paid us (credit) or whom we paid (debit)
    counterparty_name: str
    reference: str  # structured creditor reference, else the first free-text line
    remittance: str  # all free-text remittance lines
    end_to_end_id: str
    bank_reference: str

    @property
    def credit(self) -> bool:
        return self.amount_cents > 0


def _cents(text: str | None, where: str) -> int:
    try:
        amount = Decimal((text or "").strip())
    except InvalidOperation as error:
        raise StatementError(f"{where}: het bedrag '{text}' is geen geldig bedrag.") from error
    cents = amount * 100
    if cents != cents.to_integral_value() or amount < 0:
        raise StatementError(f"{where}: het bedrag '{text}' is geen geldig bedrag.")
    return int(cents)


def _date(text: str | None, where: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat((text or "")[:10])
    except ValueError as error:
        raise StatementError(f"{where}: de boekdatum '{text}' is geen geldige datum.") from error


def read_camt053(data: bytes) -> list[StatementLine]:
    try:
        head = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise StatementError("Het bankafschrift is geen UTF-8-tekst.") from error
    if "<!DOCTYPE" in head or "<!ENTITY" in head:
        raise StatementError("Het bankafschrift bevat een DTD; dat past niet bij CAMT.053.")
    try:
        parser = Camt053Parser(data)
    except XMLSyntaxError as error:
        raise StatementError(f"Het bankafschrift is geen geldige XML: {error}") from error
    if "camt.053" not in parser.version and "camt.053" not in str(parser.tree.tag):
        raise StatementError("Het bestand is geen CAMT.053-bankafschrift.")
    try:
        rows = parser.get_transactions()
    except (Camt053ParseError, AttributeError) as error:
        raise StatementError("In het bankafschrift staat geen afschrift (Stmt).") from error
    lines: list[StatementLine] = []
    seen: Counter[str] = Counter()
    for number, row in enumerate(rows, start=1):
        if row.get("Status") not in BOOKED:
            continue  # pending or informational: not (yet) money on the account
        where = f"Boeking {number}"
        if (row.get("Currency") or "EUR") != "EUR":
            raise StatementError(f"{where}: alleen bedragen in euro worden ingelezen.")
        cents = _cents(row.get("Amount"), where)
        indicator = row.get("CreditDebitIndicator")
        if indicator not in ("CRDT", "DBIT"):
            raise StatementError(f"{where}: onbekende bij/af-aanduiding '{indicator}'.")
        if row.get("ReversalIndicator") == "true":
            indicator = "DBIT" if indicator == "CRDT" else "CRDT"
        signed = cents if indicator == "CRDT" else -cents
        side = "Debtor" if indicator == "CRDT" else "Creditor"
        account = (row.get("AccountIBAN") or "").replace(" ", "").upper()
        fields = (
            account,
            str(row.get("BookingDate")),
            str(signed),
            str(row.get(f"{side}IBAN")),
            str(row.get("RemittanceInformationFull") or row.get("RemittanceInformation")),
            str(row.get("EndToEndId")),
        )
        base = row.get("TransactionID") or hashlib.sha256("|".join(fields).encode()).hexdigest()
        base = f"{account}:{base}"
        seen[base] += 1
        key = f"{base}#{seen[base]}"
        if len(key) > 120:
            key = hashlib.sha256(key.encode()).hexdigest()
        lines.append(
            StatementLine(
                key=key,
                account_iban=account,
                booking_date=_date(row.get("BookingDate"), where),
                amount_cents=signed,
                counterparty_iban=(row.get(f"{side}IBAN") or "").replace(" ", "").upper(),
                counterparty_name=row.get(f"{side}Name") or "",
                reference=(row.get("RemittanceInformation") or "").strip(),
                remittance=(
                    row.get("RemittanceInformationFull") or row.get("RemittanceInformation") or ""
                ).strip(),
                end_to_end_id=row.get("EndToEndId") or "",
                bank_reference=row.get("TransactionID") or "",
            )
        )
    return lines


CAMT_NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"


@dataclass(frozen=True)
class Booking:
    """One entry to write in a statement (for demo data, tests and benchmarks)."""

    booking_date: datetime.date
    amount_cents: int  # credit positive, debit negative
    counterparty_iban: str
    counterparty_name: str
    remittance: str
    bank_reference: str


def camt053(
    account_iban: str, statement_id: str, created: datetime.datetime, bookings: list[Booking]
) -> bytes:
    """A CAMT.053.001.02 statement with one entry per booking, as a Dutch bank sends it."""
    from xml.etree import ElementTree as ET

    ET.register_namespace("", CAMT_NAMESPACE)
    q = f"{{{CAMT_NAMESPACE}}}"

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, q + tag, attrs)
        if text is not None:
            element.text = text
        return element

    document = ET.Element(q + "Document")
    root = sub(document, "BkToCstmrStmt")
    header = sub(root, "GrpHdr")
    sub(header, "MsgId", statement_id[:35])
    sub(header, "CreDtTm", created.replace(microsecond=0, tzinfo=None).isoformat())
    statement = sub(root, "Stmt")
    sub(statement, "Id", statement_id[:35])
    sub(statement, "CreDtTm", created.replace(microsecond=0, tzinfo=None).isoformat())
    sub(sub(sub(statement, "Acct"), "Id"), "IBAN", account_iban.replace(" ", ""))
    for booking in bookings:
        credit = booking.amount_cents > 0
        cents = abs(booking.amount_cents)
        entry = sub(statement, "Ntry")
        sub(entry, "Amt", f"{cents // 100}.{cents % 100:02d}", Ccy="EUR")
        sub(entry, "CdtDbtInd", "CRDT" if credit else "DBIT")
        sub(entry, "Sts", "BOOK")
        sub(sub(entry, "BookgDt"), "Dt", booking.booking_date.isoformat())
        sub(sub(entry, "ValDt"), "Dt", booking.booking_date.isoformat())
        sub(entry, "AcctSvcrRef", booking.bank_reference)
        domain = sub(sub(entry, "BkTxCd"), "Domn")
        sub(domain, "Cd", "PMNT")
        family = sub(domain, "Fmly")
        sub(family, "Cd", "RCDT" if credit else "ICDT")
        sub(family, "SubFmlyCd", "ESCT")
        details = sub(sub(entry, "NtryDtls"), "TxDtls")
        sub(sub(details, "Refs"), "EndToEndId", "NOTPROVIDED")
        parties = sub(details, "RltdPties")
        side = "Dbtr" if credit else "Cdtr"
        sub(sub(parties, side), "Nm", booking.counterparty_name[:70])
        sub(sub(sub(parties, side + "Acct"), "Id"), "IBAN", booking.counterparty_iban)
        sub(sub(details, "RmtInf"), "Ustrd", booking.remittance[:140])
    return ET.tostring(document, encoding="utf-8", xml_declaration=True)
