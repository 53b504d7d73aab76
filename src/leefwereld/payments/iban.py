"""IBANs through schwifty (ISO 13616: country length and structure, mod-97 check digits)."""

from __future__ import annotations

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException


class InvalidIBAN(ValueError):
    """Not a valid IBAN; the message is Dutch and names the value."""


def compact_iban(text: str) -> str:
    try:
        return IBAN(text, validate_bban=False).compact
    except SchwiftyException as error:
        raise InvalidIBAN(f"'{text}' is geen geldig IBAN-rekeningnummer.") from error


def valid_iban(text: str) -> bool:
    try:
        compact_iban(text)
    except InvalidIBAN:
        return False
    return True


def dutch_iban(bank: str, account: int) -> str:
    """NLkk BANK 0123456789 with correct check digits (bank: four letters)."""
    return IBAN.generate("NL", bank_code=bank, account_code=f"{account:010d}").compact
