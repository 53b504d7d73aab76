"""Benchmark of the sortition kernel against sortition-algorithms, written to BENCHMARKS.md.

    python bench/sortition_bench.py          # 500/100, 2,000/100 (with reference), 10,000/1,000
    python bench/sortition_bench.py --quick    # 200/40 vs the reference only (a smoke run)

Pools come from leefwereld.algorithms.sortition.synthetic (five categories,
about a third of the people sharing an address, fuzzy address spellings), with
the seeds printed in the report. Ours is the leximin (the full, certified
distribution); the reference is its maximin on HiGHS (its leximin needs Gurobi),
run in a child process with a time limit. Wall-clock and CPU seconds are both
reported: the machine is shared, and the load average at the start and the end
is recorded with the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from leefwereld.algorithms.sortition.io import read_problem  # noqa: E402
from leefwereld.algorithms.sortition.leximin import find_distribution  # noqa: E402
from leefwereld.algorithms.sortition.synthetic import SyntheticPool, generate_pool  # noqa: E402

START = "<!-- sortition:start -->"
END = "<!-- sortition:end -->"
ADDRESS = ["adres", "postcode"]

CHILD = """
import json, sys
sys.path.insert(0, {src!r})
from leefwereld.algorithms.sortition.io import read_problem
from leefwereld.algorithms.sortition.tests.reference import run_reference
problem = read_problem({quotas!r}, {pool!r}, {size}, address_columns={address!r})
result = run_reference(problem, backend={backend!r})
print(json.dumps({{"min": result.min_probability, "max": result.max_probability,
                  "seconds": result.seconds, "cpu": result.cpu_seconds,
                  "panels": len(result.panels)}}))
"""


@dataclass
class Case:
    pool: int
    panel: int
    seed: int
    reference: bool
    repeats: int = 1
    ours: list[dict[str, float]] = field(default_factory=list)
    maximin: dict[str, float] | None = None
    ref: dict[str, float] | None = None
    ref_note: str = ""


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        memory = "unknown"
    versions = {}
    for package in ("highspy", "numpy", "sortition_algorithms"):
        try:
            from importlib.metadata import version

            versions[package] = version(package.replace("_", "-"))
        except Exception:
            versions[package] = "not installed"
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        **versions,
    }


def load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def write_files(synthetic: SyntheticPool, folder: Path) -> tuple[Path, Path]:
    quotas = folder / "quotas.csv"
    pool = folder / "pool.csv"
    quotas.write_text(synthetic.quotas_csv(), encoding="utf-8")
    pool.write_text(synthetic.pool_csv(), encoding="utf-8")
    return quotas, pool


def run_ours(quotas: Path, pool: Path, size: int, method: str, progress: bool) -> dict[str, float]:
    problem = read_problem(quotas, pool, size, address_columns=ADDRESS)
    last = [0.0]

    def report(fraction: float, message: str) -> None:
        now = time.perf_counter()
        if now - last[0] >= 5.0 or fraction >= 1.0:
            last[0] = now
            print(f"    [{fraction:6.1%}] {message}", file=sys.stderr, flush=True)

    start, cpu = time.perf_counter(), time.process_time()
    dist = find_distribution(problem, method=method, progress=report if progress else None)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    p = dist.person_probabilities()
    return {
        "seconds": seconds,
        "cpu": cpu_seconds,
        "min": float(p.min()),
        "max": float(p.max()),
        "gap": dist.certificate.gap,
        "upper": dist.certificate.upper_bound,
        "certified": float(dist.certificate.certified),
        "support": float(len(dist.weights)),
        "levels": float(len(dist.certificate.levels)),
        "slots": dist.stats["slots"],
        "cuts": dist.stats["cuts"],
    }


def run_reference(
    quotas: Path, pool: Path, size: int, timeout: float, backend: str
) -> tuple[dict[str, float] | None, str]:
    code = CHILD.format(
        src=str(ROOT / "src"),
        quotas=str(quotas),
        pool=str(pool),
        size=size,
        address=ADDRESS,
        backend=backend,
    )
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None, f"did not finish within {timeout:.0f} s (stopped)"
    if done.returncode != 0:
        return None, "failed: " + done.stderr.strip().splitlines()[-1]
    for line in reversed(done.stdout.strip().splitlines()):
        if line.startswith("{"):
            result = json.loads(line)
            result["wall_with_startup"] = time.perf_counter() - start
            return result, ""
    return None, "no result"


def fmt(seconds: float) -> str:
    return f"{seconds:.1f}" if seconds >= 10 else f"{seconds:.2f}"


HEADER = """## Sortition: leximin on HiGHS vs `sortition-algorithms`

Command: `{command}` — date {date}.
Machine: {nproc} CPUs ({cpu}), {memory} RAM; Python {python}, highspy {highspy},
numpy {numpy}, sortition-algorithms {sortition_algorithms}.
Load average (1/5/15 min) at start: {load_start}; at end: {load_end}. The machine is
shared: CPU seconds (all threads of the process) are given next to wall-clock seconds.

Data: `synthetic.generate_pool(pool, panel, seed)`: five categories (gender 3, age 5,
education 3, district 5, migration background 3 values); about 30 % of the people share
an address with one or two others (one per household, via fuzzy-normalised addresses;
the reference gets the same households as an exact key column); quotas are the
population shares ±15 % ±1 seat.

Ours: `find_distribution(method="leximin")`, the complete leximin lottery with its
certificate. Reference: `find_distribution_maximin(..., "highspy")`, maximin only (its
leximin needs Gurobi), in a child process.

| pool / panel | seed | ours leximin s wall (CPU) | reference maximin s wall (CPU) \
| ratio wall (CPU) | min. probability ours / reference | gap | levels | support |
|---|---|---|---|---|---|---|---|---|
"""


def _row(case: Case) -> str:
    wall = statistics.median(r["seconds"] for r in case.ours)
    cpu = statistics.median(r["cpu"] for r in case.ours)
    first = case.ours[0]
    runs = f", median of {len(case.ours)}" if len(case.ours) > 1 else ""
    ours = f"{fmt(wall)} ({fmt(cpu)}{runs})"
    if case.ref is not None:
        ref = f"{fmt(case.ref['seconds'])} ({fmt(case.ref['cpu'])})"
        ratio = f"{case.ref['seconds'] / wall:.0f}× ({case.ref['cpu'] / cpu:.0f}×)"
        delta = abs(first["min"] - case.ref["min"])
        mins = f"{first['min']:.9f} / {case.ref['min']:.9f} (Δ {delta:.1e})"
    else:
        ref, ratio, mins = case.ref_note or "not run", "—", f"{first['min']:.9f} / —"
    cells = [
        f"{case.pool:,} / {case.panel:,}",
        str(case.seed),
        ours,
        ref,
        ratio,
        mins,
        f"{first['gap']:.1e}",
        str(int(first["levels"])),
        str(int(first["support"])),
    ]
    return "| " + " | ".join(cells) + " |"


def _targets(cases: list[Case]) -> list[str]:
    lines = ["Targets:"]
    for case in cases:
        wall = statistics.median(r["seconds"] for r in case.ours)
        size = f"{case.pool:,}/{case.panel:,}"
        if case.pool == 500 and case.ref is not None:
            ratio = case.ref["seconds"] / wall
            verdict = "met" if ratio >= 20 else "MISSED"
            lines.append(f"- ≥ 20× faster than the reference on {size}: {ratio:.0f}× — {verdict}.")
        if case.pool == 2000:
            verdict = "met" if wall < 300 else "MISSED"
            note = f" Reference: {case.ref_note}." if case.ref is None and case.ref_note else ""
            lines.append(f"- {size} in < 5 min: {fmt(wall)} s — {verdict}.{note}")
        if case.pool == 10000:
            gap = case.ours[0]["gap"]
            lines.append(f"- {size} finishes, progress shown: {fmt(wall)} s, gap {gap:.1e}.")
        if case.ref is not None:
            same = "yes" if abs(case.ours[0]["min"] - case.ref["min"]) <= 1e-6 else "NO"
            lines.append(f"- Same minimum probability as the reference (±1e-6) on {size}: {same}.")
    lines.append(
        "- CBC was not measured: the reference's `mip-cbc` backend needs `python-mip`, "
        "which is not installed in the venv."
    )
    return lines


def report_markdown(cases: list[Case], info: dict[str, str], meta: dict[str, str]) -> str:
    lines = [HEADER.format(**info, **meta).rstrip("\n")]
    lines += [_row(case) for case in cases]
    lines.append("")
    for c in cases:
        if c.maximin is not None:
            lines.append(
                f"Our maximin (first level only) on {c.pool:,}/{c.panel:,}: "
                f"{fmt(c.maximin['seconds'])} s wall ({fmt(c.maximin['cpu'])} s CPU), "
                f"min. probability {c.maximin['min']:.9f}."
            )
    lines.append("")
    lines += _targets(cases)
    return "\n".join(lines)


def replace_section(markdown: str) -> None:
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{path} lacks the {START} / {END} markers")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{START}\n{markdown}\n{END}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="one small case against the reference")
    parser.add_argument(
        "--reference-timeout",
        type=float,
        default=900.0,
        help="seconds before the reference is stopped",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print the report without touching BENCHMARKS.md"
    )
    args = parser.parse_args()
    if args.quick:
        cases = [Case(200, 40, 1, reference=True, repeats=3)]
    else:
        cases = [
            Case(500, 100, 1, reference=True, repeats=3),
            Case(2000, 100, 2, reference=True),
            Case(10000, 1000, 3, reference=False),
        ]
    info = machine()
    command = "python bench/sortition_bench.py" + (" --quick" if args.quick else "")
    meta = {"command": command, "date": dt.date.today().isoformat(), "load_start": load()}
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            folder = Path(tmp) / f"{case.pool}_{case.panel}"
            folder.mkdir()
            quotas, pool = write_files(generate_pool(case.pool, case.panel, case.seed), folder)
            print(
                f"pool {case.pool} / panel {case.panel} (seed {case.seed})",
                file=sys.stderr,
                flush=True,
            )
            for repeat in range(case.repeats):
                result = run_ours(quotas, pool, case.panel, "leximin", progress=case.pool >= 10000)
                case.ours.append(result)
                print(
                    f"  ours leximin run {repeat + 1}: {result['seconds']:.2f} s "
                    f"(cpu {result['cpu']:.2f}), "
                    f"min {result['min']:.9f}, gap {result['gap']:.1e}",
                    file=sys.stderr,
                    flush=True,
                )
            if case.pool <= 2000:
                case.maximin = run_ours(quotas, pool, case.panel, "maximin", progress=False)
                print(
                    f"  ours maximin: {case.maximin['seconds']:.2f} s", file=sys.stderr, flush=True
                )
            if case.reference:
                case.ref, case.ref_note = run_reference(
                    quotas, pool, case.panel, args.reference_timeout, "highspy"
                )
                if case.ref is not None:
                    print(
                        f"  reference maximin: {case.ref['seconds']:.2f} s "
                        f"(cpu {case.ref['cpu']:.2f}), "
                        f"min {case.ref['min']:.9f}",
                        file=sys.stderr,
                        flush=True,
                    )
                else:
                    print(f"  reference: {case.ref_note}", file=sys.stderr, flush=True)
    meta["load_end"] = load()
    markdown = report_markdown(cases, info, meta)
    print(markdown)
    if not args.no_write:
        replace_section(markdown)


if __name__ == "__main__":
    main()
