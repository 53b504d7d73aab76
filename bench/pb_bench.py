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
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Timing:
    wall: float  # median wall-clock seconds
    fastest: float  # fastest wall-clock seconds
    cpu: float  # median CPU seconds of this process (less sensitive to other load)
    result: Any


def timed(fn: Callable[[], Any], repeats: int = 1) -> Timing:
    walls, cpus = [], []
    result = None
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return Timing(statistics.median(walls), min(walls), statistics.median(cpus), result)


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
    reading = timed(lambda: parse(args.data))
    instance = reading.result
    grouping = timed(lambda: compile_profile(instance, "cost", caps=False))
    profile = grouping.result

    def load_pabutools() -> tuple[Any, Any]:
        inst, prof = parse_pabulib(str(args.data))
        return inst, prof.as_multiprofile()

    pt_reading = timed(load_pabutools)
    pt_instance, pt_profile = pt_reading.result
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
    ours: dict[str, Timing] = {}
    theirs: dict[str, Timing] = {}
    for name in ("mes", "greedy", "add1"):
        ours_fn[name]()  # warm the per-profile caches once, as a long-running server has them
        ours[name] = timed(ours_fn[name], REPEATS)
        print(f"ours {name}: {ours[name]}".split(", result=")[0], flush=True)
        if name == "add1" and args.quick:
            continue
        print(f"pabutools {name} ...", flush=True)
        theirs[name] = timed(theirs_fn[name])
        print(f"pabutools {name}: {theirs[name].wall:.1f} s", flush=True)

    labels = {
        "mes": "Equal shares, no completion",
        "add1": f"Equal shares + add1 ({ours['add1'].result.raises} raises of 1 per voter)",
        "greedy": "Greedy by votes",
    }
    rows = []
    verdicts = []
    for name in ("mes", "add1", "greedy"):
        mine = ours[name]
        outcome = mine.result
        cells = f"{mine.wall:.3f} ({mine.fastest:.3f}) | {mine.cpu:.3f}"
        if name in theirs:
            other = theirs[name]
            same = set(outcome.funded) == {p.name for p in other.result}
            ratio = other.wall / mine.wall
            rows.append(
                f"| {labels[name]} | {cells} | {other.wall:.1f} | {other.cpu:.1f} | "
                f"{ratio:,.0f}× | {other.cpu / mine.cpu:,.0f}× | "
                f"{'yes' if same else '**NO**'} ({len(outcome.funded)} projects) |"
            )
            verdicts.append((name, same, ratio))
        else:
            rows.append(f"| {labels[name]} | {cells} | not run (`--quick`) | – | – | – | – |")

    add1 = ours["add1"]
    add1_ratio = next((r for n_, _s, r in verdicts if n_ == "add1"), None)
    all_same = all(s for _n, s, _r in verdicts)
    target_time = "met" if add1.wall < TARGET_SECONDS else "**not met**"
    if add1_ratio is None:
        target_ratio = "not measured in this run (`--quick`)"
    else:
        target_ratio = "met" if add1_ratio >= TARGET_RATIO else "**not met**"
    header = (
        "| Rule | ours: wall s, median (fastest) | ours: CPU s | pabutools: wall s "
        "| pabutools: CPU s | ratio (wall) | ratio (CPU) | same winners |"
    )
    end_load = machine()["load"]
    origin = ""
    if args.data.name == DEFAULT_DATA.name:
        origin = " (pabulib via the pabutools test suite, GPL-3.0, read from `../shared/data/pb/`)"
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
- Data: `{args.data.name}`{origin}: {len(instance.projects)} projects,
  {len(instance.votes):,} voters, {profile.k:,} distinct ballots, budget {instance.budget:,};
  approval ballots, cost utility, no caps, default tie-breaking (project id, as pabutools).

{header}
|---|---:|---:|---:|---:|---:|---:|---|
{chr(10).join(rows)}

Ours: {REPEATS} runs after one warm-up, on the grouped ballots, timed right before the
pabutools run of the same rule; pabutools: one run each on its multiprofile. CPU time is
this process's, which is less disturbed by other work on the machine than wall time.
Not included above: reading the file and grouping ballots — ours {reading.wall:.2f} s +
{grouping.wall:.2f} s, pabutools {pt_reading.wall:.1f} s (parse + multiprofile).
All decisions in our kernel are exact (see `docs/pb-rule.md`).

Targets: equal shares with add1 under {TARGET_SECONDS:.0f} s (wall, median) — {target_time}
({add1.wall:.3f} s; CPU {add1.cpu:.3f} s);
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
