"""SEPA credit transfer initiation (ISO 20022 pain.001.001.03) for payment instructions.

Generated with the standard library's ElementTree. The structure follows the EPC SEPA
Credit Transfer Implementation Guidelines: one group header, one payment information block
with the fund as debtor, one credit transfer per instruction. Service level SEPA, charges
SLEV, amounts in euros with two decimals. The file only asks the bank to pay; an
instruction counts as paid when the officer marks it paid (after the bank statement).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from xml.etree import ElementTree as ET

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from .models import PaymentInstruction

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"


def _amount(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


class FundAccountMissing(ImproperlyConfigured):
    """No IBAN of the fund is configured: a payment file without the fund's own account
    (or with a sample one) must never be made."""


def fund_account() -> tuple[str, str]:
    """The fund's name and IBAN (settings LEEFWERELD_DEBT_FUND_NAME / _IBAN)."""
    iban = (getattr(settings, "LEEFWERELD_DEBT_FUND_IBAN", "") or "").replace(" ", "")
    if not iban:
        raise FundAccountMissing(
            _(
                "Het rekeningnummer (IBAN) van het schuldenfonds is niet ingesteld "
                "(LEEFWERELD_DEBT_FUND_IBAN); zonder dat wordt geen betaalbestand gemaakt."
            )
        )
    name = getattr(settings, "LEEFWERELD_DEBT_FUND_NAME", "") or "Gemeentelijk schuldenfonds"
    return name, iban


def pain001(
    instructions: Sequence[PaymentInstruction],
    *,
    message_id: str,
    created: datetime.datetime,
    execution_date: datetime.date,
) -> bytes:
    if not instructions:
        raise ValueError("geen betaalopdrachten")
    name, iban = fund_account()
    total = sum(i.amount_cents for i in instructions)
    ET.register_namespace("", NAMESPACE)
    document = ET.Element(f"{{{NAMESPACE}}}Document")
    root = _sub(document, "CstmrCdtTrfInitn")
    header = _sub(root, "GrpHdr")
    _sub(header, "MsgId", message_id[:35])
    _sub(header, "CreDtTm", created.replace(microsecond=0).isoformat())
    _sub(header, "NbOfTxs", str(len(instructions)))
    _sub(header, "CtrlSum", _amount(total))
    _sub(_sub(header, "InitgPty"), "Nm", name[:70])
    info = _sub(root, "PmtInf")
    _sub(info, "PmtInfId", f"{message_id}-1"[:35])
    _sub(info, "PmtMtd", "TRF")
    _sub(info, "NbOfTxs", str(len(instructions)))
    _sub(info, "CtrlSum", _amount(total))
    _sub(_sub(_sub(info, "PmtTpInf"), "SvcLvl"), "Cd", "SEPA")
    _sub(info, "ReqdExctnDt", execution_date.isoformat())
    _sub(_sub(info, "Dbtr"), "Nm", name[:70])
    _sub(_sub(_sub(info, "DbtrAcct"), "Id"), "IBAN", iban)
    _sub(_sub(_sub(_sub(info, "DbtrAgt"), "FinInstnId"), "Othr"), "Id", "NOTPROVIDED")
    _sub(info, "ChrgBr", "SLEV")
    for instruction in instructions:
        tx = _sub(info, "CdtTrfTxInf")
        _sub(_sub(tx, "PmtId"), "EndToEndId", instruction.end_to_end_id)
        _sub(_sub(tx, "Amt"), "InstdAmt", _amount(instruction.amount_cents), Ccy="EUR")
        _sub(_sub(tx, "Cdtr"), "Nm", instruction.creditor_name[:70])
        _sub(_sub(_sub(tx, "CdtrAcct"), "Id"), "IBAN", instruction.creditor_iban.replace(" ", ""))
        _sub(_sub(tx, "RmtInf"), "Ustrd", instruction.remittance[:140])
    return ET.tostring(document, encoding="utf-8", xml_declaration=True)
