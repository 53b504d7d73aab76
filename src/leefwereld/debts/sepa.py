"""The fund's payment file: its payment instructions as SEPA credit transfers (pain.001).

The format itself is `leefwereld.payments.pain001` (sepaxml, validated against the
schema). This module only turns the fund's instructions and configured account into that
module's plain data. The file only asks the bank to pay; an instruction counts as paid when
the officer marks it paid (after the bank statement).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from leefwereld import payments

from .models import PaymentInstruction

NAMESPACE = payments.NAMESPACE


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
    name, iban = fund_account()
    transfers = [
        payments.Transfer(
            creditor_name=i.creditor_name,
            creditor_iban=i.creditor_iban,
            amount_cents=i.amount_cents,
            end_to_end_id=i.end_to_end_id,
            remittance=i.remittance,
        )
        for i in instructions
    ]
    return payments.pain001(
        payments.Account(name=name, iban=iban),
        transfers,
        message_id=message_id,
        execution_date=execution_date,
        created=created,
    )
