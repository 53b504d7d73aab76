"""Leximin (and maximin) selection probabilities by column generation on HiGHS.

The method (Flanigan, Gölz, Gupta, Hennig, Procaccia, "Fair algorithms for
selecting citizens' assemblies", Nature 2021) maximises the smallest selection
probability, then the next smallest, and so on, over all lotteries on feasible
panels. We solve it in *type space* (see model.TypeSpace): a column is a panel
composition (how many people of each slot), a person's probability is the
expected count of their slot divided by the slot's size, and the panel is filled
by drawing uniformly inside each slot.

Master LP, for the current level (a column per known composition c, weight x_c):

    maximise z
    subject to  sum_c x_c                    = 1
                p_s = sum_c x_c c_s / n_s    >= z        for slots not yet frozen
                p_s                          >= L_s      for frozen slots (their level)
                p_s                          <= cap      (only with --max-probability)

Pricing: with duals mu (first row), y_s >= 0 (slot rows), w_s >= 0 (cap rows), a
composition improves the LP iff sum_s (y_s - w_s) c_s / n_s > mu. The panel
integer program (panels.PanelModel) finds the best one; when even the best is not
better, the LP value is optimal over *all* panels.

Certificate. For any lottery that keeps the frozen slots at their levels and the
cap, weak duality gives

    min over unfrozen p_s  <=  B + cap * sum_s w_s - sum_{frozen} y_s L_s  =: UB

where B is HiGHS's proven bound on the pricing problem. UB is reported next to
the achieved value; their difference is the gap.

Ties. A slot s is frozen at the level z only if the certificate proves it cannot
get more: from sum_{unfrozen} y_s (p_s - z) <= gap it follows that p_s <= z + gap/y_s,
so s is frozen when gap / y_s <= tie tolerance. Slots with smaller duals stay
open and are decided at the next level (possibly at the same value).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import highspy
import numpy as np

from leefwereld.algorithms.sortition.model import (
    Cancelled,
    FloatArray,
    IntArray,
    Problem,
    SortitionError,
    TypeSpace,
)
from leefwereld.algorithms.sortition.panels import INF, PanelModel, new_highs

ProgressCallback = Callable[[float, str], None]
CancelCallback = Callable[[], bool]


@dataclass(frozen=True)
class Tolerances:
    """Numerical tolerances, in units of selection probability."""

    # A new panel must improve the LP by more than this to be added.
    improve: float = 1e-10
    # A level is certified when the pricing bound exceeds the LP value by at most this.
    certify: float = 1e-9
    # A slot is frozen at a level only if it provably cannot exceed the level by more.
    tie: float = 1e-6
    # A frozen level is enforced as p >= level - slack, so that the next LP stays
    # feasible despite floating-point rounding in the level itself.
    freeze_slack: float = 1e-10
    # Panel weights below this are dropped from the final lottery (then renormalised).
    prune: float = 1e-12


@dataclass(frozen=True)
class LevelReport:
    index: int
    value: float  # the level: probability given to the slots frozen here
    upper_bound: float  # proven bound on what the still-open people can all get
    gap: float
    people: int  # people frozen at this level
    max_tie_error: float  # largest gap / y_s over the slots frozen here
    columns: int  # compositions known when the level was certified


@dataclass(frozen=True)
class Certificate:
    """Optimality certificate of the minimum selection probability.

    `upper_bound` is an LP dual bound: no lottery over feasible panels (within the
    cap) can give every selectable person more than this. `min_probability` is what
    the returned lottery achieves. `gap` is their difference.
    """

    min_probability: float
    upper_bound: float
    gap: float
    certified: bool  # gap <= tolerances.certify + freeze slack
    levels: tuple[LevelReport, ...]
    tolerances: Tolerances

    def as_dict(self) -> dict[str, object]:
        return {
            "min_probability": self.min_probability,
            "upper_bound": self.upper_bound,
            "gap": self.gap,
            "certified": self.certified,
            "levels": [level.__dict__ for level in self.levels],
            "tolerances": self.tolerances.__dict__,
        }


@dataclass(frozen=True)
class Distribution:
    """A lottery over panel compositions, with per-person probabilities."""

    space: TypeSpace
    method: str
    max_probability: float | None
    compositions: IntArray  # support x slots
    weights: FloatArray  # one per composition, summing to 1
    slot_probability: FloatArray
    excluded_slots: IntArray  # slots that no feasible panel can contain
    certificate: Certificate
    stats: dict[str, float] = field(default_factory=dict)

    @property
    def problem(self) -> Problem:
        return self.space.problem

    def person_probabilities(self) -> FloatArray:
        return self.slot_probability[self.space.person_slot]

    def excluded_people(self) -> list[int]:
        return sorted(int(i) for s in self.excluded_slots for i in self.space.slot_members[s])


class InfeasibleQuotas(SortitionError):
    """No panel satisfies the quotas; `explanation` says why and what to relax."""

    def __init__(self, explanation: object, message: str) -> None:
        self.explanation = explanation
        super().__init__(message)


class _Master:
    """The master LP, solved in its dual form in one HiGHS instance.

    Dual (minimise):  mu + cap * sum_s w_s - sum_{frozen} L_s y_s
                      subject to  sum_s (y_s - w_s) c_s / n_s - mu <= 0   for every known panel c
                                  sum_{open} y_s = 1,   y, w >= 0,   mu free.

    A new panel is a new *row*, which leaves the previous basis dual feasible, so
    HiGHS's dual simplex continues from where it stopped; the panel weights are the
    duals of the panel rows. (The primal form, with panels as columns, needed ten
    times more simplex time on the same runs.)
    """

    def __init__(self, space: TypeSpace, active: np.ndarray, cap: float | None) -> None:
        n = space.n_slots
        self.n = n
        self.inv_size = 1.0 / np.maximum(space.slot_size, 1).astype(np.float64)
        self.cap = cap
        h = new_highs()
        h.setOptionValue("presolve", "off")
        h.setOptionValue("simplex_strategy", 1)  # serial dual simplex
        h.changeObjectiveSense(highspy.ObjSense.kMinimize)
        # Columns: mu (0), y_s (1..n), w_s (n+1..2n) when capped.
        ncols = 1 + n + (n if cap is not None else 0)
        lower = np.zeros(ncols)
        upper = np.full(ncols, INF)
        lower[0] = -INF
        # Slots no panel can hold get y_s = 0: they play no part in the LP.
        upper[1 : 1 + n][~active] = 0.0
        costs = np.zeros(ncols)
        costs[0] = 1.0
        if cap is not None:
            costs[1 + n :] = cap
        h.addCols(
            ncols, costs, lower, upper, 0, np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32), np.zeros(0)
        )
        y_cols = (1 + np.flatnonzero(active)).astype(np.int32)
        h.addRow(1.0, 1.0, len(y_cols), y_cols, np.ones(len(y_cols)))
        self.h = h
        self.columns: list[IntArray] = []
        self.keys: set[bytes] = set()
        self.seconds = 0.0

    def add(self, comps: list[IntArray]) -> int:
        new = [c for c in comps if c.tobytes() not in self.keys]
        if not new:
            return 0
        starts: list[int] = []
        index: list[int] = []
        value: list[float] = []
        for c in new:
            self.keys.add(c.tobytes())
            self.columns.append(c)
            starts.append(len(index))
            nz = np.flatnonzero(c)
            coef = c[nz] * self.inv_size[nz]
            index.append(0)
            value.append(-1.0)
            index.extend((1 + nz).tolist())
            value.extend(coef.tolist())
            if self.cap is not None:
                index.extend((1 + self.n + nz).tolist())
                value.extend((-coef).tolist())
        k = len(new)
        self.h.addRows(
            k,
            np.full(k, -INF),
            np.zeros(k),
            len(index),
            np.array(starts, dtype=np.int32),
            np.array(index, dtype=np.int32),
            np.array(value),
        )
        return k

    def freeze(self, slots: IntArray, level: float) -> None:
        for s in slots:
            col = int(1 + s)
            self.h.changeCoeff(0, col, 0.0)
            self.h.changeColCost(col, -level)

    def solve(self) -> tuple[float, float, FloatArray, FloatArray]:
        start = time.perf_counter()
        self.h.run()
        self.seconds += time.perf_counter() - start
        if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise SortitionError(
                "the master LP did not solve: " + self.h.modelStatusToString(self.h.getModelStatus())
            )
        sol = self.h.getSolution()
        x = np.array(sol.col_value)
        z = float(self.h.getInfo().objective_function_value)
        mu = float(x[0])
        y = np.maximum(x[1 : 1 + self.n], 0.0)
        w = np.maximum(x[1 + self.n :], 0.0) if self.cap is not None else np.zeros(self.n)
        return z, mu, y, w

    def weights(self) -> FloatArray:
        # Panel rows are <= rows of a minimisation: their duals are <= 0.
        return -np.array(self.h.getSolution().row_dual)[1:]


def _noop_progress(fraction: float, message: str) -> None:
    return None


def _never() -> bool:
    return False


def _seed_and_cover(
    space: TypeSpace,
    panel: PanelModel,
    rng: np.random.Generator,
    rounds: int,
    progress: ProgressCallback,
    should_cancel: CancelCallback,
) -> tuple[list[IntArray], np.ndarray]:
    """Find diverse feasible panels, and every slot some feasible panel can hold.

    Randomised weights, damped for slots already used, spread the first panels
    over the pool. Then, while some slot is uncovered, one integer program
    maximises how many uncovered slots a single panel takes in; an optimum of zero
    proves that no feasible panel contains any of them.
    """
    n = space.n_slots
    used = np.zeros(n)
    found: list[IntArray] = []
    keys: set[bytes] = set()
    inv = 1.0 / np.maximum(space.slot_size, 1)

    def keep(c: IntArray) -> None:
        if c.tobytes() not in keys:
            keys.add(c.tobytes())
            found.append(c)
        np.add(used, c > 0, out=used)

    for r in range(rounds):
        if should_cancel():
            raise Cancelled("cancelled while searching for panels")
        weights = rng.uniform(0.5, 1.0, n) * inv * 0.7**used
        result = panel.price(weights, -INF, -INF)
        if result.best is None:
            break
        keep(result.best)
        progress(0.02 * (r + 1) / rounds, f"searching panels: {len(found)} found")
    active = np.zeros(n, dtype=bool)
    for c in found:
        active |= c > 0
    excluded = np.zeros(n, dtype=bool)
    while True:
        if should_cancel():
            raise Cancelled("cancelled while searching for panels")
        todo = ~active & ~excluded
        if not todo.any():
            break
        weights = np.where(todo, 1.0 / np.maximum(space.slot_ub, 1), 0.0)
        # Any panel holding an uncovered slot is worth at least 1 / max(ub).
        half = 0.5 / max(1, int(space.slot_ub.max()))
        result = panel.price(weights, half, half)
        if result.status != "improving" or result.best is None:
            excluded |= todo
            break
        for c in result.found:
            keep(c)
            active |= c > 0
    return found, active


def find_distribution(
    problem: Problem,
    *,
    method: str = "leximin",
    max_probability: float | None = None,
    aggregate: bool = True,
    progress: ProgressCallback | None = None,
    should_cancel: CancelCallback | None = None,
    seed: int = 0,
    seed_rounds: int | None = None,
    tolerances: Tolerances | None = None,
) -> Distribution:
    """Compute the leximin (or maximin) lottery over feasible panels.

    Raises InfeasibleQuotas (with an explanation) when no panel exists, and
    Cancelled when `should_cancel()` turns true (it is checked between iterations).
    """
    if method not in ("leximin", "maximin"):
        raise SortitionError(f"unknown method '{method}' (use leximin or maximin)")
    if max_probability is not None and not 0.0 < max_probability <= 1.0:
        raise SortitionError("the maximum probability must lie in (0, 1]")
    tol = tolerances or Tolerances()
    report = progress or _noop_progress
    cancel = should_cancel or _never
    t0 = time.perf_counter()
    space = TypeSpace.build(problem, aggregate=aggregate)
    panel = PanelModel(space)
    first = panel.solve(np.zeros(space.n_slots))
    if first.best is None:
        if first.status != "infeasible":
            raise SortitionError(f"HiGHS could not decide whether a panel exists (status '{first.status}')")
        from leefwereld.algorithms.sortition.infeasible import explain_infeasibility, render_dutch

        explanation = explain_infeasibility(problem)
        raise InfeasibleQuotas(explanation, render_dutch(explanation))

    rng = np.random.default_rng(seed)
    rounds = seed_rounds if seed_rounds is not None else min(40, 5 + space.n_slots // 10)
    seeds, active = _seed_and_cover(space, panel, rng, rounds, report, cancel)
    t_seed = time.perf_counter() - t0

    if max_probability is not None:
        # A cap is only satisfiable if the panel can spread its seats that thinly.
        capacity = float(np.sum(space.slot_size[active])) * max_probability
        if capacity < problem.size - 1e-9:
            raise SortitionError(
                f"a maximum probability of {max_probability} is impossible: a panel of {problem.size} "
                f"needs at least {problem.size / max(1, int(np.sum(space.slot_size[active]))):.4f}"
            )

    master = _Master(space, active, max_probability)
    master.add([first.best, *seeds])
    inv_size = master.inv_size

    open_slots = active.copy()
    frozen_level = np.zeros(space.n_slots)
    total_people = max(1, int(space.slot_size[active].sum()))
    levels: list[LevelReport] = []
    iterations = 0
    first_ub: float | None = None
    while open_slots.any():
        while True:
            if cancel():
                raise Cancelled("cancelled during the optimisation")
            iterations += 1
            z, mu, y, w = master.solve()
            weights = (y - w) * inv_size
            result = panel.price(weights, mu + tol.improve, mu + tol.certify)
            if result.status == "improving":
                if master.add(result.found):
                    continue
                # Only panels the LP already has: LP and pricing disagree at this scale
                # of rounding. Settle it with a full search and report the honest gap.
                result = panel.solve(weights)
            if result.status == "optimal":
                break
            raise SortitionError(f"the panel program stopped with status '{result.status}'")

        frozen = ~open_slots & active
        # The lottery is read off the last certified LP: it keeps every earlier level
        # and gives the open slots at least this one.
        lottery = master.weights()
        ub = result.bound + (max_probability or 0.0) * float(w.sum()) - float(np.dot(y[frozen], frozen_level[frozen]))
        gap = max(0.0, ub - z)
        if first_ub is None:
            first_ub = ub
        if method == "maximin":
            levels.append(LevelReport(0, z, ub, gap, int(space.slot_size[active].sum()), 0.0, len(master.columns)))
            break
        candidates = np.flatnonzero(open_slots & (y > 0))
        with np.errstate(divide="ignore"):
            tie_error = np.where(y[candidates] > 0, gap / y[candidates], np.inf)
        chosen = candidates[tie_error <= tol.tie]
        if chosen.size == 0:
            # The certificate is too loose to decide the tie for anyone; freeze the slot
            # with the largest dual, and say how much it might be short.
            best = int(candidates[np.argmax(y[candidates])]) if candidates.size else int(np.flatnonzero(open_slots)[0])
            chosen = np.array([best])
        max_err = float(np.max(gap / np.maximum(y[chosen], 1e-300)))
        level = z - tol.freeze_slack
        master.freeze(chosen, level)
        frozen_level[chosen] = level
        open_slots[chosen] = False
        people = int(space.slot_size[chosen].sum())
        levels.append(LevelReport(len(levels), z, ub, gap, people, max_err, len(master.columns)))
        done = int(space.slot_size[active & ~open_slots].sum())
        report(0.02 + 0.98 * done / total_people, f"level {len(levels)}: probability {z:.6f}, {done}/{total_people} people fixed")

    x = np.maximum(lottery, 0.0)
    keep = x > tol.prune
    comps = np.array([master.columns[i] for i in np.flatnonzero(keep)], dtype=np.int64).reshape(-1, space.n_slots)
    weights_out = x[keep] / x[keep].sum()
    slot_p = (weights_out @ comps) * inv_size
    slot_p[~active] = 0.0
    achieved = float(slot_p[active].min()) if active.any() else 0.0
    assert first_ub is not None
    gap = max(0.0, first_ub - achieved)
    certificate = Certificate(
        min_probability=achieved,
        upper_bound=first_ub,
        gap=gap,
        certified=gap <= tol.certify + 2 * tol.freeze_slack + 1e-12,
        levels=tuple(levels),
        tolerances=tol,
    )
    report(1.0, "done")
    return Distribution(
        space=space,
        method=method,
        max_probability=max_probability,
        compositions=comps,
        weights=weights_out,
        slot_probability=slot_p,
        excluded_slots=np.flatnonzero(~active),
        certificate=certificate,
        stats={
            "seconds": time.perf_counter() - t0,
            "seed_seconds": t_seed,
            "lp_seconds": master.seconds,
            "mip_seconds": panel.seconds,
            "mip_calls": float(panel.calls),
            "lp_pricings": float(panel.lp_calls),
            "box_mips": float(panel.box_calls),
            "full_mips": float(panel.full_calls),
            "iterations": float(iterations),
            "columns": float(len(master.columns)),
            "slots": float(space.n_slots),
            "levels": float(len(levels)),
        },
    )
