"""The shared payment module: IBANs, the pain.001 file and reading CAMT.053 statements."""

from __future__ import annotations

import datetime
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leefwereld import payments

NS = {"p": payments.NAMESPACE}
FUND = payments.Account(name="Schuldenfonds Rotterdam", iban="NL02 ABNA 0123 4567 89")
DAY = datetime.date(2026, 12, 8)


def test_published_example_ibans_are_valid_and_a_changed_digit_is_not():
    # The example IBANs of the Dutch and German banking associations.
    assert payments.valid_iban("NL91 ABNA 0417 1643 00")
    assert payments.valid_iban("DE89370400440532013000")
    assert not payments.valid_iban("NL91ABNA0417164301")
    assert not payments.valid_iban("NL91ABNA041716430")  # one digit short
    assert not payments.valid_iban("geen rekening")


def test_compact_iban_names_the_bad_value_in_dutch():
    with pytest.raises(payments.InvalidIBAN, match="'NL00 FOUT' is geen geldig IBAN"):
        payments.compact_iban("NL00 FOUT")


@given(st.sampled_from(["ABNA", "INGB", "RABO", "BNGH"]), st.integers(0, 9_999_999_999))
def test_generated_dutch_ibans_are_always_valid(bank, account):
    iban = payments.dutch_iban(bank, account)
    assert iban.startswith("NL") and len(iban) == 18
    assert payments.valid_iban(iban)


def _transfers(amounts):
    return [
        payments.Transfer(
            creditor_name=f"Schuldeiser {n}",
            creditor_iban=payments.dutch_iban("INGB", n),
            amount_cents=amount,
            end_to_end_id=f"E2E-{n}",
            remittance=f"SF-000054 regeling {n}",
        )
        for n, amount in enumerate(amounts, start=1)
    ]


# Schema validation per example; the machine is shared, so no per-example deadline.
@settings(deadline=None, max_examples=40)
@given(st.lists(st.integers(1, 10_000_000), min_size=1, max_size=20))
def test_the_pain001_control_sum_is_the_sum_of_the_cents(amounts):
    xml = payments.pain001(FUND, _transfers(amounts), message_id="M1", execution_date=DAY)
    root = ET.fromstring(xml)  # noqa: S314 - our own output
    header = root.find("p:CstmrCdtTrfInitn/p:GrpHdr", NS)
    total = sum(amounts)
    assert header.find("p:CtrlSum", NS).text == f"{total // 100}.{total % 100:02d}"
    assert header.find("p:NbOfTxs", NS).text == str(len(amounts))
    txs = root.findall("p:CstmrCdtTrfInitn/p:PmtInf/p:CdtTrfTxInf", NS)
    assert [tx.find("p:PmtId/p:EndToEndId", NS).text for tx in txs] == [
        f"E2E-{n}" for n in range(1, len(amounts) + 1)
    ]


def test_the_pain001_file_carries_the_callers_message_id_and_time():
    xml = payments.pain001(
        FUND,
        _transfers([12_345]),
        message_id="LW-SF-20261208",
        execution_date=DAY,
        created=datetime.datetime(2026, 12, 7, 9, 30, 15, 999),
    )
    root = ET.fromstring(xml)  # noqa: S314 - our own output
    header = root.find("p:CstmrCdtTrfInitn/p:GrpHdr", NS)
    assert header.find("p:MsgId", NS).text == "LW-SF-20261208"
    assert header.find("p:CreDtTm", NS).text == "2026-12-07T09:30:15"
    info = root.find("p:CstmrCdtTrfInitn/p:PmtInf", NS)
    assert info.find("p:DbtrAcct/p:Id/p:IBAN", NS).text == "NL02ABNA0123456789"
    assert info.find("p:ReqdExctnDt", NS).text == "2026-12-08"


def test_a_transfer_to_a_bad_iban_or_of_nothing_is_refused_by_name():
    bad = payments.Transfer("X", "NL00INGB0000000001", 100, "E2E-9", "r")
    with pytest.raises(ValueError, match="Betaling E2E-9"):
        payments.pain001(FUND, [bad], message_id="M", execution_date=DAY)
    nothing = payments.Transfer("X", payments.dutch_iban("INGB", 1), 0, "E2E-8", "r")
    with pytest.raises(ValueError, match="Betaling E2E-8: het bedrag"):
        payments.pain001(FUND, [nothing], message_id="M", execution_date=DAY)
    with pytest.raises(ValueError, match="geen betalingen"):
        payments.pain001(FUND, [], message_id="M", execution_date=DAY)


def _booking(n, cents, iban=None, remittance="SF-000054"):
    return payments.Booking(
        booking_date=datetime.date(2026, 12, 1),
        amount_cents=cents,
        counterparty_iban=iban or payments.dutch_iban("RABO", n),
        counterparty_name=f"Bewoner {n}",
        remittance=remittance,
        bank_reference=f"BANK-{n}",
    )


def test_a_statement_reads_back_in_cents_with_sign_and_counterparty():
    bookings = [_booking(1, 5_000), _booking(2, -1_250, remittance="kosten")]
    data = payments.camt053(FUND.iban, "ST-1", datetime.datetime(2026, 12, 2), bookings)
    lines = payments.read_camt053(data)
    assert [(line.amount_cents, line.counterparty_iban) for line in lines] == [
        (5_000, payments.dutch_iban("RABO", 1)),
        (-1_250, payments.dutch_iban("RABO", 2)),
    ]
    assert lines[0].credit and not lines[1].credit
    assert lines[0].reference == "SF-000054"
    assert lines[0].account_iban == "NL02ABNA0123456789"
    assert lines[0].booking_date == datetime.date(2026, 12, 1)


@settings(deadline=None, max_examples=40)
@given(st.lists(st.integers(-100_000, 100_000).filter(bool), min_size=1, max_size=15))
def test_reading_the_same_file_twice_gives_the_same_keys_and_no_key_twice(amounts):
    bookings = [_booking(n, cents) for n, cents in enumerate(amounts)]
    data = payments.camt053(FUND.iban, "ST-2", datetime.datetime(2026, 12, 2), bookings)
    first, second = payments.read_camt053(data), payments.read_camt053(data)
    assert [line.key for line in first] == [line.key for line in second]
    assert len({line.key for line in first}) == len(first)
    assert [line.amount_cents for line in first] == amounts


def test_a_bank_file_example_with_a_structured_reference_reads():
    # Shape of a Dutch bank's camt.053.001.02 export (entry with batch details and a
    # structured creditor reference).
    data = b"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
 <BkToCstmrStmt><GrpHdr><MsgId>B1</MsgId><CreDtTm>2026-12-02T06:00:00</CreDtTm></GrpHdr>
  <Stmt><Id>B1-1</Id><CreDtTm>2026-12-02T06:00:00</CreDtTm>
   <Acct><Id><IBAN>NL02ABNA0123456789</IBAN></Id></Acct>
   <Ntry><Amt Ccy="EUR">75.10</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
    <BookgDt><Dt>2026-12-01</Dt></BookgDt><ValDt><Dt>2026-12-01</Dt></ValDt>
    <NtryDtls><TxDtls><Refs><EndToEndId>E2E-77</EndToEndId></Refs>
     <RltdPties><Dbtr><Nm>J. Jansen</Nm></Dbtr>
      <DbtrAcct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></DbtrAcct></RltdPties>
     <RmtInf><Strd><CdtrRefInf><Ref>SF-000054</Ref></CdtrRefInf></Strd></RmtInf>
    </TxDtls></NtryDtls></Ntry>
   <Ntry><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>PDNG</Sts>
    <BookgDt><Dt>2026-12-01</Dt></BookgDt></Ntry>
  </Stmt></BkToCstmrStmt></Document>"""
    (line,) = payments.read_camt053(data)  # the pending entry is not money yet
    assert line.amount_cents == 7_510
    assert line.reference == "SF-000054"
    assert line.end_to_end_id == "E2E-77"
    assert line.counterparty_name == "J. Jansen"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"geen xml", "geen geldige XML"),
        ("<a/>".encode("utf-16"), "UTF-8"),
        (b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', "DTD"),
        (b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"/>', "CAMT.053"),
    ],
)
def test_what_is_not_a_statement_is_refused_with_a_dutch_reason(data, message):
    with pytest.raises(payments.StatementError, match=message):
        payments.read_camt053(data)


def test_a_document_against_the_pain001_schema_is_refused():
    from leefwereld.payments import sepa

    broken = b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><x/></Document>'
    with pytest.raises(ValueError, match=r"voldoet niet aan pain\.001\.001\.03"):
        sepa._validate(broken)
