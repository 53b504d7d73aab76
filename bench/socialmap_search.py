"""Sociale kaart search at rotterdam scale on PostgreSQL: p50/p95 per request.

    python bench/demo_build.py --scale rotterdam      # once: builds leefwereld_bench
    python bench/socialmap_search.py [--database postgresql://postgres@127.0.0.1:5432/leefwereld_bench]

Requests go through the whole Django stack in-process (test client: URL routing, form,
query, template); each distinct request is repeated. Figures go to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from _report import ROOT, machine, today, write_section

QUERIES = [
    {"q": "schulden"},
    {"q": "schuldhulp"},
    {"q": "huishoudelijke hulp"},
    {"q": "opvoeden"},
    {"q": "taalcafe"},
    {"q": "voedselbank"},
    {"q": "eenzaam"},
    {"q": "formulieren"},
    {"q": "dagbesteding ouderen"},
    {"q": "huur"},
    {"q": "ggz"},
    {"q": "sporten", "age": "12"},
    {"q": "hulp", "domain": "financien"},
    {"q": "begeleiding", "neighbourhood": "NEIGHBOURHOOD"},
    {"domain": "huisvesting", "neighbourhood": "NEIGHBOURHOOD"},
    {"domain": "sociaal_netwerk"},
    {"age": "80"},
    {},
]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--database", default="postgresql://postgres@127.0.0.1:5432/leefwereld_bench"
    )
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = args.database
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["DJANGO_SETTINGS_MODULE"] = "leefwereld.conf.ci"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from leefwereld.core.models import Neighbourhood
    from leefwereld.socialmap.forms import SearchForm
    from leefwereld.socialmap.models import Offer
    from leefwereld.socialmap.views import filter_offers

    offers = Offer.objects.filter(approved_at__isnull=False).count()
    neighbourhood = str(Neighbourhood.objects.order_by("pk").values_list("pk", flat=True)[0])
    client = Client()
    timings: list[float] = []
    query_counts: set[int] = set()
    for params in QUERIES:
        params = {k: (neighbourhood if v == "NEIGHBOURHOOD" else v) for k, v in params.items()}
        client.get("/sociale-kaart/", params)  # warm-up
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get("/sociale-kaart/", params)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
            query_counts.add(len(queries.captured_queries))
    with connection.cursor() as cursor:
        sql, sql_params = filter_offers(SearchForm({"q": "schulden"})).query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, sql_params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    uses_index = "socialmap_offer_search_dutch" in plan
    p50, p95 = percentile(timings, 50), percentile(timings, 95)
    verdict = "meets" if p95 <= 50 else "MISSES"
    write_section(
        "socialmap",
        f"""## Sociale kaart search (issue 5)

| what | value |
|---|---|
| command | `python bench/socialmap_search.py` (after `bench/demo_build.py --scale rotterdam`) |
| data | {offers:,} approved offers (rotterdam-scale demo), PostgreSQL {server} |
| requests | {len(QUERIES)} distinct searches × {args.repeat}, full page through Django |
| p50 / p95 per page | **{p50:.1f} ms / {p95:.1f} ms** ({verdict} the p95 ≤ 50 ms target) |
| queries per page | {sorted(query_counts)} |
| Dutch tsvector GIN index used | {"yes" if uses_index else "no"} |
| machine | {machine()}; load average {os.getloadavg()[0]:.1f} |
| date | {today()} |
""",
    )
    print(f"offers={offers} p50={p50:.1f}ms p95={p95:.1f}ms queries={sorted(query_counts)}")
    print(plan)


if __name__ == "__main__":
    main()
