"""Shared test helpers: the shared-data location and a generator of tiny problems."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import strategies as st

from leefwereld.algorithms.sortition.model import Person, Problem, Quota

REPO_ROOT = Path(__file__).resolve().parents[5]
SHARED = REPO_ROOT.parent / "shared" / "data" / "sortition"
SHARED_MISSING = (
    f"the shared GPL-3.0 sortition data is not at {SHARED} (it stays outside the repository)"
)


def tiny_problem(seed: int, *, households: float = 0.4, loose: bool = True) -> Problem:
    """A random problem small enough to enumerate every panel (at most 12 people)."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(6, 12))
    k = int(rng.integers(2, min(5, n)))
    n_features = int(rng.integers(1, 4))
    n_values = [int(rng.integers(2, 4)) for _ in range(n_features)]
    quotas = []
    for f in range(n_features):
        for v in range(n_values[f]):
            lo = int(rng.integers(0, 2 if loose else 3))
            hi = int(rng.integers(lo, k + 1))
            quotas.append(Quota(f"f{f}", f"v{v}", lo, hi))
    people = []
    for i in range(n):
        household = f"h{rng.integers(0, n)}" if rng.random() < households else None
        codes = tuple(int(rng.integers(0, n_values[f])) for f in range(n_features))
        people.append(Person(f"p{i}", i + 2, codes, household))
    return Problem.build(quotas, people, k)


problem_seeds = st.integers(min_value=0, max_value=2**32 - 1)
