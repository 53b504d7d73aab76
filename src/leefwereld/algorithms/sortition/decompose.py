"""Write a target composition as a lottery over feasible panels, without an LP.

Given target slot counts t (a point of the relaxation R, see leximin.py), the
greedy Carathéodory procedure below repeatedly

1. looks at the residual point x = r / m (r: what is still to be covered, m: the
   probability mass still unassigned) and the constraints of R that are tight there;
2. finds, with one small integer program, a feasible panel c on that same face of
   R and within one seat of x in every slot and every constraint row;
3. gives c the largest weight lambda that keeps the new residual (r - lambda c) /
   (m - lambda) inside R (a ratio test), which makes at least one more constraint
   tight.

The face shrinks at every step, so there are at most (number of slots + 1) steps.
Step 2 can fail when the residual has left the set of lotteries (R is only an outer
description); the caller then falls back to column generation, seeded with the
panels found so far.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from leefwereld.algorithms.sortition.model import Cancelled, FloatArray, IntArray, TypeSpace
from leefwereld.algorithms.sortition.panels import PanelModel

# A residual count r within this of an integer multiple of the remaining mass m is
# taken to be exactly that multiple (the residual point r / m is then integral there).
_SNAP = 1e-11


def _box(residual: FloatArray, mass: float) -> tuple[FloatArray, FloatArray]:
    """Integer floor and ceiling of residual / mass, snapping near-integers."""
    near = np.rint(residual / mass)
    exact = np.abs(residual - near * mass) <= _SNAP
    x = residual / mass
    return np.where(exact, near, np.floor(x)), np.where(exact, near, np.ceil(x))


@dataclass
class Decomposition:
    columns: list[IntArray]
    weights: list[float]
    remaining: float  # probability mass not assigned (0 on success)
    steps: int


def greedy_decomposition(
    space: TypeSpace,
    panel: PanelModel,
    target: FloatArray,
    upper: FloatArray,
    rng: np.random.Generator,
    max_steps: int | None = None,
    progress: Callable[[float, str], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> Decomposition:
    """Decompose `target` (slot counts) into panels; see the module docstring."""
    n = space.n_slots
    incidence = space.incidence
    quota_lo = np.array([q.min for q in space.problem.quotas], dtype=np.float64)
    quota_hi = np.array([q.max for q in space.problem.quotas], dtype=np.float64)
    kind_rows = np.array(panel.kind_rows, dtype=np.int64)
    kind_count = np.array([space.kinds[h].count for h in kind_rows], dtype=np.float64)
    slot_kind_row = np.full(len(space.kinds), -1, dtype=np.int64)
    slot_kind_row[kind_rows] = np.arange(len(kind_rows))
    size = float(space.problem.size)

    def kind_sums(x: FloatArray) -> FloatArray:
        if not len(kind_rows):
            return np.zeros(0)
        rows = slot_kind_row[space.slot_kind]
        mask = rows >= 0
        return np.bincount(rows[mask], weights=x[mask], minlength=len(kind_rows)).astype(np.float64)

    residual = np.array(target, dtype=np.float64)
    mass = 1.0
    columns: list[IntArray] = []
    weights: list[float] = []
    limit = max_steps if max_steps is not None else 2 * n + 10
    steps = 0
    while mass > 1e-12 and steps < limit:
        if should_cancel is not None and should_cancel():
            raise Cancelled("cancelled while building the lottery")
        if progress is not None:
            # The unassigned mass shrinks roughly geometrically per step, so its logarithm
            # (from 1 down to 1e-10) tracks the work done far better than the mass itself.
            done = min(1.0, np.log(max(mass, 1e-300)) / np.log(1e-10))
            progress(
                0.03 + 0.96 * done,
                f"building the lottery: {len(columns)} panels, {1.0 - mass:.1%}",
            )
        steps += 1
        x = residual / mass
        # Integrality is judged on the unscaled residual: dividing by a small mass
        # would blow round-off up and make nearly-tight rows look loose (or the reverse).
        col_lo, col_hi = _box(residual, mass)
        col_lo = np.clip(col_lo, 0.0, upper)
        col_hi = np.clip(col_hi, 0.0, upper)
        q_lo, q_hi = _box(incidence @ residual, mass)
        q_lo = np.maximum(quota_lo, q_lo)
        q_hi = np.minimum(quota_hi, q_hi)
        k_lo, k_hi = _box(kind_sums(residual), mass)
        k_lo = np.maximum(0.0, k_lo)
        k_hi = np.minimum(kind_count, k_hi)
        row_lo = np.concatenate([[size], q_lo, k_lo])
        row_hi = np.concatenate([[size], q_hi, k_hi])
        if (row_lo > row_hi).any():
            break
        # Prefer rounding up where the fractional part is large: keeps c close to x.
        frac = x - np.floor(x)
        result = panel.solve_on_face(
            frac + 1e-3 * rng.uniform(0.0, 1.0, n), col_lo, col_hi, row_lo, row_hi, rng
        )
        if result.best is None:
            break
        c = result.best.astype(np.float64)

        # Ratio test: largest step keeping (residual - step * c) / (mass - step) in R.
        step = mass
        cq = incidence @ c
        ck = kind_sums(c)
        rq = incidence @ residual
        rk = kind_sums(residual)
        for a_r, a_c, lo, hi in (
            (residual, c, np.zeros(n), upper),
            (rq, cq, quota_lo, quota_hi),
            (rk, ck, np.zeros(len(kind_rows)), kind_count),
        ):
            up = a_c > lo + 1e-12  # moving away from the lower bound
            if up.any():
                step = min(step, float(np.min((a_r[up] - lo[up] * mass) / (a_c[up] - lo[up]))))
            down = a_c < hi - 1e-12  # moving away from the upper bound
            if down.any():
                step = min(
                    step, float(np.min((hi[down] * mass - a_r[down]) / (hi[down] - a_c[down])))
                )
        if step <= 1e-12 * max(mass, 1e-300):
            break
        step = min(step, mass)
        columns.append(result.best)
        weights.append(step)
        residual = residual - step * c
        mass -= step
        if mass <= 1e-12 * (1.0 + len(columns)):
            mass = 0.0
    return Decomposition(columns, weights, max(mass, 0.0), steps)


def polish_weights(
    columns: list[IntArray], weights: list[float], target: FloatArray
) -> list[float]:
    """Re-solve the weights of a found support exactly, removing round-off drift.

    The greedy steps subtract floating-point multiples of panels from the residual,
    so the weights drift by ~1e-9 relative. The support found is affinely
    independent (each step makes a new constraint tight), so the exact weights solve
    sum_c w_c c = target, sum_c w_c = 1; least squares recovers them. The result is
    used only if it is non-negative and reproduces the target better.
    """
    if not columns or len(columns) * len(target) > 4_000_000:
        return weights
    matrix = np.vstack([np.array(columns, dtype=np.float64).T, np.ones(len(columns))])
    rhs = np.concatenate([target, [1.0]])
    solved, *_ = np.linalg.lstsq(matrix, rhs, rcond=None)
    before = np.abs(matrix @ np.array(weights) - rhs).max()
    after = np.abs(matrix @ solved - rhs).max()
    if solved.min() < -1e-12 or after >= before:
        return weights
    return [float(max(v, 0.0)) for v in solved]
