"""IBAN check digits (ISO 13616, mod 97) for Dutch demo and test accounts."""


def _numeric(text: str) -> int:
    return int("".join(str(int(ch, 36)) for ch in text))


def is_valid_iban(iban: str) -> bool:
    iban = iban.replace(" ", "").upper()
    if len(iban) < 15 or not iban.isalnum():
        return False
    return _numeric(iban[4:] + iban[:4]) % 97 == 1


def dutch_iban(bank: str, account: int) -> str:
    """NLkk BANK 0123456789 with correct check digits (bank: four letters)."""
    bban = f"{bank}{account:010d}"
    check = 98 - _numeric(bban + "NL00") % 97
    return f"NL{check:02d}{bban}"
