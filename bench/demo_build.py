"""Time the demo municipality build at a given scale on a fresh PostgreSQL database.

    python bench/demo_build.py [--scale rotterdam] [--seed 2026] [--server postgres://postgres@127.0.0.1:5432]

Creates the database `leefwereld_bench` (dropping an old one), migrates it, runs
`leefwereld demo` and writes the wall-clock time into BENCHMARKS.md (section demo).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

import psycopg
from _report import ROOT, machine, today, write_section

LEEFWERELD = str(ROOT / ".venv" / "bin" / "leefwereld")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="rotterdam")
    parser.add_argument("--seed", default="2026")
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    args = parser.parse_args()

    database = "leefwereld_bench"
    with psycopg.connect(f"{args.server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {database}")
        conn.execute(f"CREATE DATABASE {database}")
    env = {
        **os.environ,
        "DATABASE_URL": f"{args.server}/{database}",
        "DJANGO_SETTINGS_MODULE": "leefwereld.conf.dev",
        "LOG_LEVEL": "INFO",  # the builder logs the time of every feature's demo data
    }
    subprocess.run([LEEFWERELD, "migrate", "-v0"], check=True, env=env)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    result = subprocess.run(
        [LEEFWERELD, "demo", "--scale", args.scale, "--seed", args.seed],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    print(result.stdout)
    steps = [line for line in result.stderr.splitlines() if line.startswith("demo ")]
    print("\n".join(steps))
    with psycopg.connect(f"{args.server}/{database}") as conn:
        residents = conn.execute("SELECT count(*) FROM core_resident").fetchone()[0]
        households = conn.execute("SELECT count(*) FROM core_household").fetchone()[0]
        server = conn.execute("SHOW server_version").fetchone()[0]
    verdict = "within" if elapsed <= 300 else "OVER"
    write_section(
        "demo",
        f"""## Demo municipality build (issue 2)

| what | value |
|---|---|
| command | `python bench/demo_build.py --scale {args.scale} --seed {args.seed}` |
| scale | {args.scale}: {residents:,} residents, {households:,} households |
| database | PostgreSQL {server} on 127.0.0.1, fresh database, after `migrate` |
| wall-clock time of `leefwereld demo` | **{elapsed:.0f} s** ({verdict} the 300 s target) |
| machine | {machine()}; load average {load_before:.1f} at the start (other work was running) |
| date | {today()} |

Rows are written with PostgreSQL `COPY` (SQLite: bulk INSERTs) with primary keys assigned
by the generator; the figure includes generating the population in Python and every
feature's demo data. Time per feature (seconds): {"; ".join(steps) or "not logged"}.
""",
    )
    print(f"{args.scale}: {elapsed:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
