"""The vault at rotterdam scale: the caseload page and the resident's access-log page.

    python bench/vault_bench.py [--server postgresql://postgres@127.0.0.1:5432]
                                [--log-rows 5000000] [--runs 40] [--reuse]

Builds the database `leefwereld_vault_bench` (unless --reuse and it is complete): the
rotterdam population, teams and demo accounts from the demo generator, the vault's demo
data (records, grants, legal bases for 650,000 residents' needs), then tops the access log
up to `--log-rows` rows with one INSERT … SELECT generate_series. Then, in-process with
Django's test client against that database:

* the caseload page (`/mijn-gegevens/werk/`) of a professional of the busiest team, and of
  a professional with 10 residents — the query count must be the same;
* the same caseload computed the naive way, one access check per resident of the team's
  neighbourhood (the reference: what per-row authorisation costs);
* the access-log page (`/mijn-gegevens/logboek/`) of the demo resident, who has thousands
  of log rows among the millions.

p50/p95 over `--runs` requests after warm-up, and query counts, go to BENCHMARKS.md
(section vault). Real measurements only: nothing here is estimated.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time

import psycopg
from _report import ROOT, machine, today, write_section

DATABASE = "leefwereld_vault_bench"
SEED = 2026
RESIDENT_LOG_ROWS = 3_000


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def setup_django(server: str) -> None:
    os.environ["DATABASE_URL"] = f"{server}/{DATABASE}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "leefwereld.conf.ci"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def build(server: str, log_rows: int) -> dict[str, float]:
    """A fresh database with the rotterdam population and the vault's demo data."""
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        conn.execute(f"CREATE DATABASE {DATABASE}")
    setup_django(server)
    from django.core.management import call_command
    from django.db import transaction

    from leefwereld.demo.build import write_demo_accounts, write_organisations, write_population
    from leefwereld.demo.population import SCALES, build_population
    from leefwereld.demo.profile import decide_needs
    from leefwereld.vault.demo import add_demo_data

    timings: dict[str, float] = {}
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    scale = SCALES["rotterdam"]
    reference = datetime.date.today()
    population = build_population(scale, SEED, reference)
    with transaction.atomic():
        write_population(population, reference)
        write_organisations(scale, SEED)
        write_demo_accounts(population)
    timings["population"] = time.perf_counter() - started
    needs = decide_needs(population, SEED, reference)
    started = time.perf_counter()
    add_demo_data(SEED, reference, needs, stdout=sys.stdout)
    timings["vault demo data"] = time.perf_counter() - started
    print()
    started = time.perf_counter()
    top_up_log(log_rows)
    timings["log rows"] = time.perf_counter() - started
    return timings


def top_up_log(total: int) -> None:
    """Synthetic log rows in one statement: spread over every resident and professional,
    plus RESIDENT_LOG_ROWS about the demo resident, whose log page is measured."""
    from django.db import connection

    from leefwereld.core.models import Resident, User
    from leefwereld.vault.models import AccessLog

    demo = Resident.objects.get(user__username="inwoner")
    existing = AccessLog.objects.count()
    first, last = (
        Resident.objects.order_by("pk").values_list("pk", flat=True)[0],
        (Resident.objects.order_by("-pk").values_list("pk", flat=True)[0]),
    )
    workers = list(
        User.objects.filter(role="professional", memberships__isnull=False)
        .order_by("pk")
        .values_list("pk", "memberships__organisation_id")
    )
    users = "(ARRAY[" + ",".join(str(u) for u, _o in workers) + "]::bigint[])"
    orgs = "(ARRAY[" + ",".join(str(o) for _u, o in workers) + "]::bigint[])"
    remaining = max(total - existing - RESIDENT_LOG_ROWS, 0)

    def insert(source: str) -> str:
        # %% is a literal % next to the %s parameters.
        # Only integers and fixed SQL are formatted in.
        return f"""
            INSERT INTO vault_accesslog (occurred_at, event, action, outcome, resident_id,
                household_id, user_id, user_role, responsible_user_id, organisation_id,
                access_point, authorisation, break_glass_used, categories, purpose,
                record_count)
            SELECT now() - (i %% 730) * interval '1 day' - (i %% 86400) * interval '1 second',
                   CASE WHEN i %% 5 = 0 THEN 'basic_registration' ELSE 'vault_records' END,
                   'R', CASE WHEN i %% 97 = 0 THEN 'refused' ELSE 'permitted' END,
                   r.id, r.household_id,
                   {users}[1 + i %% {len(workers)}], 'professional',
                   {users}[1 + i %% {len(workers)}], {orgs}[1 + i %% {len(workers)}],
                   'vault:resident_records',
                   CASE WHEN i %% 97 = 0 THEN 'none' ELSE 'work_area' END,
                   false, '["finance"]'::jsonb, 'schuldhulp', 1
            FROM generate_series(1, %s) AS i
            {source}
        """  # noqa: S608

    with connection.cursor() as cursor:
        # Synthetic rows need no foreign-key checks (they are built from valid ids); this
        # also skips the append-only trigger, which only guards UPDATE and DELETE anyway.
        cursor.execute("SET session_replication_role = replica")
        # 7919 is prime and does not divide the population: every resident gets rows.
        cursor.execute(
            insert("JOIN core_resident r ON r.id = %s + (i::bigint * 7919) %% %s"),
            [remaining, first, last - first + 1],
        )
        cursor.execute(insert("JOIN core_resident r ON r.id = %s"), [RESIDENT_LOG_ROWS, demo.pk])
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("ANALYZE")


def measure(client, path: str, runs: int) -> tuple[list[float], int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        client.get(path)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return times, len(queries), len(response.content)


def naive_caseload(user) -> tuple[float, int, int]:
    """The reference: check every resident of the user's team area one by one."""
    from django.db import connection

    from leefwereld.api.permissions import visible_residents
    from leefwereld.vault import access

    executed = 0

    def count(execute, sql, params, many, context):
        nonlocal executed
        executed += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(count):
        found = [r for r in visible_residents(user).iterator() if access.bases_for(user, [r])]
    return (time.perf_counter() - started) * 1000, executed, len(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--log-rows", type=int, default=5_000_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--reuse", action="store_true", help="measure an existing database")
    args = parser.parse_args()

    timings: dict[str, float] = {}
    if not args.reuse:
        timings = build(args.server, args.log_rows)
    else:
        setup_django(args.server)
        from leefwereld.vault.models import AccessLog

        # A build that stopped before (or during) the log top-up is completed here.
        if AccessLog.objects.count() < args.log_rows - RESIDENT_LOG_ROWS:
            started = time.perf_counter()
            top_up_log(args.log_rows)
            timings["log rows"] = time.perf_counter() - started

    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import setup_test_environment

    from leefwereld.core.models import Household, Membership, Resident, User
    from leefwereld.core.tests.factories import OrganisationFactory
    from leefwereld.vault import access
    from leefwereld.vault.models import AccessLog, Grant, Record
    from leefwereld.vault.tests.factories import GrantFactory, worker

    setup_test_environment()
    connection.force_debug_cursor = False
    counts = {
        "residents": Resident.objects.count(),
        "households": Household.objects.count(),
        "vault records": Record.objects.count(),
        "grants": Grant.objects.count(),
        "active grants": Grant.objects.active().count(),
        "access-log rows": AccessLog.objects.count(),
    }
    busiest = (
        Grant.objects.active()
        .filter(grantee_organisation__isnull=False)
        .values("grantee_organisation")
        .annotate(n=Count("resident", distinct=True))
        .order_by("-n")
        .first()
    )
    professional = (
        User.objects.filter(
            role="professional", memberships__organisation_id=busiest["grantee_organisation"]
        )
        .order_by("pk")
        .first()
    )
    caseload_size = access.caseload(professional).count()

    # A professional with a caseload of 10, in a team of their own.
    small = User.objects.filter(username="bench-small-caseload").first()
    if small is None:
        team_org = Membership.objects.filter(user=professional).first().organisation
        small = worker(None, first_name="Klein")
        small.username = "bench-small-caseload"
        small.save(update_fields=["username"])
        own = OrganisationFactory(name="Bench-team", municipality=team_org.municipality)
        Membership.objects.create(user=small, organisation=own)
        for resident in Resident.objects.order_by("pk")[:10]:
            GrantFactory(resident=resident, grantee_organisation=own, created_by=None)

    client = Client()
    results = {}
    client.force_login(professional)
    results["caseload, busiest team"] = measure(client, "/mijn-gegevens/werk/", args.runs)
    results["caseload, last page"] = measure(
        client, f"/mijn-gegevens/werk/?pagina={max(caseload_size // 50, 1)}", args.runs
    )
    client.force_login(small)
    results["caseload, 10 residents"] = measure(client, "/mijn-gegevens/werk/", args.runs)
    resident_user = User.objects.get(username="inwoner")
    resident = Resident.objects.get(user=resident_user)
    resident_rows = AccessLog.objects.filter(resident=resident).count()
    client.force_login(resident_user)
    results["access log, first page"] = measure(client, "/mijn-gegevens/logboek/", args.runs)
    results["access log, page 20"] = measure(client, "/mijn-gegevens/logboek/?pagina=20", args.runs)

    naive_ms, naive_queries, naive_found = naive_caseload(professional)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]

    rows = []
    for name, (times, queries, size) in results.items():
        rows.append(
            f"| {name} | {statistics.median(times):.1f} ms | {percentile(times, 0.95):.1f} ms "
            f"| {queries} | {size / 1024:.0f} KiB |"
        )
    caseload_p50 = statistics.median(results["caseload, busiest team"][0])
    command = " ".join(["PYTHONPATH=src .venv/bin/python bench/vault_bench.py", *sys.argv[1:]])
    build_lines = "".join(f"\n| build: {k} | {v:.0f} s |" for k, v in timings.items())
    body = f"""## The vault (issue 3): caseload and access-log pages at rotterdam scale

| what | value |
|---|---|
| command | `{command}` |
| database | PostgreSQL {server} on 127.0.0.1, database `{DATABASE}` |
| residents / households | {counts["residents"]:,} / {counts["households"]:,} |
| vault records | {counts["vault records"]:,} |
| grants (in force) | {counts["grants"]:,} ({counts["active grants"]:,}) |
| access-log rows | **{counts["access-log rows"]:,}** (the demo resident: {resident_rows:,}) |
| busiest team's caseload | {caseload_size:,} residents |{build_lines}
| runs per page | {args.runs} after 3 warm-up requests, Django test client in-process |
| machine | {machine()} |
| date | {today()} |

| page | p50 | p95 | queries | response |
|---|---:|---:|---:|---:|
{chr(10).join(rows)}

The caseload costs the same number of queries for 10 residents as for {caseload_size:,}:
the ids come from one UNION of index-friendly branches (grants to the user and to their
organisations, legal bases likewise, break-glass), then the page's count and rows are
looked up by primary key, and the bases of the 50 residents shown take three queries.

Reference in the same run — the naive caseload, one access check per resident of the
team's area ({naive_found:,} found): **{naive_ms / 1000:.1f} s and {naive_queries:,}
queries**, against {caseload_p50:.0f} ms for the set-based page (whole request):
**{naive_ms / caseload_p50:,.0f}× slower**.
"""
    print(body)
    write_section("vault", body)


if __name__ == "__main__":
    main()
