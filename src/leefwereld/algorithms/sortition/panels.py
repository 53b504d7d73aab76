"""The panel integer program on HiGHS: which compositions are feasible panels.

One model is built per problem and kept: every pricing call only changes the
objective (and the early-stop target), so HiGHS never rebuilds the constraint
matrix. Variables are counts per slot (see model.TypeSpace); constraints are the
panel size, every quota and, per household kind, "at most one person per
household".
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from typing import Any, cast

import highspy
import numpy as np
import numpy.typing as npt

from leefwereld.algorithms.sortition.model import FloatArray, IntArray, TypeSpace

INF = highspy.kHighsInf


def new_highs() -> highspy.Highs:
    h = _construct_quietly()
    h.setOptionValue("output_flag", False)
    # Fixed seed: the same input must give the same panels, run after run. The thread
    # count is left at HiGHS's default on purpose: HiGHS keeps one global scheduler per
    # process, and a MIP run with a thread count other than the one it was started with
    # fails (status "other"). Any other highspy user in the process must agree with us.
    h.setOptionValue("random_seed", 0)
    return h


def _change_rows_bounds(
    h: highspy.Highs, count: int, rows: npt.NDArray[np.int32], lo: FloatArray, hi: FloatArray
) -> None:
    # highspy's type stubs lack changeRowsBounds although the method exists; one call
    # for all rows is much faster than a changeRowBounds per row.
    cast(Any, h).changeRowsBounds(count, rows, lo, hi)


def _construct_quietly() -> highspy.Highs:
    """A Highs instance whose start-up banner goes to stderr, not stdout.

    HiGHS prints "Running HiGHS ..." from C++ on the process's stdout when the first
    instance is made, before any option can switch it off; that would break
    `--json`'s promise of exactly one JSON object on stdout.
    """
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no usable file descriptor 1: nothing to protect
        return highspy.Highs()
    try:
        os.dup2(2, 1)
        return highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


@dataclass
class PricingResult:
    status: str  # "optimal", "target" (stopped early at a good enough panel), "infeasible", "other"
    best: IntArray | None
    value: float  # objective of `best` (-inf when none)
    bound: float  # proven upper bound on the objective over all feasible panels
    found: list[IntArray] = field(default_factory=list)  # every panel met on the way, best first


class PanelModel:
    """Reusable HiGHS model of the feasible panels in type space."""

    def __init__(
        self,
        space: TypeSpace,
        lo: list[int] | None = None,
        hi: list[int] | None = None,
        ub: IntArray | None = None,
    ) -> None:
        self.space = space
        problem = space.problem
        n = space.n_slots
        self.n = n
        self.calls = 0
        self.seconds = 0.0
        h = new_highs()
        # Measured on 500/100 pools: without presolve, symmetry detection and the
        # feasibility-jump heuristic a pricing MIP takes about half the time; the models
        # are small and nearly integral, so those aids cost more than they save.
        h.setOptionValue("presolve", "off")
        h.setOptionValue("mip_detect_symmetry", False)
        h.setOptionValue("mip_heuristic_run_feasibility_jump", False)
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 1e-12)
        h.setOptionValue("mip_improving_solution_save", True)
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        upper = (space.slot_ub if ub is None else ub).astype(np.float64)
        h.addCols(
            n,
            np.zeros(n),
            np.zeros(n),
            upper,
            0,
            np.zeros(0, dtype=np.int32),
            np.zeros(0, dtype=np.int32),
            np.zeros(0),
        )
        if n:
            h.changeColsIntegrality(
                n, np.arange(n, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * n)
            )
        lo_v = [q.min for q in problem.quotas] if lo is None else lo
        hi_v = [q.max for q in problem.quotas] if hi is None else hi
        row_lo: list[float] = [float(problem.size)]
        row_hi: list[float] = [float(problem.size)]
        starts: list[int] = [0]
        index: list[int] = list(range(n))
        for q in range(len(problem.quotas)):
            slots = np.flatnonzero(space.incidence[q])
            starts.append(len(index))
            index.extend(int(s) for s in slots)
            row_lo.append(float(lo_v[q]))
            row_hi.append(float(hi_v[q]))
        self.kind_rows: list[int] = []  # kind index of each row after the quota rows
        for h_index, kind in enumerate(space.kinds):
            if len(kind.slots) > 1:
                self.kind_rows.append(h_index)
                starts.append(len(index))
                index.extend(kind.slots)
                row_lo.append(0.0)
                row_hi.append(float(kind.count))
        self.row_lo = np.array(row_lo)
        self.row_hi = np.array(row_hi)
        # Row membership of every column, for the small rounding search below.
        row_of_entry = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(index))))
        self._entry_rows = row_of_entry.astype(np.int64)
        self._entry_cols = np.array(index, dtype=np.int64)
        col_rows: list[list[int]] = [[] for _ in range(n)]
        for r, c in zip(self._entry_rows.tolist(), self._entry_cols.tolist(), strict=True):
            col_rows[c].append(r)
        self._col_rows = col_rows
        h.addRows(
            len(row_lo),
            np.array(row_lo),
            np.array(row_hi),
            len(index),
            np.array(starts, dtype=np.int32),
            np.array(index, dtype=np.int32),
            np.ones(len(index)),
        )
        self.h = h
        self._all = np.arange(n, dtype=np.int32)
        self._upper = upper
        # The LP relaxation, kept separately and warm-started: only costs change between
        # calls, so the previous optimal basis stays primal feasible.
        lp = new_highs()
        lp.passModel(h.getLp())
        if n:
            lp.changeColsIntegrality(n, self._all, np.array([highspy.HighsVarType.kContinuous] * n))
        lp.setOptionValue("presolve", "off")
        self.lp = lp
        self.lp_calls = 0
        self.face_rounded = 0
        self.face_mips = 0
        self.box_calls = 0
        self.full_calls = 0

    def price(self, weights: FloatArray, threshold: float, certify_at: float) -> PricingResult:
        """Find panels worth more than `threshold`, or bound them by `certify_at`.

        Cheapest first: (1) the LP relaxation -- if even its optimum is at most
        `certify_at`, that is the proven bound and no search is needed; if its optimum
        is integral it is the best panel. (2) A MIP restricted
        to the box [floor(x), ceil(x)] around the fractional LP optimum x, which has a
        handful of free variables and usually yields a good enough panel. (3) The full
        MIP, stopped early at the first panel over the threshold.

        Status "optimal" means the returned bound is proven; "improving" means at
        least one panel in `found` beats the threshold.
        """
        start = time.perf_counter()
        w = np.asarray(weights, dtype=np.float64)
        self.lp_calls += 1
        if self.n:
            self.lp.changeColsCost(self.n, self._all, w)
        self.lp.run()
        lp_ok = self.lp.getModelStatus() == highspy.HighsModelStatus.kOptimal
        self.seconds += time.perf_counter() - start
        lp_bound = INF
        if lp_ok:
            lp_bound = float(self.lp.getInfo().objective_function_value)
            if lp_bound <= certify_at:
                return PricingResult("optimal", None, -INF, lp_bound)
            x = np.array(self.lp.getSolution().col_value)
            rounded = np.rint(x)
            if np.abs(x - rounded).max(initial=0.0) <= 1e-9:
                counts = rounded.astype(np.int64)
                value = float(np.dot(w, counts))
                if value > threshold:
                    return PricingResult("improving", counts, value, lp_bound, [counts])
            else:
                self.box_calls += 1
                lo = np.floor(x + 1e-9)
                hi = np.ceil(x - 1e-9)
                self.h.changeColsBounds(self.n, self._all, lo, hi)
                try:
                    boxed = self.solve(w, target=threshold)
                finally:
                    self.h.changeColsBounds(self.n, self._all, np.zeros(self.n), self._upper)
                better = [c for c in boxed.found if float(np.dot(w, c)) > threshold]
                if better:
                    return PricingResult(
                        "improving", better[0], float(np.dot(w, better[0])), lp_bound, better
                    )
        self.full_calls += 1
        full = self.solve(w, target=threshold)
        better = [c for c in full.found if float(np.dot(w, c)) > threshold]
        if better:
            return PricingResult(
                "improving",
                better[0],
                float(np.dot(w, better[0])),
                min(lp_bound, full.bound),
                better,
            )
        if full.status == "target":
            # Stopped at a panel worth exactly the threshold: finish the search.
            full = self.solve(w)
        if full.status == "optimal":
            return PricingResult(
                "optimal", full.best, full.value, min(lp_bound, full.bound), full.found
            )
        return full

    def solve_in_box(self, weights: FloatArray, lo: FloatArray, hi: FloatArray) -> PricingResult:
        """Best panel whose counts lie in [lo, hi] (used to round a target composition)."""
        self.h.changeColsBounds(
            self.n, self._all, np.asarray(lo, np.float64), np.asarray(hi, np.float64)
        )
        try:
            return self.solve(weights)
        finally:
            self.h.changeColsBounds(self.n, self._all, np.zeros(self.n), self._upper)

    def round_box(
        self,
        x: FloatArray,
        row_lo: FloatArray,
        row_hi: FloatArray,
        prefer: FloatArray,
        max_fractional: int = 40,
        max_nodes: int = 2000,
    ) -> IntArray | None:
        """Round a nearly integral point to a feasible panel without a MIP.

        Every fractional count goes to its floor or its ceiling; a depth-first search
        (ceilings first where `prefer` is high) looks for a choice that keeps every row
        within its bounds. A HiGHS MIP costs milliseconds even when tiny; this costs
        microseconds for the handful of fractional counts an LP vertex has. Returns
        None when the search gives up; callers then use the MIP.
        """
        near = np.rint(x)
        fractional = np.abs(x - near) > 1e-9
        free = np.flatnonzero(fractional)
        if len(free) > max_fractional:
            return None
        base = np.where(fractional, np.floor(x), near)
        sums = np.bincount(self._entry_rows, weights=base[self._entry_cols], minlength=len(row_lo))
        need_lo = row_lo - sums
        need_hi = row_hi - sums
        rows_of = [self._col_rows[int(s)] for s in free]
        remaining = np.zeros(len(row_lo), dtype=np.int64)
        for rows in rows_of:
            for r in rows:
                remaining[r] += 1
        untouched = remaining == 0
        if ((need_lo > 1e-9) & untouched).any() or ((need_hi < -1e-9) & untouched).any():
            return None
        order = sorted(range(len(free)), key=lambda j: -float(prefer[free[j]]))
        count = np.zeros(len(row_lo), dtype=np.int64)
        choice = np.zeros(len(free), dtype=np.int64)
        nodes = 0

        def ok(rows: list[int]) -> bool:
            return all(
                count[r] <= need_hi[r] + 1e-9 and count[r] + remaining[r] >= need_lo[r] - 1e-9
                for r in rows
            )

        def search(depth: int) -> bool:
            nonlocal nodes
            nodes += 1
            if nodes > max_nodes:
                return False
            if depth == len(order):
                return True
            j = order[depth]
            rows = rows_of[j]
            first = 1 if prefer[free[j]] >= 0.5 else 0
            for value in (first, 1 - first):
                for r in rows:
                    remaining[r] -= 1
                    count[r] += value
                if ok(rows) and search(depth + 1):
                    choice[j] = value
                    return True
                for r in rows:
                    remaining[r] += 1
                    count[r] -= value
            return False

        if not search(0):
            return None
        counts = base.copy()
        counts[free] += choice
        return counts.astype(np.int64)

    def solve_on_face(
        self,
        weights: FloatArray,
        col_lo: FloatArray,
        col_hi: FloatArray,
        row_lo: FloatArray,
        row_hi: FloatArray,
        rng: np.random.Generator | None = None,
        tries: int = 4,
    ) -> PricingResult:
        """Some good panel with counts in [col_lo, col_hi] and rows in [row_lo, row_hi].

        Not necessarily the best. The LP relaxation over the box is solved (warm
        started) and its vertex, integral in all but a few slots, is rounded by
        `round_box`; if that fails, a slightly perturbed objective gives another
        vertex. Only when all tries fail does the box go to the MIP, which stops at
        its first solution.
        """
        rows = len(self.row_lo)
        all_rows = np.arange(rows, dtype=np.int32)
        w = np.asarray(weights, np.float64)
        col_lo = np.asarray(col_lo, np.float64)
        col_hi = np.asarray(col_hi, np.float64)
        r_lo = np.asarray(row_lo, np.float64)
        r_hi = np.asarray(row_hi, np.float64)
        generator = rng or np.random.default_rng(0)
        start = time.perf_counter()
        self.lp.changeColsBounds(self.n, self._all, col_lo, col_hi)
        _change_rows_bounds(self.lp, rows, all_rows, r_lo, r_hi)
        try:
            for attempt in range(tries):
                cost = (
                    w
                    if attempt == 0
                    else w + generator.uniform(-0.5, 0.5, self.n) * (np.abs(w).max() + 1.0)
                )
                self.lp.changeColsCost(self.n, self._all, cost)
                self.lp.run()
                status = self.lp.getModelStatus()
                if status == highspy.HighsModelStatus.kInfeasible:
                    return PricingResult("infeasible", None, -INF, -INF)
                if status != highspy.HighsModelStatus.kOptimal:
                    break
                x = np.array(self.lp.getSolution().col_value)
                rounded = self.round_box(x, r_lo, r_hi, x - np.floor(x))
                if rounded is not None:
                    self.face_rounded += 1
                    return PricingResult(
                        "optimal", rounded, float(np.dot(w, rounded)), INF, [rounded]
                    )
        finally:
            self.lp.changeColsBounds(self.n, self._all, np.zeros(self.n), self._upper)
            _change_rows_bounds(self.lp, rows, all_rows, self.row_lo, self.row_hi)
            self.seconds += time.perf_counter() - start
        self.face_mips += 1
        _change_rows_bounds(self.h, rows, all_rows, r_lo, r_hi)
        self.h.changeColsBounds(self.n, self._all, col_lo, col_hi)
        self.h.setOptionValue("mip_max_improving_sols", 1)
        try:
            return self.solve(w)
        finally:
            self.h.setOptionValue("mip_max_improving_sols", 2147483647)
            self.h.changeColsBounds(self.n, self._all, np.zeros(self.n), self._upper)
            _change_rows_bounds(self.h, rows, all_rows, self.row_lo, self.row_hi)

    def set_quota_bounds(self, lo: list[int], hi: list[int]) -> None:
        """Change the quota rows (rows 1..Q) in place; used by the infeasibility analysis."""
        q = len(lo)
        _change_rows_bounds(
            self.h,
            q,
            np.arange(1, q + 1, dtype=np.int32),
            np.array(lo, dtype=np.float64),
            np.array(hi, dtype=np.float64),
        )

    def feasible(self, time_limit: float | None = None) -> bool | None:
        """True/False when decided, None when the time limit ran out first."""
        result = self.solve(np.zeros(self.n), target=0.0, time_limit=time_limit)
        if result.status == "infeasible":
            return False
        if result.best is not None:
            return True
        return None

    def solve(
        self, weights: FloatArray, target: float | None = None, time_limit: float | None = None
    ) -> PricingResult:
        """Find the panel maximising sum(weights * counts).

        With `target`, HiGHS stops as soon as it holds a panel worth at least
        `target`; the result then has status "target" and no useful bound.
        """
        h = self.h
        start = time.perf_counter()
        self.calls += 1
        if self.n:
            h.changeColsCost(self.n, self._all, np.asarray(weights, dtype=np.float64))
        h.setOptionValue("objective_target", -INF if target is None else float(target))
        h.setOptionValue("time_limit", INF if time_limit is None else float(time_limit))
        h.run()
        status = h.getModelStatus()
        info = h.getInfo()
        self.seconds += time.perf_counter() - start
        if status == highspy.HighsModelStatus.kInfeasible:
            return PricingResult("infeasible", None, -INF, -INF)
        found: list[IntArray] = []
        best: IntArray | None = None
        value = -INF
        if info.primal_solution_status == 2:  # feasible
            best = np.rint(np.array(h.getSolution().col_value)).astype(np.int64)
            value = float(np.dot(weights, best))
            found.append(best)
            for saved in h.getSavedMipSolutions():
                counts = np.rint(np.array(saved.col_value)).astype(np.int64)
                if not any(np.array_equal(counts, f) for f in found):
                    found.append(counts)
        if status == highspy.HighsModelStatus.kOptimal:
            # The dual bound is what the certificate rests on; never report less than the
            # incumbent (they coincide up to rounding when the gap is closed).
            bound = max(float(info.mip_dual_bound), value)
            return PricingResult("optimal", best, value, bound, found)
        if status == highspy.HighsModelStatus.kObjectiveTarget:
            return PricingResult("target", best, value, INF, found)
        bound = float(info.mip_dual_bound) if np.isfinite(info.mip_dual_bound) else INF
        return PricingResult("other", best, value, bound, found)
