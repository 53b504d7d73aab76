"""Matching a month of repayments at Rotterdam scale: 30,000 CAMT.053 statement lines
against 20,000 arrangements, on PostgreSQL.

    python bench/debts_matching.py [--server postgresql://postgres@127.0.0.1:5432]
                                   [--arrangements 20000] [--lines 30000] [--loop 3000]

Builds the database `leefwereld_debts_bench`: 20,000 households each with a taken-over
case, an arrangement and the takeover in the ledger (bulk rows; the matching does not
care how they came about). Then writes one CAMT.053 statement of `--lines` credits: 80 %
name a case (SF-…) with the monthly amount, 10 % name a case that has no arrangement,
10 % no reference from unknown accounts. Measured, each in its own rolled-back
transaction on the same data:

* reading the file (payments.read_camt053, lxml) alone;
* the whole import (debts.bank.import_statement: read, match, book in bulk);
* the per-line way for the ratio: each line looked up and booked on its own through
  services.record_repayment (one arrangement, its ledger totals, a repayment and a ledger
  transaction per line), over the first `--loop` lines, per line.

Figures go to BENCHMARKS.md (section debts-matching). Real measurements only.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time

import psycopg
from _report import ROOT, machine, today, write_section

DATABASE = "leefwereld_debts_bench"
FUND = "NL91ABNA0417164300"


def setup_django(server: str) -> None:
    os.environ["DATABASE_URL"] = f"{server}/{DATABASE}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "leefwereld.conf.ci"
    os.environ["LEEFWERELD_DEBT_FUND_IBAN"] = FUND
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


class Rollback(Exception):
    pass


def build(n_arrangements: int):
    from django.conf import settings

    from leefwereld.core.models import Household, Resident
    from leefwereld.core.tests.factories import AddressFactory
    from leefwereld.debts import ledger
    from leefwereld.debts.models import Arrangement, DebtCase, LedgerLine, LedgerTransaction, Phase
    from leefwereld.debts.tests.factories import debt_officer

    settings.LEEFWERELD_DEBT_FUND_IBAN = FUND
    officer = debt_officer()
    organisation_id = officer.memberships.values_list("organisation_id", flat=True).first()
    address = AddressFactory()
    day = datetime.date(2026, 10, 1)
    households = Household.objects.bulk_create(
        Household(address=address) for _ in range(n_arrangements)
    )
    residents = Resident.objects.bulk_create(
        Resident(
            bsn=f"{300_000_000 + i}",
            given_names="Bench",
            surname=f"Huishouden {i}",
            birth_date=datetime.date(1980, 1, 1),
            household=h,
        )
        for i, h in enumerate(households)
    )
    cases = DebtCase.objects.bulk_create(
        DebtCase(
            household=h,
            client=r,
            officer=officer,
            organisation_id=organisation_id,
            phase=Phase.SOLUTION,
            registered_on=day - datetime.timedelta(days=60),
            first_conversation_due=day,
            takeover_due=day - datetime.timedelta(days=30),
            taken_over_on=day - datetime.timedelta(days=32),
        )
        for h, r in zip(households, residents, strict=True)
    )
    arrangements = Arrangement.objects.bulk_create(
        Arrangement(
            case=c,
            taken_over_cents=180_000 + (i % 50) * 1_000,
            monthly_cents=10_000 + (i % 50) * 55,
            term_months=18,
            first_due=day,
        )
        for i, c in enumerate(cases)
    )
    transactions = LedgerTransaction.objects.bulk_create(
        LedgerTransaction(
            kind="takeover", key=f"takeover:bench:{a.pk}", date=day, case_id=a.case_id
        )
        for a in arrangements
    )
    LedgerLine.objects.bulk_create(
        [
            line
            for t, a, c in zip(transactions, arrangements, cases, strict=True)
            for line in (
                LedgerLine(
                    transaction=t,
                    account=ledger.receivable(c.household_id),
                    amount_cents=a.taken_over_cents,
                ),
                LedgerLine(
                    transaction=t, account=ledger.payable(1), amount_cents=-a.taken_over_cents
                ),
            )
        ],
        batch_size=5000,
    )
    return officer, arrangements


def statement(arrangements, n_lines: int) -> bytes:
    from leefwereld import payments

    day = datetime.date(2026, 11, 2)
    bookings = []
    for n in range(n_lines):
        kind = n % 10
        if kind < 8:
            a = arrangements[n % len(arrangements)]
            amount, text = a.monthly_cents, f"Aflossing SF-{a.case_id:06d} 11-2026"
        elif kind == 8:
            amount, text = 5_000, f"Aflossing SF-{900_000 + n:06d}"
        else:
            amount, text = 2_500, "aflossing schuld"
        bookings.append(
            payments.Booking(
                day,
                amount,
                payments.dutch_iban("RABO", 5_000_000 + n),
                f"Betaler {n}",
                text,
                f"BENCH-{n:06d}",
            )
        )
    return payments.camt053(FUND, "BENCH-1", datetime.datetime(2026, 11, 3, 6), bookings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--arrangements", type=int, default=20_000)
    parser.add_argument("--lines", type=int, default=30_000)
    parser.add_argument("--loop", type=int, default=3_000)
    args = parser.parse_args()

    with psycopg.connect(f"{args.server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        conn.execute(f"CREATE DATABASE {DATABASE}")
    setup_django(args.server)
    from django.core.management import call_command
    from django.db import transaction

    from leefwereld import payments
    from leefwereld.core.actor import Actor
    from leefwereld.debts import bank, services
    from leefwereld.debts.models import Arrangement

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    officer, arrangements = build(args.arrangements)
    setup = time.perf_counter() - started
    data = statement(arrangements, args.lines)
    actor = Actor(officer, "bench")

    started = time.perf_counter()
    lines = payments.read_camt053(data)
    parse = time.perf_counter() - started
    assert len(lines) == args.lines

    try:
        with transaction.atomic():
            started = time.perf_counter()
            result = bank.import_statement(actor, data, "bench.xml")
            bulk = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass

    by_case = {a.case_id: a for a in Arrangement.objects.select_related("case")}
    loop_lines = lines[: args.loop]
    booked = 0
    try:
        with transaction.atomic():
            started = time.perf_counter()
            for line in loop_lines:
                cases = bank.matching.references(line.remittance)
                arrangement = by_case.get(cases.pop()) if len(cases) == 1 else None
                if arrangement is None:
                    continue
                services.record_repayment(
                    actor,
                    arrangement,
                    line.amount_cents,
                    line.booking_date,
                    bank.repayment_reference(line.key),
                )
                booked += 1
            loop = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass

    def row(step: str, seconds: float, count: int) -> str:
        return f"| {step} | {seconds:.2f} s | {seconds / count * 1000:.3f} ms |"

    per_line_bulk = bulk / args.lines * 1000
    per_line_loop = loop / len(loop_lines) * 1000
    body = f"""## Debt fund: matching bank statements (issue 18)

`python bench/debts_matching.py` on {today()}, PostgreSQL, {machine()}.
{args.lines:,} CAMT.053 credit lines against {args.arrangements:,} arrangements (80 % name
a case, 10 % a case without arrangement, 10 % no reference). Set-up (bulk rows) took
{setup:.1f} s.

| step | time | per line |
| --- | ---: | ---: |
{row("read the file (payments.read_camt053, lxml)", parse, args.lines)}
{row("**whole import** (read, match, book in bulk: bank.import_statement)", bulk, args.lines)}
{row(f"per-line loop (record_repayment), first {len(loop_lines):,} lines", loop, len(loop_lines))}

Result of the import: {result.matched:,} booked, {result.open:,} open for the officer.
Target ≤ 10 s for the whole import: {"met" if bulk <= 10 else "NOT met"}. The per-line way
costs {per_line_loop / per_line_bulk:.0f}× as much per line (for all {args.lines:,} lines
that would be about {per_line_loop * args.lines / 1000:.0f} s; it was run on the first
{len(loop_lines):,} lines only, {booked:,} of which it booked, to keep the shared machine free).
"""
    print(body)
    write_section("debts-matching", body)


if __name__ == "__main__":
    main()
