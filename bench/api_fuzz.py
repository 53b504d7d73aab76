"""The long API fuzzing run: tests/test_api_fuzz.py with many more examples and a seed.

Every operation of the published OpenAPI schema, as every actor (the resident the data is
about, one user per role, anonymous), N generated requests per operation per actor
(positive and negative, half of the path ids real objects). Prints, per operation, the
requests made, server errors and schema mismatches, and the totals.

    .venv/bin/python bench/api_fuzz.py --examples 20            # SQLite, ~10 minutes
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fuzz .venv/bin/python bench/api_fuzz.py

Exit status 0 when no server error and no schema mismatch was found.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=20, help="per operation per actor")
    parser.add_argument("--seed", type=int, default=None, help="default: a random seed")
    parser.add_argument("-k", default="", help="only operations matching (pytest -k)")
    parser.add_argument("--failures", action="store_true", help="print every distinct failure")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(2**31)

    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.jsonl"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get(
                "DJANGO_SETTINGS_MODULE", "leefwereld.conf.ci"
            ),
            "LEEFWERELD_FUZZ_EXAMPLES": str(args.examples),
            "LEEFWERELD_FUZZ_SEED": str(seed),
            "LEEFWERELD_FUZZ_REPORT": str(report),
        }
        command = [
            sys.executable,
            "-m",
            "pytest",
            str(ROOT / "tests" / "test_api_fuzz.py"),
            "-q",
            "-p",
            "no:cacheprovider",
            "--tb=no",
            "-k",
            args.k or "operation",
        ]
        started = time.monotonic()
        subprocess.run(command, cwd=ROOT, env=env, check=False)
        elapsed = time.monotonic() - started
        rows = (
            [json.loads(line) for line in report.read_text().splitlines()]
            if report.exists()
            else []
        )

    statuses: Counter[str] = Counter()
    print(f"\n{'operation':58} {'requests':>8} {'5xx':>5} {'schema':>6}")
    for row in sorted(rows, key=lambda r: r["operation"]):
        statuses.update(row["statuses"])
        print(
            f"{row['operation']:58} {row['requests']:8} {row['server_errors']:5} "
            f"{row['schema_mismatches']:6}"
        )
        if args.failures:
            for key, detail in row["failures"].items():
                print(f"    {key}\n      {detail[:600]}")
    requests = sum(r["requests"] for r in rows)
    errors = sum(r["server_errors"] for r in rows)
    mismatches = sum(r["schema_mismatches"] for r in rows)
    actors = 11  # owner, 9 roles, anonymous (tests/test_api_fuzz.py ACTORS)
    print(
        f"\n{len(rows)} operations × {actors} actors, {args.examples} examples each, "
        f"seed {seed}, database {os.environ.get('DATABASE_URL', 'SQLite').split('@')[-1]}: "
        f"{requests} requests in {elapsed:.0f} s, {errors} server errors, "
        f"{mismatches} schema mismatches"
    )
    print("statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
    return 0 if rows and errors == 0 and mismatches == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
