"""One month of Rotterdam declarations — 200,000 lines — checked and booked on PostgreSQL,
and the budget overview for all neighbourhoods at that scale.

    python bench/finance_declarations.py [--server postgresql://postgres@127.0.0.1:5432]
        [--allocations 100000] [--providers 60] [--neighbourhoods 80] [--loop 5000]

Builds the database `leefwereld_finance_bench` (bulk rows, generated here, not the demo):
`--neighbourhoods` neighbourhoods with a budget line per purpose for 2026, `--providers`
providers and `--allocations` allocations spread over them, and October's declarations as
history (one approved line per allocation). Then one month (November 2026) of declaration
files, one per provider, two lines per allocation (1–15 and 16–30 November): 200,000 lines
for 100,000 allocations, of which about 5 % are wrong in one of five ways (unknown
allocation, another provider's allocation, tariff, period outside, a line repeated).

Measured, each in its own rolled-back transaction on the same data:

* **set-based**: `services.book_declaration` per provider file — three reads per file, the
  checks in memory, one bulk insert, one ledger transaction;
* **per-line loop** for the ratio: each line looked up, checked against the database
  (allocation, double, units used) and inserted on its own, over the first `--loop` lines;
* the budget overview and forecast for all lines of the year (`services.overview`),
  20 runs, p50 and p95, after the month is booked.

Figures go to BENCHMARKS.md (section finance-declarations). Real measurements only.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import os
import statistics
import sys
import time

import psycopg
from _report import ROOT, machine, today, write_section

DATABASE = "leefwereld_finance_bench"
PURPOSES = ("thuis", "opgroeien", "meedoen", "bestaanszekerheid", "beschermd", "preventie")


def setup_django(server: str) -> None:
    os.environ["DATABASE_URL"] = f"{server}/{DATABASE}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "leefwereld.conf.ci"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


class Rollback(Exception):
    pass


def build(n_allocations: int, n_providers: int, n_neighbourhoods: int):
    from django.contrib.contenttypes.models import ContentType

    from leefwereld.core.models import Household, Neighbourhood, Organisation
    from leefwereld.core.roles import Role
    from leefwereld.core.tests.factories import (
        AddressFactory,
        MunicipalityFactory,
        UserFactory,
    )
    from leefwereld.finance.models import (
        Allocation,
        BudgetLine,
        BudgetYear,
        Declaration,
        DeclarationLine,
        ProviderProfile,
    )
    from leefwereld.support.models import Decision

    municipality = MunicipalityFactory()
    neighbourhoods = Neighbourhood.objects.bulk_create(
        Neighbourhood(municipality=municipality, name=f"Wijk {i:03d}", cbs_code=f"WK{i:06d}")
        for i in range(n_neighbourhoods)
    )
    year = BudgetYear.objects.create(year=2026, reserve_percent=5)
    BudgetLine.objects.bulk_create(
        BudgetLine(year=year, neighbourhood=n, purpose=p, amount_cents=2_000_000_000, version=1)
        for n in neighbourhoods
        for p in PURPOSES
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(municipality=municipality, name=f"Aanbieder {i}", kind="care_provider")
        for i in range(n_providers)
    )
    providers = ProviderProfile.objects.bulk_create(
        ProviderProfile(organisation=o, agb_code=f"{70_000_000 + i}", is_zzp=i % 10 == 0)
        for i, o in enumerate(organisations)
    )
    staff = UserFactory(role=Role.PROVIDER)
    professional = UserFactory(role=Role.PROFESSIONAL)
    address = AddressFactory(neighbourhood=neighbourhoods[0])
    households = Household.objects.bulk_create(
        Household(address=address) for _ in range(n_allocations // 2)
    )
    decision_type = ContentType.objects.get_for_model(Decision)
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    allocations = Allocation.objects.bulk_create(
        (
            Allocation(
                decision_type=decision_type,
                decision_id=1_000_000 + i,
                household=households[i // 2],
                law="wmo",
                product_category="02",
                product_code="02A01",
                provider=providers[i % n_providers],
                volume=4,
                unit="04",
                frequency="2",
                starts_on=start,
                ends_on=end,
                tariff_cents=6_500,
                units_granted=4 * 53,
                commitment_cents=4 * 53 * 6_500,
                neighbourhood=neighbourhoods[i % n_neighbourhoods],
                purpose=PURPOSES[i % len(PURPOSES)],
                created_by=professional,
            )
            for i in range(n_allocations)
        ),
        batch_size=5000,
    )
    # The lines' running totals, as allocate would have kept them.
    from django.db.models import Sum

    per_line = Allocation.objects.values("neighbourhood_id", "purpose").annotate(
        total=Sum("commitment_cents")
    )
    for row in per_line:
        BudgetLine.objects.filter(
            year=year, neighbourhood_id=row["neighbourhood_id"], purpose=row["purpose"]
        ).update(committed_cents=row["total"])
    # October as history: one approved line per allocation.
    history = Declaration.objects.bulk_create(
        Declaration(provider=p, channel="csv", submitted_by=staff) for p in providers
    )
    by_provider = {d.provider_id: d for d in history}
    DeclarationLine.objects.bulk_create(
        (
            DeclarationLine(
                declaration=by_provider[a.provider_id],
                line_no=i + 1,
                allocation=a,
                allocation_number=str(a.pk),
                product_code="02A01",
                period_start=datetime.date(2026, 10, 1),
                period_end=datetime.date(2026, 10, 31),
                units=17,
                tariff_cents=6_500,
                amount_cents=17 * 6_500,
                status="approved",
            )
            for i, a in enumerate(allocations)
        ),
        batch_size=5000,
    )
    return staff, providers, allocations


def month(providers, allocations):
    """Per provider, the lines of its November file (checks.Line), about 5 % wrong."""
    from leefwereld.finance import checks

    halves = (
        (datetime.date(2026, 11, 1), datetime.date(2026, 11, 15), 8),
        (datetime.date(2026, 11, 16), datetime.date(2026, 11, 30), 9),
    )
    files: dict[int, list] = {p.pk: [] for p in providers}
    n = 0
    for index, a in enumerate(allocations):
        for start, end, units in halves:
            n += 1
            lines = files[a.provider_id]
            allocation_id, tariff, period = a.pk, 6_500, (start, end)
            kind = n % 100
            if kind == 1:
                allocation_id = 9_000_000 + n  # unknown
            elif kind == 2:
                allocation_id = allocations[(index + 1) % len(allocations)].pk
            elif kind == 3:
                tariff = 7_000
            elif kind == 4:
                period = (datetime.date(2027, 1, 1), datetime.date(2027, 1, 15))
            lines.append(
                checks.Line(
                    len(lines) + 1,
                    allocation_id,
                    "02A01",
                    period[0],
                    period[1],
                    units,
                    tariff,
                    units * tariff,
                )
            )
            if kind == 5:  # the same line twice
                lines.append(dataclasses.replace(lines[-1], line_no=len(lines) + 1))
    return files


def per_line(actor, provider, line) -> None:
    """The naive way: one line at a time against the database."""
    from django.db.models import Sum

    from leefwereld.finance import checks
    from leefwereld.finance.models import Allocation, Declaration, DeclarationLine

    declaration = per_line.declaration  # type: ignore[attr-defined]
    allocation = Allocation.objects.filter(pk=line.allocation_id).first()
    code = ""
    if allocation is None:
        code = checks.UNKNOWN_ALLOCATION
    elif allocation.provider_id != provider.pk:
        code = checks.OTHER_PROVIDER
    elif not (allocation.starts_on <= line.period_start <= line.period_end <= allocation.ends_on):
        code = checks.PERIOD_OUTSIDE
    elif line.tariff_cents != allocation.tariff_cents:
        code = checks.TARIFF_MISMATCH
    elif DeclarationLine.objects.filter(
        allocation=allocation,
        status="approved",
        period_start=line.period_start,
        period_end=line.period_end,
    ).exists():
        code = checks.DOUBLE
    else:
        used = (
            DeclarationLine.objects.filter(allocation=allocation, status="approved").aggregate(
                t=Sum("units")
            )["t"]
            or 0
        )
        if used + line.units > allocation.units_granted:
            code = checks.VOLUME_EXCEEDED
    DeclarationLine.objects.create(
        declaration=declaration,
        line_no=line.line_no,
        allocation=allocation if allocation and allocation.provider_id == provider.pk else None,
        allocation_number=str(line.allocation_id),
        product_code=line.product_code,
        period_start=line.period_start,
        period_end=line.period_end,
        units=line.units,
        tariff_cents=line.tariff_cents,
        amount_cents=line.amount_cents,
        status="refused" if code else "approved",
        refusal_code=code,
    )
    assert isinstance(declaration, Declaration)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--allocations", type=int, default=100_000)
    parser.add_argument("--providers", type=int, default=60)
    parser.add_argument("--neighbourhoods", type=int, default=80)
    parser.add_argument("--loop", type=int, default=1_000)
    args = parser.parse_args()

    with psycopg.connect(f"{args.server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        conn.execute(f"CREATE DATABASE {DATABASE}")
    setup_django(args.server)
    from django.core.management import call_command
    from django.db import transaction

    from leefwereld.core.actor import Actor
    from leefwereld.finance import services
    from leefwereld.finance.models import Declaration, DeclarationLine

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    staff, providers, allocations = build(args.allocations, args.providers, args.neighbourhoods)
    files = month(providers, allocations)
    # Statistics as autovacuum keeps them in production: without them the planner guesses
    # from an empty table for every query of the run.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    setup = time.perf_counter() - started
    total_lines = sum(len(v) for v in files.values())
    actor = Actor(staff, "bench")
    by_pk = {p.pk: p for p in providers}

    approved = refused = 0
    try:
        with transaction.atomic():
            started = time.perf_counter()
            for pk, lines in files.items():
                d = services.book_declaration(actor, by_pk[pk], lines, "csv")
                approved += d.approved_count
                refused += d.refused_count
            bulk = time.perf_counter() - started
            balance = sum(services.trial_balance().values())
            timings = []
            for _ in range(20):
                t0 = time.perf_counter()
                rows = services.overview(2026, datetime.date(2026, 12, 1))
                timings.append((time.perf_counter() - t0) * 1000)
            n_lines = len(rows)
            raise Rollback
    except Rollback:
        pass

    first = next(iter(files))
    loop_lines = files[first][: args.loop]
    try:
        with transaction.atomic():
            per_line.declaration = Declaration.objects.create(  # type: ignore[attr-defined]
                provider=by_pk[first], channel="csv", submitted_by=staff
            )
            started = time.perf_counter()
            for line in loop_lines:
                per_line(actor, by_pk[first], line)
            loop = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    assert not DeclarationLine.objects.filter(period_start__month=11).exists()

    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    per_line_bulk = bulk / total_lines * 1000
    per_line_loop = loop / len(loop_lines) * 1000

    def row(step: str, seconds: float, count: int) -> str:
        return f"| {step} | {seconds:.2f} s | {seconds / count * 1000:.3f} ms |"

    body = f"""## Finance: a month of declarations and the budget overview (issue 14)

`python bench/finance_declarations.py` on {today()}, PostgreSQL, {machine()}.
Data generated by the benchmark (not the demo): {args.allocations:,} allocations at
{args.providers} providers in {args.neighbourhoods} neighbourhoods, October's declarations
as history ({args.allocations:,} approved lines), and November: **{total_lines:,} lines**
in {len(files)} provider files, about 5 % wrong in five ways. Set-up took {setup:.0f} s.

| step | time | per line |
| --- | ---: | ---: |
{row("**check and book, set-based** (`services.book_declaration` per file)", bulk, total_lines)}
{row(f"per-line loop (a query per check), {len(loop_lines):,} lines", loop, len(loop_lines))}

Result: {approved:,} lines approved, {refused:,} refused with a code; the ledger's trial
balance after booking: {balance} cents. Target ≤ 20 s for 200,000 lines:
{"met" if bulk <= 20 else "NOT met"}. The per-line way costs {per_line_loop / per_line_bulk:.0f}×
as much per line (for all {total_lines:,} lines about {per_line_loop * total_lines / 1000:.0f} s;
run on {len(loop_lines):,} lines only, to keep the shared 2-core machine free).

Budget overview and forecast for all {n_lines} lines of 2026 (`services.overview`, with
the month booked), 20 runs: p50 {p50:.1f} ms, p95 {p95:.1f} ms (target p95 ≤ 100 ms:
{"met" if p95 <= 100 else "NOT met"}).
"""
    print(body)
    write_section("finance-declarations", body)


if __name__ == "__main__":
    main()
