"""Hypothesis on the money invariants of issue 14: integer cents; the ledger balances;
commitments never exceed a budget line without a recorded decision; the reserve balance
is reserve − drawdowns; a refused line never reaches a batch; no line is paid twice."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import UserFactory, as_actor
from leefwereld.finance import checks, figures, services
from leefwereld.finance.models import (
    BudgetYear,
    Commitment,
    DeclarationLine,
    LedgerLine,
)
from leefwereld.finance.services import FinanceError
from leefwereld.rules import products

from .factories import granted_decision, world

days = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2028, 12, 31))


@given(st.integers(0, 10**12), days, st.integers(0, 1200))
def test_a_commitment_split_over_years_is_whole_cents_adding_up_to_the_total(total, start, n):
    end = start + dt.timedelta(days=n)
    parts = products.split_by_year(total, start, end)
    assert sum(parts.values()) == total
    assert all(isinstance(v, int) and v >= 0 for v in parts.values())
    assert set(parts) == set(range(start.year, end.year + 1))


@given(
    st.integers(1, 500),
    st.sampled_from(list(products.FREQUENCIES)),
    days,
    st.integers(0, 800),
    st.integers(1, 100_000),
)
def test_commitment_is_units_times_tariff_in_integer_cents(volume, frequency, start, n, tariff):
    end = start + dt.timedelta(days=n)
    units = products.units_granted(volume, frequency, start, end)
    cents = products.commitment_cents(volume, frequency, start, end, tariff)
    assert isinstance(cents, int) and cents == units * tariff and units >= volume


@given(
    st.integers(0, 10**11),
    st.integers(0, 10**11),
    st.integers(0, 10**11),
    st.integers(2025, 2027),
    days,
)
def test_budget_figures_add_up(budget, committed, actuals, year, today):
    f = figures.line_figures(budget, committed, actuals, year, today)
    assert f.remaining + f.actuals + f.open_commitments == budget
    assert f.forecast >= f.actuals + f.open_commitments or f.forecast >= f.actuals
    assert f.forecast >= f.actuals
    assert f.warning == ((actuals + f.open_commitments) * 100 > budget * 90)


@given(st.integers(0, 10**12), st.integers(5, 10))
def test_the_reserve_is_a_whole_share_of_the_budget(total, percent):
    reserve = figures.reserve_cents(total, percent)
    assert 0 <= reserve <= total * percent / 100 < reserve + 1


ALLOCATIONS = {
    1: checks.Granted(1, 7, "02A01", dt.date(2026, 1, 1), dt.date(2026, 6, 30), 6_500, 50),
    2: checks.Granted(2, 7, "01A01", dt.date(2026, 3, 1), dt.date(2026, 12, 31), 3_000, 200),
    3: checks.Granted(3, 8, "02A01", dt.date(2026, 1, 1), dt.date(2026, 12, 31), 6_500, 100),
}


@st.composite
def lines(draw):
    out = []
    for n in range(draw(st.integers(0, 40))):
        allocation = draw(st.sampled_from([1, 2, 3, 4, None]))
        month = draw(st.integers(1, 12))
        start = dt.date(2026, month, 1)
        end = dt.date(2026, month, draw(st.sampled_from([1, 15, 28])))
        units = draw(st.integers(0, 60))
        tariff = draw(st.sampled_from([3_000, 6_500, 7_000]))
        amount = units * tariff if draw(st.booleans()) else draw(st.integers(0, 10**6))
        code = draw(st.sampled_from(["02A01", "01A01"]))
        out.append(checks.Line(n + 1, allocation, code, start, end, units, tariff, amount))
    return out


@given(lines())
def test_checked_lines_never_double_never_overrun_and_always_say_why(batch):
    verdicts = checks.check(batch, 7, ALLOCATIONS, set(), {})
    assert len(verdicts) == len(batch)
    used: dict[int, int] = {}
    periods = set()
    for line, verdict in zip(batch, verdicts, strict=True):
        if verdict.approved:
            granted = ALLOCATIONS[line.allocation_id]
            assert granted.provider_id == 7
            assert granted.starts_on <= line.period_start <= line.period_end <= granted.ends_on
            assert line.tariff_cents == granted.tariff_cents
            assert line.amount_cents == line.units * line.tariff_cents
            key = (line.allocation_id, line.period_start, line.period_end)
            assert key not in periods
            periods.add(key)
            used[line.allocation_id] = used.get(line.allocation_id, 0) + line.units
            assert used[line.allocation_id] <= granted.units_granted
        else:
            assert verdict.code in {
                checks.UNKNOWN_ALLOCATION,
                checks.OTHER_PROVIDER,
                checks.PRODUCT_MISMATCH,
                checks.PERIOD_OUTSIDE,
                checks.VOLUME_EXCEEDED,
                checks.TARIFF_MISMATCH,
                checks.DOUBLE,
                checks.AMOUNT_WRONG,
                checks.UNREADABLE,
                checks.PERIOD_SPLIT,
            }


@pytest.mark.django_db
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(st.integers(1, 40), st.integers(1_000, 9_000), st.booleans()),
        min_size=1,
        max_size=4,
    ),
    st.lists(st.tuples(st.integers(1, 12), st.integers(0, 12)), max_size=6),
    st.lists(st.integers(1, 300_000), max_size=3),
)
def test_the_money_layer_keeps_its_invariants_in_the_database(allocs, declared, draws):
    w = world(amount=400_000)
    actor = as_actor(w.case.professional)
    made = []
    for volume, tariff, with_reason in allocs:
        decision = granted_decision(w.case)
        with contextlib.suppress(FinanceError):
            made.append(
                services.allocate(
                    actor,
                    decision,
                    product_code="02A01",
                    provider=w.provider,
                    volume=volume,
                    unit="04",
                    frequency="6",
                    start=dt.date(2026, 2, 1),
                    end=dt.date(2026, 11, 30),
                    tariff_cents=tariff,
                    purpose="thuis",
                    overrun_reason="Besluit wethouder" if with_reason else "",
                )
            )
    # Commitments past the budget always carry the recorded decision.
    running = 0
    for commitment in Commitment.objects.filter(line=w.line).order_by("pk"):
        running += commitment.amount_cents
        if running > w.line.amount_cents:
            assert commitment.overrun_reason and commitment.overrun_by_id
    rows = []
    for i, (month, units) in enumerate(declared):
        if not made:
            break
        a = made[i % len(made)]
        start = dt.date(2026, month, 1)
        rows.append(
            checks.Line(
                i + 1, a.pk, "02A01", start, start, units, a.tariff_cents, units * a.tariff_cents
            )
        )
    if rows:
        services.declare(as_actor(w.provider_user), w.provider, rows, "web")
    controller = as_actor(UserFactory(role=Role.CONTROLLER))
    services.create_batch(controller)
    services.create_batch(controller)
    assert not DeclarationLine.objects.filter(status="refused", batch__isnull=False).exists()
    paid = DeclarationLine.objects.filter(batch__isnull=False).values_list("pk", flat=True)
    assert len(paid) == len(set(paid))
    year = BudgetYear.objects.get(year=2026)
    taken = 0
    for amount in draws:
        try:
            services.draw_reserve(controller, year, amount_cents=amount, reason="Onvoorzien")
            taken += amount
        except FinanceError:
            pass
    r = services.reserve(year)
    assert r["balance"] == r["reserve"] - r["used"] and r["used"] >= taken >= 0
    assert r["balance"] >= 0
    balances = services.trial_balance()
    assert sum(balances.values()) == 0
    # The running totals on the line equal the sums of the rows.
    w.line.refresh_from_db()
    assert services.recount(w.line) == (w.line.committed_cents, w.line.actual_cents)
    assert all(
        isinstance(v, int) for v in LedgerLine.objects.values_list("amount_cents", flat=True)
    )
