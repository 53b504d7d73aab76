"""Time the demo municipality build at a given scale on a fresh PostgreSQL database.

    python bench/demo_build.py [--scale rotterdam] [--seed 2026]
        [--server postgres://postgres@127.0.0.1:5432] [--database leefwereld_bench]

Creates the database (default `leefwereld_bench`; dropping an old one), migrates it, runs
`leefwereld demo` and writes the wall-clock time, the time per part and the machine's load
average during the run into BENCHMARKS.md (section demo).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time

import psycopg
from _report import ROOT, machine, today, write_section

LEEFWERELD = str(ROOT / ".venv" / "bin" / "leefwereld")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="rotterdam")
    parser.add_argument("--seed", default="2026")
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="leefwereld_bench", help="dropped and created")
    args = parser.parse_args()

    database = args.database
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
    # Other work on the machine slows the build down: sample the 1-minute load average.
    loads = [os.getloadavg()[0]]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(10):
            loads.append(os.getloadavg()[0])

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    try:
        result = subprocess.run(
            [LEEFWERELD, "demo", "--scale", args.scale, "--seed", args.seed],
            check=True,
            env=env,
            capture_output=True,
            text=True,
        )
    finally:
        elapsed = time.perf_counter() - started
        done.set()
        sampler.join()
    loads.append(os.getloadavg()[0])
    load = (
        f"{loads[0]:.1f} at the start, {sum(loads) / len(loads):.1f} on average, "
        f"{max(loads):.1f} at most"
    )
    command = f"python bench/demo_build.py --scale {args.scale} --seed {args.seed}"
    if database != parser.get_default("database"):
        command += f" --database {database}"
    print(result.stdout)
    steps = [line[5:] for line in result.stderr.splitlines() if line.startswith("demo ")]
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
| command | `{command}` |
| scale | {args.scale}: {residents:,} residents, {households:,} households |
| database | PostgreSQL {server} on 127.0.0.1, fresh database, after `migrate` |
| wall-clock time of `leefwereld demo` | **{elapsed:.0f} s** ({verdict} the 300 s target) |
| machine | {machine()}; 1-minute load average {load} (sampled every 10 s during the build) |
| date | {today()} |

Rows are built as plain data and written with PostgreSQL `COPY` (SQLite: bulk INSERTs),
with primary keys assigned by the generator; foreign keys are checked once, set-based, at
the end of the build, and the planner gets fresh statistics after each part. The figure
includes starting the command, generating the population in Python and every feature's
demo data (vault records encrypted for real). Time per part: {"; ".join(steps) or "not logged"}.
""",
    )
    print(f"{args.scale}: {elapsed:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
