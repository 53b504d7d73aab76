"""Household keys: who counts as living at the same address.

A panel may hold at most one person per household. Registrations are typed in by
hand, so the same address arrives as "Kerkstraat 1a", "Kerkstraat 1 A" or
"kerkstraat 1-a". Exact string comparison would treat those as different
households and let two housemates onto one panel; the normalisation below makes
them compare equal while keeping genuinely different addresses apart
("Kerkstraat 1a" and "Kerkstraat 1b", "Kerkstraat 1" and "Kerkstraat 11").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# Abbreviations that appear at the end of a Dutch street name. Expanded so that
# "Kerkstr. 1" and "Kerkstraat 1" meet. Kept short on purpose: every entry here is
# a chance to merge two addresses that are really different.
_STREET_SUFFIXES: dict[str, str] = {
    "str": "straat",
    "ln": "laan",
    "pln": "plein",
    "gr": "gracht",
    "kd": "kade",
    "sngl": "singel",
}

# Longest first, so "pln" wins over "ln".
_SUFFIXES_LONGEST_FIRST = sorted(_STREET_SUFFIXES.items(), key=lambda item: -len(item[0]))

# House-number additions written as separate words ("1 bis", "2 hs", "3 II").
_ADDITION_WORDS = frozenset({"bis", "hs", "huis", "bg", "bv", "i", "ii", "iii", "iv", "rd", "zw"})

_PUNCTUATION = re.compile(r"[^\w\s]", flags=re.UNICODE)
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)", flags=re.UNICODE)
_POSTCODE = re.compile(r"\b(\d{4})\s+([a-z]{2})\b")


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise_address(address: str) -> str:
    """Return a canonical form of one address field.

    The rules, in order: case and accents are ignored; punctuation becomes a space;
    a street glued to its number is split ("Kerkstraat1a"); a house-number addition
    written apart is glued to the number ("1 a", "1-a", "1 bis" become "1a", "1bis");
    a Dutch postcode is written without its space ("1234 AB" becomes "1234ab");
    a few common street abbreviations are expanded ("Kerkstr." becomes "kerkstraat").
    """
    text = _strip_accents(address).casefold()
    text = _PUNCTUATION.sub(" ", text)
    text = _LETTER_DIGIT.sub(" ", text)
    text = _POSTCODE.sub(r"\1\2", text)
    tokens = text.split()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        for short, full in _SUFFIXES_LONGEST_FIRST:
            if token.endswith(short) and len(token) > len(short) and not token[0].isdigit():
                token = token[: -len(short)] + full
                break
        else:
            if token in _STREET_SUFFIXES:
                token = _STREET_SUFFIXES[token]
        if token.isdigit() and i + 1 < len(tokens):
            nxt = tokens[i + 1]
            # A single letter or a known addition word right after a number belongs to it.
            if (len(nxt) == 1 and nxt.isalpha()) or nxt in _ADDITION_WORDS:
                token = token + nxt
                i += 1
        out.append(token)
        i += 1
    return " ".join(out)


def household_key(fields: Sequence[str]) -> str | None:
    """Combine one or more address fields into a household key.

    Returns None when every field is blank: people without an address are never
    grouped together, because "unknown" is not a shared household.
    """
    parts = [normalise_address(field) for field in fields]
    if not any(parts):
        return None
    return "|".join(parts)
