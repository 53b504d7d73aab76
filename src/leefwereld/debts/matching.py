"""Matching bank credits to arrangements: by reference, amount and IBAN. Pure: no database.

A line is a repayment of an arrangement when

1. its remittance names exactly one case reference (``SF-000054``) of an arrangement and
   the amount is more than zero and no more than what is still open on it (after the
   lines matched before it in the same run): the reference is what the resident was asked
   to write, and the amount check stops a wrong reference from booking a large sum; or
2. it names no reference, but its IBAN paid exactly one arrangement before and the amount
   is that arrangement's monthly amount (a standing order without a description).

Anything else stays open for the officer, with the reason. Debits (money going out) are
never repayments. Every line gets one answer, so no line is ever assigned to two
arrangements; the open amount is tracked per arrangement, so the lines matched to one
arrangement never add up to more than was open.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

REFERENCE = re.compile(r"SF[-\s]?(\d{6})", re.IGNORECASE)

# Why a line stayed open (shown to the officer, translated in the view).
DEBIT = "debit"
NO_REFERENCE = "no_reference"
UNKNOWN_REFERENCE = "unknown_reference"
TWO_REFERENCES = "two_references"
TOO_MUCH = "too_much"
IBAN_UNKNOWN = "iban_unknown"
IBAN_AMOUNT = "iban_amount"


@dataclass(frozen=True, slots=True)
class Target:
    """An arrangement as matching sees it."""

    arrangement_id: int
    case_id: int
    monthly_cents: int
    open_cents: int


@dataclass(frozen=True, slots=True)
class Line:
    key: str
    amount_cents: int  # credit positive
    counterparty_iban: str
    text: str  # reference and remittance together


@dataclass(frozen=True, slots=True)
class Result:
    key: str
    arrangement_id: int | None
    reason: str = ""  # empty when matched; else why it stayed open
    by: str = ""  # "reference" or "iban"


def references(text: str) -> set[int]:
    return {int(number) for number in REFERENCE.findall(text)}


def match(
    lines: Iterable[Line],
    targets: Mapping[int, Target],
    known_ibans: Mapping[str, frozenset[int]],
) -> list[Result]:
    """targets: by case id (the number in SF-000054); known_ibans: IBAN -> the arrangement
    ids it paid before."""
    by_arrangement = {t.arrangement_id: t for t in targets.values()}
    open_left = {t.arrangement_id: t.open_cents for t in targets.values()}
    results = []
    for line in lines:
        if line.amount_cents <= 0:
            results.append(Result(line.key, None, DEBIT))
            continue
        cases = references(line.text)
        if len(cases) > 1:
            results.append(Result(line.key, None, TWO_REFERENCES))
            continue
        if cases:
            target = targets.get(cases.pop())
            if target is None:
                results.append(Result(line.key, None, UNKNOWN_REFERENCE))
                continue
            by = "reference"
        else:
            paid = known_ibans.get(line.counterparty_iban, frozenset())
            if len(paid) != 1:
                results.append(Result(line.key, None, IBAN_UNKNOWN if not paid else NO_REFERENCE))
                continue
            target = by_arrangement.get(next(iter(paid)))
            if target is None:  # it paid an arrangement that is no longer open
                results.append(Result(line.key, None, IBAN_UNKNOWN))
                continue
            if line.amount_cents != target.monthly_cents:
                results.append(Result(line.key, None, IBAN_AMOUNT))
                continue
            by = "iban"
        if line.amount_cents > open_left[target.arrangement_id]:
            results.append(Result(line.key, None, TOO_MUCH))
            continue
        open_left[target.arrangement_id] -= line.amount_cents
        results.append(Result(line.key, target.arrangement_id, by=by))
    return results
