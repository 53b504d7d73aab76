"""The fund's policy: settlement percentages, the term, forgiveness shares and the cap.

A policy choice of the municipality, not law: every value here can be overridden with the
setting ``LEEFWERELD_DEBT_FUND_POLICY`` (a dict with the same keys). Percentages are
stored as basis points (1 % = 100) so all arithmetic stays in integers.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction

from django.conf import settings

from leefwereld.rules import fund_promise


@dataclass(frozen=True)
class FundPolicy:
    # NVVK term for a schuldregeling from 2023-07-01 (rules.default_term_months); the
    # fund may choose up to 180 months (NIHS, unconfirmed in a primary source).
    term_months: int = 18
    max_term_months: int = 180
    # Sector agreements: a fixed settlement percentage per creditor sector, in basis
    # points. A sector without an agreement gets the one equal percentage
    # (afloscapaciteit × term / total debt). Empty by default: the municipality fills
    # in the agreements it actually signed.
    sector_agreements: dict[str, int] = field(default_factory=dict)
    # Share of the remaining debt forgiven when a goal is reached, per goal kind.
    goal_shares: dict[str, int] = field(
        default_factory=lambda: {
            "budget_coaching": 1000,
            "stable_income": 1500,
            "no_new_arrears": 1500,
            "work_or_education": 2000,
            "volunteering": 1000,
        }
    )
    # The total forgiven through goals never exceeds this share of the debt taken over.
    forgiveness_cap: int = 5000
    # The fund's promise: working days per phase from registration to takeover (they add
    # up to four weeks; rules.fund_promise). The fast route (children at risk) halves it.
    promise_working_days: dict[str, int] = field(
        default_factory=lambda: dict(fund_promise.DEFAULT_DAYS)
    )
    fast_working_days: dict[str, int] = field(default_factory=lambda: dict(fund_promise.FAST_DAYS))
    # Days before the end of the four weeks at which the clock turns orange.
    warning_days: int = 7
    # A repayment counts as late this many days after its due date.
    grace_days: int = 5
    # How long aftercare usually lasts (shown to the resident; the checklist decides).
    aftercare_months: int = 6

    def goal_share(self, kind: str) -> Fraction:
        return Fraction(self.goal_shares.get(kind, 0), 10_000)

    def promise_days(self, children_at_risk: bool) -> dict[str, int]:
        return self.fast_working_days if children_at_risk else self.promise_working_days

    def cap_cents(self, taken_over: int) -> int:
        return taken_over * self.forgiveness_cap // 10_000


def current_policy() -> FundPolicy:
    overrides = getattr(settings, "LEEFWERELD_DEBT_FUND_POLICY", None) or {}
    return replace(FundPolicy(), **overrides)
