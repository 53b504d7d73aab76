"""Malformed quota tables and pools, made by mutating a valid pair (used by the
Hypothesis test and by `bench/file_readers_fuzz.py`)."""

from __future__ import annotations

import random

QUOTAS = """feature,value,min,max
geslacht,vrouw,1,3
geslacht,man,1,3
wijk,Noord,0,2
wijk,Zuid,0,3
"""
POOL = """id,geslacht,wijk
p1,vrouw,Noord
p2,man,Zuid
p3,vrouw,Zuid
p4,man,Noord
p5,vrouw,Zuid
p6,man,Zuid
"""
SIZE = 4
HOSTILE = (
    "",
    "-1",
    "0",
    "7",
    "100000000000000000000",
    "9223372036854775808",
    "1e3",
    "1_000",
    "²",
    "٣",
    "NaN",
    "vrouw",
    "VROUW",
    "onbekend",
    '"',
    '"a,b"',
    "a" * 200,
    ",,,",
    ";",
    "\t",
    "\x00",
)
SIZES = (-1, 0, 1, 4, 6, 7, 10**6, 10**20, 2**63)


def _mutate(rng: random.Random, text: str, steps: int) -> str:
    lines = text.rstrip("\n").split("\n")
    for _ in range(steps):
        i = rng.randrange(len(lines)) if lines else 0
        kind = rng.randrange(5)
        if not lines:
            lines = [rng.choice(HOSTILE)]
        elif kind == 0:
            del lines[i]
        elif kind == 1:
            lines.insert(i, lines[i])
        elif kind in (2, 3):
            cells = lines[i].split(",")
            cells[rng.randrange(len(cells))] = rng.choice(HOSTILE)
            lines[i] = ",".join(cells)
        else:
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
    return "\n".join(lines) + "\n"


def malformed_tables(seed: int, steps: int | None = None) -> tuple[str, str, int]:
    """(quotas text, pool text, panel size): one or both mutated, or a wrong size."""
    rng = random.Random(seed)
    n = steps if steps is not None else rng.randint(1, 3)
    which = rng.randrange(4)
    quotas = _mutate(rng, QUOTAS, n) if which in (0, 2) else QUOTAS
    pool = _mutate(rng, POOL, n) if which in (1, 2) else POOL
    size = rng.choice(SIZES) if which == 3 or rng.random() < 0.2 else SIZE
    return quotas, pool, size
