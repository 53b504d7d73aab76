"""Benchmark: payment capacity for every household of a Rotterdam-sized city.

Computes beslagvrije voet, vtlb and afloscapaciteit for every household of the
rotterdam-scale demo population (``--households demo``, the default: 326,594
households; their composition and ages come from the demo generator, their incomes and
costs — which the demo does not hold — are drawn from a seeded distribution), or for a
seeded synthetic set (``--households synthetic --size N``), twice in the same run:

* the reference: a plain Python loop calling ``payment_capacity`` per household
  (the function the apps use for one resident, explanation included);
* the vectorised ``payment_capacity_batch`` over NumPy arrays.

It checks that both give identical figures for every household, then writes the
timings, rate and ratio with the machine, size, date and command into
BENCHMARKS.md between ``<!-- rules:start -->`` and ``<!-- rules:end -->``.

Run from the repository root:

    PYTHONPATH=src .venv/bin/python bench/capacity_bench.py [--households demo|synthetic]
        [--size N] [--no-write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from leefwereld.rules.capacity import Household, payment_capacity, payment_capacity_batch
from leefwereld.rules.parameters import DEFAULT_CAPACITY_CONFIG, LEEFSITUATIE_CODES

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "BENCHMARKS.md"
START, END = "<!-- rules:start -->", "<!-- rules:end -->"
PEILDATUM = dt.date(2025, 7, 1)  # the latest half year with a fully sourced norm table
SEED = 20260701

# Synthetic settings so that every correction branch runs; not legal figures.
CONFIG = DEFAULT_CAPACITY_CONFIG.with_values(
    note="benchmarkinstelling (synthetisch)",
    woonkosten_drempel=70000,
    woonkosten_max_verhoging=30000,
    zorgpremie_in_norm=4000,
    arbeidstoeslag=2500,
)


DEMO_SEED = 2026  # the seed `leefwereld demo` uses by default
# AOW-leeftijd in 2025: 67 years (Algemene Ouderdomswet art. 7a). Only used to sort the
# demo's households into leefsituaties for this benchmark.
AOW_AGE = 67


def synthetic_households(n: int, seed: int = SEED) -> dict[str, np.ndarray]:
    """A seeded, plausible mix of households (amounts in cents per month)."""
    rng = np.random.default_rng(seed)
    # alleenstaande, alleenstaande ouder, gehuwden, AOW alleenstaande, AOW gehuwden
    shares = np.array([0.42, 0.10, 0.28, 0.12, 0.08])
    codes = rng.choice(len(LEEFSITUATIE_CODES), size=n, p=shares).astype(np.int8)
    return with_finances(codes, rng)


def demo_households() -> dict[str, np.ndarray]:
    """Every household of the rotterdam-scale demo population, as leefsituatie codes.

    Adults are the members without a parent in the household; one adult is alleenstaande
    (ouder, with children), two or more are gehuwden; AOW when the oldest adult has reached
    the AOW age on the peildatum.
    """
    from leefwereld.demo.population import SCALES, build_population

    population = build_population(SCALES["rotterdam"], DEMO_SEED, PEILDATUM)
    members: dict[int, list] = {}
    for person in population.people:
        members.setdefault(person.household, []).append(person)
    codes = np.empty(len(members), dtype=np.int8)
    for i, people in enumerate(members.values()):
        in_home = {p.index for p in people}
        adults = [p for p in people if not in_home.intersection(p.parents)]
        has_children = len(adults) < len(people)
        oldest = min(p.birth_date for p in adults)
        retired = _age(oldest, PEILDATUM) >= AOW_AGE
        if len(adults) >= 2:
            codes[i] = 4 if retired else 2
        else:
            codes[i] = 3 if retired else (1 if has_children else 0)
    return with_finances(codes, np.random.default_rng(SEED))


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def with_finances(codes: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Seeded incomes and costs for households of the given leefsituaties."""
    n = len(codes)
    couple = np.isin(codes, [2, 4])
    income = rng.lognormal(mean=np.log(190000), sigma=0.45, size=n)
    income = np.where(couple, income * 1.4, income).astype(np.int64)
    housing = rng.integers(40000, 130000, size=n, dtype=np.int64)
    rent_benefit = np.where(rng.random(n) < 0.45, rng.integers(0, 40000, size=n), 0).astype(
        np.int64
    )
    premium = np.where(couple, 32000, 16000) + rng.integers(0, 3000, size=n)
    care_benefit = np.where(rng.random(n) < 0.6, rng.integers(0, 13000, size=n), 0)
    working = rng.random(n) < 0.4
    extra = np.where(rng.random(n) < 0.1, rng.integers(0, 25000, size=n), 0)
    return {
        "codes": codes,
        "netto_inkomen": income,
        "woonkosten": housing,
        "huurtoeslag": rent_benefit,
        "zorgpremie": premium.astype(np.int64),
        "zorgtoeslag": care_benefit.astype(np.int64),
        "inkomen_uit_arbeid": working,
        "extra_correcties": extra.astype(np.int64),
    }


def as_households(data: dict[str, np.ndarray]) -> list[Household]:
    columns = {name: values.tolist() for name, values in data.items()}
    return [
        Household(
            leefsituatie=LEEFSITUATIE_CODES[code],
            netto_inkomen=columns["netto_inkomen"][i],
            woonkosten=columns["woonkosten"][i],
            huurtoeslag=columns["huurtoeslag"][i],
            zorgpremie=columns["zorgpremie"][i],
            zorgtoeslag=columns["zorgtoeslag"][i],
            inkomen_uit_arbeid=columns["inkomen_uit_arbeid"][i],
            extra_correcties=(
                (("extra", columns["extra_correcties"][i]),)
                if columns["extra_correcties"][i]
                else ()
            ),
        )
        for i, code in enumerate(columns["codes"])
    ]


def run_batch(data: dict[str, np.ndarray]):
    return payment_capacity_batch(
        data["codes"],
        data["netto_inkomen"],
        PEILDATUM,
        CONFIG,
        woonkosten=data["woonkosten"],
        huurtoeslag=data["huurtoeslag"],
        zorgpremie=data["zorgpremie"],
        zorgtoeslag=data["zorgtoeslag"],
        inkomen_uit_arbeid=data["inkomen_uit_arbeid"],
        extra_correcties=data["extra_correcties"],
    )


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--households",
        choices=("demo", "synthetic"),
        default="demo",
        help="the rotterdam demo population's households (default) or a synthetic set",
    )
    parser.add_argument("--size", type=int, default=300_000, help="synthetic set size")
    parser.add_argument("--repeats", type=int, default=5, help="batch repetitions")
    parser.add_argument("--no-write", action="store_true", help="do not update BENCHMARKS.md")
    args = parser.parse_args()

    if args.households == "demo":
        data = demo_households()
        source = (
            f"the households of the rotterdam-scale demo population (seed {DEMO_SEED}; "
            f"composition and ages from `leefwereld.demo.population`, incomes and costs "
            f"drawn with seed {SEED}: the demo holds no incomes)"
        )
    else:
        data = synthetic_households(args.size)
        source = f"synthetic households (seed {SEED})"
    households = as_households(data)

    # Reference: a plain per-household loop (one run; it is the slow side).
    t0 = time.perf_counter()
    loop_results = [payment_capacity(h, PEILDATUM, CONFIG) for h in households]
    loop_seconds = time.perf_counter() - t0

    batch_times = []
    batch = None
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        batch = run_batch(data)
        batch_times.append(time.perf_counter() - t0)
    assert batch is not None
    batch_seconds = min(batch_times)

    for name in ("beslagvrije_voet", "vrij_te_laten_bedrag", "afloscapaciteit"):
        expected = np.array([getattr(r, name) for r in loop_results], dtype=np.int64)
        if not np.array_equal(expected, getattr(batch, name)):
            print(f"MISMATCH in {name}", file=sys.stderr)
            return 1

    n = len(households)
    total_capacity = int(batch.afloscapaciteit.sum())
    with_capacity = int((batch.afloscapaciteit > 0).sum())
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    command = "PYTHONPATH=src .venv/bin/python bench/capacity_bench.py" + (
        f" --households synthetic --size {n}" if args.households == "synthetic" else ""
    )
    loop_rate = f"{n / loop_seconds:,.0f} households/s"
    batch_rate = f"{n / batch_seconds:,.0f} households/s"
    batch_label = (
        f"vectorised batch (best of {args.repeats}; "
        f"median {statistics.median(batch_times) * 1000:.1f} ms)"
    )
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    machine = (
        f"{cpu_model()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, NumPy {np.__version__}; "
        f"load average (1/5/15 min) at the end {load}"
    )
    money = f"€ {total_capacity / 100:,.0f}"
    section = f"""## Payment capacity (rules)

Beslagvrije voet, vtlb and afloscapaciteit for {n:,} households: {source}.
Peildatum {PEILDATUM.isoformat()}, every correction branch switched on with synthetic
settings. Computed twice in the same run: a plain per-household loop over
`payment_capacity` (explanation included) and one vectorised
`payment_capacity_batch`. Both gave identical figures for every household.

| method | time | rate |
|---|---:|---:|
| per-household loop (reference) | {loop_seconds:.2f} s | {loop_rate} |
| {batch_label} | {batch_seconds * 1000:.1f} ms | {batch_rate} |

**Ratio: the batch is {loop_seconds / batch_seconds:,.0f}× faster than the loop.**
{with_capacity:,} households have a positive afloscapaciteit (total {money} a month).

- Machine: {machine}
- Date: {now}
- Command: `{command}`
"""
    print(section)
    if not args.no_write:
        text = BENCHMARKS.read_text()
        if START not in text or END not in text:
            print("BENCHMARKS.md has no rules markers", file=sys.stderr)
            return 1
        pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
        BENCHMARKS.write_text(pattern.sub(lambda _: f"{START}\n{section}{END}", text, count=1))
        print(f"Wrote {BENCHMARKS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
