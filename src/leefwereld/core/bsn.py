"""The Burgerservicenummer and its 11-proef.

Source: Wet algemene bepalingen burgerservicenummer; the check is published in the
Logius "Logisch Ontwerp BSN" (elfproef voor het BSN: weights 9..2 and -1 for the last
digit, the weighted sum divisible by 11). Geldend vanaf 2007-11-26.
"""

BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def bsn_checksum(digits: str) -> int:
    return sum(int(d) * w for d, w in zip(digits, BSN_WEIGHTS, strict=True))


def is_valid_bsn(value: str) -> bool:
    """True when `value` is nine digits that pass the BSN 11-proef (and is not all zeros).

    Eight-digit numbers are historically valid BSNs written without the leading zero; we
    accept them so imports from older systems don't fail.
    """
    value = value.strip()
    if len(value) == 8:
        value = "0" + value
    # ASCII digits only: str.isdigit() also says yes to '²' and '٣', which int() rejects.
    if len(value) != 9 or not value.isascii() or not value.isdigit() or value == "000000000":
        return False
    return bsn_checksum(value) % 11 == 0


def normalise_bsn(value: str) -> str:
    value = value.strip()
    return value.zfill(9) if len(value) == 8 else value
