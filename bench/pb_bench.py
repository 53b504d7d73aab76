"""Benchmark: the Method of Equal Shares on Łódź 2022, ours against pabutools.

Runs, on ``poland_lodz_2022_.pb`` (160 projects, 90,494 voters):

* equal shares without completion, equal shares with add1 completion, and
  greedy by votes — cost utility, no caps — with our kernel
  (``leefwereld.algorithms.pb``) and with pabutools in the same process;
* checks that both funded exactly the same projects;
* writes times, ratios, machine, data size, date and command into BENCHMARKS.md
  between ``<!-- pb:start -->`` and ``<!-- pb:end -->``.

pabutools gets its fastest input (a multiprofile: distinct ballots with
counts). pabutools' add1 is ``exhaustion_by_budget_increase`` with a step of
one currency unit per voter and no stop at the first exhaustive outcome —
about sixty full runs of its equal shares, so the whole benchmark takes a
while (tens of minutes on a slow machine). ``--quick`` skips that one
reference run and says so in the output.

Run from the repository root:

    PYTHONPATH=src .venv/bin/python bench/pb_bench.py [--data FILE] [--quick] [--no-write]

The Łódź file is GPL-3.0 and is not in the repository; by default it is read
from ``../shared/data/pb/`` next to the repository root.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from leefwereld.algorithms.pb import allocate, compile_profile, parse

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "BENCHMARKS.md"
START, END = "<!-- pb:start -->", "<!-- pb:end -->"
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "pb" / "poland_lodz_2022_.pb"
REPEATS = 5
TARGET_SECONDS = 1.0
TARGET_RATIO = 50.0


def machine() -> dict[str, str]:
    cpu = "unknown"
    memory = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    try:
        nproc = subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        nproc = str(os.cpu_count())
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return {"nproc": nproc, "cpu": cpu, "memory": memory, "load": load}


def timed(fn: Callable[[], Any], repeats: int = 1) -> tuple[float, float, Any]:
    """Median and fastest wall time over ``repeats`` runs, and the last result."""
    times = []
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--quick", action="store_true", help="skip pabutools' add1 (the slow one)")
    parser.add_argument("--no-write", action="store_true", help="print, do not touch BENCHMARKS.md")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"error: {args.data} is absent (GPL-3.0 data is kept outside)", file=sys.stderr)
        return 1

    import pabutools
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import (
        exhaustion_by_budget_increase,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )

    info = machine()
    print(f"machine: {info}", flush=True)

    # Reading and grouping ballots are reported apart from the rules.
    parse_s, _, instance = timed(lambda: parse(args.data))
    compile_s, _, profile = timed(lambda: compile_profile(instance, "cost", caps=False))

    def load_pabutools() -> tuple[Any, Any]:
        inst, prof = parse_pabulib(str(args.data))
        return inst, prof.as_multiprofile()

    pt_parse_s, _, (pt_instance, pt_profile) = timed(load_pabutools)
    n = pt_profile.num_ballots()

    ours_fn: dict[str, Callable[[], Any]] = {
        "mes": lambda: allocate(profile, completion="none", caps=False),
        "greedy": lambda: allocate(profile, rule="greedy", caps=False),
        "add1": lambda: allocate(profile, completion="add1", caps=False),
    }
    theirs_fn: dict[str, Callable[[], Any]] = {
        "mes": lambda: method_of_equal_shares(pt_instance, pt_profile, sat_class=Cost_Sat),
        "greedy": lambda: greedy_utilitarian_welfare(pt_instance, pt_profile, sat_class=Cost_Sat),
        "add1": lambda: exhaustion_by_budget_increase(
            pt_instance,
            pt_profile,
            method_of_equal_shares,
            {"sat_class": Cost_Sat},
            budget_step=n,
            exhaustive_stop=False,
        ),
    }
    # Ours is timed right before pabutools for each rule, so both see similar load.
    ours: dict[str, tuple[float, float, Any]] = {}
    theirs: dict[str, tuple[float, float, Any]] = {}
    for name in ("mes", "greedy", "add1"):
        ours_fn[name]()  # warm the per-profile caches once, as a long-running server has them
        ours[name] = timed(ours_fn[name], REPEATS)
        print(f"ours {name}: median {ours[name][0]:.3f} s, {len(ours[name][2].funded)} funded")
        if name == "add1" and args.quick:
            continue
        print(f"pabutools {name} ...", flush=True)
        theirs[name] = timed(theirs_fn[name])
        print(f"pabutools {name}: {theirs[name][0]:.1f} s", flush=True)

    labels = {
        "mes": "Equal shares, no completion",
        "add1": f"Equal shares + add1 ({ours['add1'][2].raises} raises of 1 per voter)",
        "greedy": "Greedy by votes",
    }
    rows = []
    verdicts = []
    for name in ("mes", "add1", "greedy"):
        our_s, our_min, outcome = ours[name]
        mine = f"{our_s:.3f} ({our_min:.3f})"
        if name in theirs:
            their_s, _, result = theirs[name]
            same = set(outcome.funded) == {p.name for p in result}
            ratio = their_s / our_s
            rows.append(
                f"| {labels[name]} | {mine} | {their_s:.1f} | {ratio:,.0f}× | "
                f"{'yes' if same else '**NO**'} ({len(outcome.funded)} projects) |"
            )
            verdicts.append((name, same, ratio))
        else:
            rows.append(f"| {labels[name]} | {mine} | not run (`--quick`) | – | – |")

    add1_s = ours["add1"][0]
    add1_ratio = next((r for n_, _s, r in verdicts if n_ == "add1"), None)
    all_same = all(s for _n, s, _r in verdicts)
    target_time = "met" if add1_s < TARGET_SECONDS else "**not met**"
    if add1_ratio is None:
        target_ratio = "not measured in this run (`--quick`)"
    else:
        target_ratio = "met" if add1_ratio >= TARGET_RATIO else "**not met**"
    end_load = machine()["load"]
    command = "PYTHONPATH=src .venv/bin/python bench/pb_bench.py"
    if args.quick:
        command += " --quick"
    body = f"""
## Participatory budgeting: Method of Equal Shares on Łódź 2022

- Command: `{command}` (from the repository root)
- Date: {dt.date.today().isoformat()}
- Machine: `nproc` = {info["nproc"]}, {info["cpu"]}, {info["memory"]} RAM; load average
  (1/5/15 min) {info["load"]} at the start and {end_load} at the end (a shared machine:
  absolute times are noisy; the ratio is what counts)
- Software: Python {platform.python_version()}, NumPy {np.__version__},
  pabutools {pabutools.__version__}
- Data: `poland_lodz_2022_.pb` (pabulib via the pabutools test suite, GPL-3.0, read from
  `../shared/data/pb/`): {len(instance.projects)} projects, {len(instance.votes):,} voters,
  {profile.k:,} distinct ballots, budget {instance.budget:,}; approval ballots, cost utility,
  no caps, default tie-breaking (project id, as pabutools).

| Rule | ours, s: median (fastest) | pabutools (s) | pabutools / ours (median) | same winners |
|---|---:|---:|---:|---|
{chr(10).join(rows)}

Ours: median and fastest of {REPEATS} runs after one warm-up, on the grouped ballots, timed
right before the pabutools run of the same rule; pabutools: one run each on its multiprofile.
Not included above: reading the file and grouping ballots — ours {parse_s:.2f} s +
{compile_s:.2f} s, pabutools {pt_parse_s:.1f} s (parse + multiprofile).
All decisions in our kernel are exact (see `docs/pb-rule.md`).

Targets: equal shares with add1 under {TARGET_SECONDS:.0f} s — {target_time} (median
{add1_s:.3f} s);
at least {TARGET_RATIO:.0f}× faster than pabutools with add1 — {target_ratio}.
Identical winners in every variant measured: {"yes" if all_same else "**NO**"}.
"""
    print(body)
    if not args.no_write:
        text = BENCHMARKS.read_text()
        if START not in text or END not in text:
            print("error: BENCHMARKS.md has no pb markers", file=sys.stderr)
            return 1
        pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
        section = f"{START}\n{body.strip()}\n{END}"
        BENCHMARKS.write_text(pattern.sub(lambda _m: section, text, count=1))
        print(f"wrote {BENCHMARKS}")
    return 0 if all_same else 2


if __name__ == "__main__":
    sys.exit(main())
