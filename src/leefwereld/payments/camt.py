"""Bank statements in CAMT.053 (ISO 20022 bank-to-customer statement), read with lxml.

Not through pycamt (the one maintained CAMT.053 reader on PyPI, tried first): it searches
the whole statement again for every entry (`.//Acct//Id//IBAN` per entry), so reading is
quadratic in the number of entries — measured 0.9 s for 500, 2.5 s for 1,000 and 8.0 s
for 2,000 lines, which would be half an hour for a month of Rotterdam's 30,000 repayments
(ADR 0015). This reader walks each entry once.

Safe parsing: a document with a DTD or an entity declaration is refused before parsing
(a statement never has one), and lxml runs without entity resolution and without network.
Versions camt.053.001.02 to .12 (the elements read here kept their names; party names sit
directly under Dbtr/Cdtr up to .04 and under Dbtr/Pty from .08 on: both are read).

Amounts become integer cents with the sign of the credit/debit indicator (a reversal flips
it); only booked entries (Sts BOOK) count; every line gets a key that is the same each
time the same file is read, so the import on top can be idempotent.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from lxml import etree

BOOKED = {"BOOK", ""}


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


def _flat(element, skip: str = "") -> dict[str, list]:
    """Every leaf below `element` by its path of local names ("RltdPties/Dbtr/Nm"), in one
    walk: a statement of 30,000 entries is read in one pass, not 20 searches per entry."""
    out: dict[str, list] = {}
    stack = [(element, "")]
    while stack:
        parent, prefix = stack.pop()
        for child in parent:
            if not isinstance(child.tag, str):
                continue  # a comment or processing instruction
            name = prefix + child.tag.rpartition("}")[2]
            if name == skip:
                continue
            if len(child):
                stack.append((child, name + "/"))
            else:
                out.setdefault(name, []).append(child)
    return out


def _text(flat: dict[str, list], *paths: str) -> str:
    for path in paths:
        for element in flat.get(path, ()):
            if element.text and element.text.strip():
                return element.text.strip()
    return ""


def _parse(data: bytes):
    try:
        head = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise StatementError("Het bankafschrift is geen UTF-8-tekst.") from error
    if "<!DOCTYPE" in head or "<!ENTITY" in head:
        raise StatementError("Het bankafschrift bevat een DTD; dat past niet bij CAMT.053.")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise StatementError(f"Het bankafschrift is geen geldige XML: {error}") from error


def read_camt053(data: bytes) -> list[StatementLine]:
    root = _parse(data)
    namespace = etree.QName(root).namespace or ""
    if "camt.053" not in namespace:
        raise StatementError("Het bestand is geen CAMT.053-bankafschrift.")
    q = f"{{{namespace}}}"
    statements = root.findall(f"{q}BkToCstmrStmt/{q}Stmt")
    if not statements:
        raise StatementError("In het bankafschrift staat geen afschrift (Stmt).")
    lines: list[StatementLine] = []
    seen: Counter[str] = Counter()
    number = 0
    for statement in statements:
        iban = statement.find(f"{q}Acct/{q}Id/{q}IBAN")
        account = (iban.text or "") if iban is not None else ""
        account = account.replace(" ", "").upper()
        for entry in statement.iterfind(f"{q}Ntry"):
            common = _flat(entry, skip="NtryDtls")
            details = entry.findall(f"{q}NtryDtls/{q}TxDtls") or [None]
            for detail in details:
                number += 1
                line = _line(account, common, _flat(detail) if detail is not None else {}, number)
                if line is None:
                    continue
                seen[line.key] += 1
                key = f"{line.key}#{seen[line.key]}"
                if len(key) > 120:
                    key = hashlib.sha256(key.encode()).hexdigest()
                lines.append(replace(line, key=key))
    return lines


def _line(account: str, entry: dict, detail: dict, number: int) -> StatementLine | None:
    where = f"Boeking {number}"
    status = _text(entry, "Sts/Cd", "Sts")
    if status not in BOOKED:
        return None  # pending or informational: not (yet) money on the account
    amounts = detail.get("Amt") or detail.get("AmtDtls/TxAmt/Amt") or entry.get("Amt")
    if not amounts:
        raise StatementError(f"{where}: er staat geen bedrag bij.")
    amount = amounts[0]
    if (amount.get("Ccy") or "EUR") != "EUR":
        raise StatementError(f"{where}: alleen bedragen in euro worden ingelezen.")
    cents = _cents(amount.text, where)
    indicator = _text(detail, "CdtDbtInd") or _text(entry, "CdtDbtInd")
    if indicator not in ("CRDT", "DBIT"):
        raise StatementError(f"{where}: onbekende bij/af-aanduiding '{indicator}'.")
    if _text(entry, "RvslInd") == "true":
        indicator = "DBIT" if indicator == "CRDT" else "CRDT"
    signed = cents if indicator == "CRDT" else -cents
    side = "Dbtr" if indicator == "CRDT" else "Cdtr"
    booking = _text(entry, "BookgDt/Dt", "BookgDt/DtTm", "ValDt/Dt", "ValDt/DtTm")
    bank_reference = _text(detail, "Refs/AcctSvcrRef") or _text(entry, "AcctSvcrRef")
    end_to_end = _text(detail, "Refs/EndToEndId")
    iban = _text(detail, f"RltdPties/{side}Acct/Id/IBAN").replace(" ", "").upper()
    name = _text(detail, f"RltdPties/{side}/Nm", f"RltdPties/{side}/Pty/Nm")
    free = [e.text.strip() for e in detail.get("RmtInf/Ustrd", ()) if e.text and e.text.strip()]
    reference = _text(detail, "RmtInf/Strd/CdtrRefInf/Ref") or (free[0] if free else "")
    remittance = " ".join(free) or _text(entry, "AddtlNtryInf")
    base = (
        bank_reference
        or hashlib.sha256(
            "|".join([account, booking, str(signed), iban, remittance, end_to_end]).encode()
        ).hexdigest()
    )
    return StatementLine(
        key=f"{account}:{base}",
        account_iban=account,
        booking_date=_date(booking, where),
        amount_cents=signed,
        counterparty_iban=iban,
        counterparty_name=name,
        reference=reference,
        remittance=remittance,
        end_to_end_id=end_to_end,
        bank_reference=bank_reference,
    )


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
