"""Debt settlement arithmetic: the offer to creditors, its split, and forgiveness.

* :func:`settlement_offer`: a debt fund or schuldregeling offers creditors what
  the debtor can repay over the term: ``min(total debt, afloscapaciteit × term)``.
  The creditor percentage is that offer over the total debt (at most 100 %). The
  term is 18 months by default (NVVK advice for Msnp-regelingen from
  2023-07-01), configurable up to 180 months (NIHS debt funds, unconfirmed).
  Source of the formula: project brief DOMAIN-RULES §1c, inferred [U]; the NVVK
  Module Schuldregeling pays "as much as possible from the afloscapaciteit" over
  the term, after which the rest is forgiven.
* :func:`split_offer`: the offer is shared pro rata over the creditors' claims
  (pondspondsgewijs) in whole cents with the largest-remainder method, so the
  shares add up exactly to the offer and nobody gets more than their claim.
* :func:`forgiveness`: reaching a goal with share ``s`` forgives ``s`` of the
  remaining debt, rounded **down** to whole cents, never more than the
  remaining debt and never beyond a cap on the total forgiven.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from leefwereld.rules.parameters.capacity import MAX_TERMIJN_NIHS, aflostermijn


@dataclass(frozen=True, slots=True)
class SettlementOffer:
    total_debt: int  # cents
    afloscapaciteit: int  # cents per month
    term_months: int
    offer: int  # cents: what the creditors receive together
    percentage: Fraction  # offer / total debt, at most 1

    @property
    def forgiven(self) -> int:
        """What the creditors forgive (finale kwijting) in cents."""
        return self.total_debt - self.offer


def default_term_months(start: dt.date) -> int:
    """The NVVK term for a schuldregeling starting on ``start`` (18 from 2023-07-01, else 36)."""
    return aflostermijn(start).value


def settlement_offer(
    afloscapaciteit: int, total_debt: int, term_months: int = 18
) -> SettlementOffer:
    """The offer to creditors: ``min(total_debt, afloscapaciteit × term_months)``.

    Raises ValueError for negative amounts or a term outside 1–180 months.
    """
    if afloscapaciteit < 0:
        raise ValueError("afloscapaciteit: kan niet negatief zijn")
    if total_debt < 0:
        raise ValueError("total_debt: kan niet negatief zijn")
    if not 1 <= term_months <= MAX_TERMIJN_NIHS.value:
        raise ValueError(
            f"term_months: tussen 1 en {MAX_TERMIJN_NIHS.value} maanden, kreeg {term_months}"
        )
    offer = min(total_debt, afloscapaciteit * term_months)
    percentage = Fraction(offer, total_debt) if total_debt else Fraction(1)
    return SettlementOffer(total_debt, afloscapaciteit, term_months, offer, percentage)


def creditor_percentage(afloscapaciteit: int, total_debt: int, term_months: int = 18) -> Fraction:
    """``min(1, afloscapaciteit × term_months / total_debt)`` as an exact fraction."""
    return settlement_offer(afloscapaciteit, total_debt, term_months).percentage


def split_offer(offer: int, claims: Sequence[int]) -> list[int]:
    """Split ``offer`` cents over ``claims`` pro rata, in whole cents, losing none.

    Largest remainder: every creditor first gets the floor of their exact share;
    the cents left over go one each to the largest fractional remainders (ties:
    larger claim first, then the earlier creditor). The result sums to
    ``offer`` exactly and no share exceeds its claim.
    """
    if offer < 0:
        raise ValueError("offer: kan niet negatief zijn")
    if any(claim < 0 for claim in claims):
        raise ValueError("claims: een vordering kan niet negatief zijn")
    total = sum(claims)
    if offer > total:
        raise ValueError(f"offer ({offer}) is groter dan het totaal van de vorderingen ({total})")
    if total == 0:
        return [0 for _ in claims]
    shares = []
    remainders = []
    for index, claim in enumerate(claims):
        share, remainder = divmod(offer * claim, total)
        shares.append(share)
        remainders.append((remainder, claim, -index))
    left = offer - sum(shares)
    order = sorted(range(len(claims)), key=lambda i: remainders[i], reverse=True)
    for index in order[:left]:
        shares[index] += 1
    return shares


@dataclass(frozen=True, slots=True)
class Forgiveness:
    amount: int  # cents forgiven now
    remaining_after: int  # remaining debt after this forgiveness
    total_forgiven_after: int
    capped: bool  # whether the cap limited the amount


def forgiveness(
    remaining_debt: int,
    share: Fraction,
    *,
    already_forgiven: int = 0,
    cap: int | None = None,
) -> Forgiveness:
    """Forgive ``share`` of ``remaining_debt`` (rounded down to whole cents).

    The amount is never more than the remaining debt and, when ``cap`` is given,
    never takes the total forgiven (``already_forgiven`` + this amount) beyond
    ``cap``. Rounding down means the debtor is never credited a fraction of a
    cent that was not earned; the cap wins over the share.
    """
    if remaining_debt < 0 or already_forgiven < 0:
        raise ValueError("bedragen kunnen niet negatief zijn")
    if not 0 <= share <= 1:
        raise ValueError("share: een aandeel tussen 0 en 1 verwacht")
    if cap is not None and cap < 0:
        raise ValueError("cap: kan niet negatief zijn")
    amount = remaining_debt * share.numerator // share.denominator
    amount = min(amount, remaining_debt)
    capped = False
    if cap is not None:
        room = max(0, cap - already_forgiven)
        if amount > room:
            amount, capped = room, True
    return Forgiveness(
        amount=amount,
        remaining_after=remaining_debt - amount,
        total_forgiven_after=already_forgiven + amount,
        capped=capped,
    )
