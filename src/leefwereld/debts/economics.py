"""Fund economics from the ledger: what went in, out, back, and what was forgiven.

All figures come from the ledger (money) and the accepted offers (the nominal debt the
fund took over), per month, in integer cents. The council reads them to decide whether
the fund pays off; no figure here is about one household.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from . import ledger
from .models import DebtCase, LedgerLine, Offer


@dataclass
class Month:
    month: str  # YYYY-MM
    contributed: int = 0
    paid: int = 0
    repaid: int = 0
    forgiven: int = 0
    households: int = 0
    nominal: int = 0


@dataclass
class Economics:
    months: list[Month] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(getattr(m, name) for m in self.months)

    @property
    def total_contributed(self) -> int:
        return self.total("contributed")

    @property
    def total_paid(self) -> int:
        return self.total("paid")

    @property
    def total_repaid(self) -> int:
        return self.total("repaid")

    @property
    def total_forgiven(self) -> int:
        return self.total("forgiven")

    @property
    def total_nominal(self) -> int:
        return self.total("nominal")

    @property
    def households(self) -> int:
        return self.total("households")

    @property
    def net_cost(self) -> int:
        """Paid to creditors minus repaid by households: what the fund is out of pocket."""
        return self.total("paid") - self.total("repaid")

    @property
    def cost_per_household(self) -> int | None:
        return self.net_cost // self.households if self.households else None

    @property
    def cents_per_euro(self) -> int | None:
        """Net cost in cents per euro of nominal debt taken over."""
        nominal = self.total("nominal")
        return self.net_cost * 100 // nominal if nominal else None

    @property
    def paid_per_euro(self) -> int | None:
        """What creditors received in cents per euro of their nominal claims."""
        nominal = self.total("nominal")
        return self.total("paid") * 100 // nominal if nominal else None


COLUMN_OF_KIND = {
    "contribution": ("contributed", ledger.CASH, 1),
    "payment": ("paid", ledger.CASH, -1),
    "repayment": ("repaid", ledger.CASH, 1),
    "forgiveness": ("forgiven", ledger.FORGIVENESS, 1),
}


def fund_economics() -> Economics:
    months: dict[str, Month] = {}

    def month(key) -> Month:
        label = key.strftime("%Y-%m")
        return months.setdefault(label, Month(label))

    for kind, (column, account, sign) in COLUMN_OF_KIND.items():
        rows = (
            LedgerLine.objects.filter(transaction__kind=kind, account=account)
            .annotate(m=TruncMonth("transaction__date"))
            .values("m")
            .annotate(s=Sum("amount_cents"))
        )
        for row in rows:
            setattr(month(row["m"]), column, sign * row["s"])
    for row in (
        DebtCase.objects.filter(taken_over_on__isnull=False)
        .annotate(m=TruncMonth("taken_over_on"))
        .values("m")
        .annotate(n=Count("pk"))
    ):
        month(row["m"]).households = row["n"]
    for row in (
        Offer.objects.filter(status=Offer.Status.ACCEPTED, case__taken_over_on__isnull=False)
        .annotate(m=TruncMonth("case__taken_over_on"))
        .values("m")
        .annotate(s=Sum("claim_cents"))
    ):
        month(row["m"]).nominal = row["s"]
    return Economics(sorted(months.values(), key=lambda m: m.month))


CSV_COLUMNS = [
    "maand",
    "gestort",
    "betaald_aan_schuldeisers",
    "terugbetaald",
    "kwijtgescholden",
    "huishoudens_overgenomen",
    "nominale_schuld_overgenomen",
]


def to_csv(economics: Economics) -> str:
    """Amounts in euros with a decimal point, for spreadsheets in any locale; figures hidden
    by disclosure control are empty fields."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(CSV_COLUMNS)

    def eur(cents: int | None) -> str:
        if cents is None:  # hidden by disclosure control: an empty field
            return ""
        sign = "-" if cents < 0 else ""
        return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"

    for m in published(economics):
        writer.writerow(
            [
                m["month"],
                eur(m["contributed"]),
                eur(m["paid"]),
                eur(m["repaid"]),
                eur(m["forgiven"]),
                "" if m["households"] is None else m["households"],
                eur(m["nominal"]),
            ]
        )
    return out.getvalue()


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    height: int
    width: int
    series: str
    label: str


def chart_bars(economics: Economics, *, height: int = 200, slot: int = 48) -> dict:
    """Coordinates of a grouped bar chart (paid, repaid, forgiven per month) for an SVG."""
    series = ("paid", "repaid", "forgiven")
    peak = max([getattr(m, s) for m in economics.months for s in series] + [1])
    bars = []
    for i, m in enumerate(economics.months):
        for j, s in enumerate(series):
            value = getattr(m, s)
            h = value * height // peak
            bars.append(Bar(40 + i * slot + j * 12, 10 + height - h, h, 10, s, m.month))
    return {
        "bars": bars,
        "width": 60 + len(economics.months) * slot,
        "height": height + 40,
        "baseline": 10 + height,
        "labels": [(40 + i * slot, m.month) for i, m in enumerate(economics.months)],
    }


def published(economics: Economics) -> list[dict]:
    """The monthly rows as the page and CSV may show them (rules/disclosure.py, ADR 0017).

    The households taken over per month form one table with the fund's total as its total:
    small months are hidden, and another month with them so the total cannot give them
    away. A month's amounts paid and taken over are the sums of that month's households'
    debts: they are hidden with the month's count. Repayments and forgiveness pool all the
    fund's households and stay visible; the totals above the table are the fund's own.
    """
    from leefwereld.rules import disclosure

    table = disclosure.protect(
        [m.month for m in economics.months], ["n"], [[m.households] for m in economics.months]
    )
    rows = []
    for i, m in enumerate(economics.months):
        households = table.cells[i][0]
        hidden = households.is_hidden
        rows.append(
            {
                "month": m.month,
                "contributed": m.contributed,
                "paid": None if hidden else m.paid,
                "repaid": m.repaid,
                "forgiven": m.forgiven,
                "households": households.value,
                "nominal": None if hidden else m.nominal,
            }
        )
    return rows


def chart_economics(economics: Economics) -> Economics:
    """The months for the chart: a bar hidden in the table is not drawn either."""
    rows = {row["month"]: row for row in published(economics)}
    return Economics(
        [
            Month(
                m.month,
                contributed=m.contributed,
                paid=rows[m.month]["paid"] or 0,
                repaid=m.repaid,
                forgiven=m.forgiven,
                households=rows[m.month]["households"] or 0,
                nominal=rows[m.month]["nominal"] or 0,
            )
            for m in economics.months
        ]
    )
