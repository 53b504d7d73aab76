"""Leximin (and maximin) selection probabilities by column generation on HiGHS.

Leximin (Flanigan, Gölz, Gupta, Hennig, Procaccia, "Fair algorithms for selecting
citizens' assemblies", Nature 2021): over all lotteries on feasible panels,
maximise the smallest selection probability, then the next smallest, and so on.
Everything runs in *type space* (see model.TypeSpace): a panel is a vector of
counts per slot, a person's probability is the expected count of their slot
divided by the slot's size, and a drawn panel is filled uniformly inside each slot.

Let P be the set of probability vectors of lotteries over feasible panels (the
convex hull of the panels, scaled per slot). Two LPs are used:

* The *relaxation* R: slot counts as continuous variables under the panel
  constraints (size, quotas, households), plus cuts proven along the way. R
  contains P, is small (one variable per slot) and is solved directly.
* The *master* M over explicit panels, in its dual form (one row per panel),
  grown by column generation: a pricing integer program (panels.PanelModel) finds
  the panel that most violates the current dual, or proves none exists.

Leximin ("outer approximation"):

1. Compute the leximin point q of R, level by level: maximise the common floor z
   of the open slots; freeze the slots whose dual is positive at the level (by
   complementary slackness they are at z in every optimum); repeat.
2. Ask M whether q lies in P: maximise theta such that some lottery gives every
   slot at least theta * q_s. theta = 1 means a lottery with exactly q exists;
   because P lies inside R, q is then the leximin point of P itself.
3. Otherwise the final duals (y, w) of M give a proven valid inequality
   sum_s (y_s - w_s) p_s <= B (B: the pricing bound over all panels; w are the
   duals of the cap, zero without one) that q violates. Add it to R, go to 1.

Each cut comes from a vertex of a fixed polyhedron, so the loop ends. On the
pools we measured the relaxation was already exact (no cut was needed).

Maximin runs M directly with all slots open and stops after the first level.

With a probability cap, R bounds every slot by the cap and M requires p_s <= cap.
The panels M starts with need not admit any lottery under the cap (M's primal is
then infeasible and its dual unbounded), so before its first solve M runs a phase
one: minimise the largest probability over lotteries of the known panels, by the
same column generation, until it is at most the cap (or proven not to get there,
which means the cap cannot be met).

Certificate. For the minimum probability, `upper_bound` is the first level of R
(or, for maximin, the pricing bound of M); since every feasible panel lies in R,
no lottery can give every selectable person more. `min_probability` is what the
returned lottery achieves; `gap` is the difference.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import highspy
import numpy as np

from leefwereld.algorithms.sortition.decompose import greedy_decomposition, polish_weights
from leefwereld.algorithms.sortition.model import (
    Cancelled,
    FloatArray,
    IntArray,
    Problem,
    SortitionError,
    TypeSpace,
)
from leefwereld.algorithms.sortition.panels import INF, PanelModel, PricingResult, new_highs

ProgressCallback = Callable[[float, str], None]
CancelCallback = Callable[[], bool]


@dataclass(frozen=True)
class Tolerances:
    """Numerical tolerances, in units of selection probability unless noted."""

    # A new panel must improve the master LP by more than this to be added.
    improve: float = 1e-10
    # Column generation stops when the pricing bound exceeds the LP value by at most this.
    certify: float = 1e-9
    # A slot is frozen at a level of R only if its dual there exceeds this. Positive
    # duals are exact complementary-slackness witnesses; the threshold only guards
    # against round-off posing as a positive dual (which would freeze someone too low).
    tie_dual: float = 1e-9
    # Frozen levels are enforced as p >= level - slack, so that the next LP stays
    # feasible despite floating-point rounding in the level itself.
    freeze_slack: float = 1e-10
    # q counts as decomposable when theta >= 1 - this (relative shortfall per slot).
    decompose: float = 1e-9
    # Panel weights below this are dropped from the lottery (then renormalised).
    prune: float = 1e-12
    # The greedy decomposition may stop with this much probability mass unassigned;
    # it is spread proportionally over the panels found (moving no one by more).
    leftover: float = 1e-8


@dataclass(frozen=True)
class LevelReport:
    index: int
    value: float  # probability of the slots frozen at this level
    people: int  # people frozen at this level


@dataclass(frozen=True)
class Certificate:
    """Optimality certificate of the minimum selection probability (see module doc)."""

    min_probability: float
    upper_bound: float
    gap: float
    certified: bool
    method: str
    bound_source: str  # "relaxation" (leximin) or "pricing" (maximin)
    theta: float  # leximin: share of the relaxation's leximin point the lottery reaches
    cuts: int  # valid inequalities added to the relaxation
    levels: tuple[LevelReport, ...]
    tolerances: Tolerances

    def as_dict(self) -> dict[str, object]:
        return {
            "min_probability": self.min_probability,
            "upper_bound": self.upper_bound,
            "gap": self.gap,
            "certified": self.certified,
            "method": self.method,
            "bound_source": self.bound_source,
            "theta": self.theta,
            "cuts": self.cuts,
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


def _check_optimal(h: highspy.Highs, what: str) -> None:
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise SortitionError(
            f"the {what} did not solve: " + h.modelStatusToString(h.getModelStatus())
        )


class _Master:
    """The master LP over explicit panels, in dual form, in one HiGHS instance.

        minimise    mu + cap * sum_s w_s
        subject to  sum_s (y_s - w_s) c_s / n_s - mu <= 0     for every known panel c
                    sum_s r_s y_s = 1,   y, w >= 0,   mu free

    Its primal: maximise theta with p_s >= theta * r_s and p_s <= cap. r = 1 gives
    maximin; r = q tests whether q is a lottery. A new panel is a new *row*: the
    previous basis stays dual feasible and the dual simplex continues where it
    stopped. Panel weights are the row duals.

    With a cap, the primal is infeasible (the dual unbounded) while no lottery of the
    known panels stays under the cap. `phase_one` switches to the same LP with y = 0
    and the normalisation sum_s w_s = 1 instead; its value is cap minus the smallest
    largest probability of a lottery of the known panels (by LP duality), so once it
    is >= 0 the primal above is feasible for every r, and it stays so as panels are
    only ever added.
    """

    def __init__(self, space: TypeSpace, active: np.ndarray, cap: float | None) -> None:
        n = space.n_slots
        self.n = n
        self.active = active
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
        upper[1 : 1 + n][~active] = 0.0  # slots no panel can hold play no part
        costs = np.zeros(ncols)
        costs[0] = 1.0
        if cap is not None:
            costs[1 + n :] = cap
        h.addCols(
            ncols, costs, lower, upper, 0, np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0)
        )
        y_cols = (1 + np.flatnonzero(active)).astype(np.int32)
        h.addRow(1.0, 1.0, len(y_cols), y_cols, np.ones(len(y_cols)))
        self.h = h
        # Without a cap the primal is feasible with any single panel.
        self.cap_reachable = cap is None
        self.columns: list[IntArray] = []
        self.keys: set[bytes] = set()
        self.seconds = 0.0
        self.solves = 0

    def set_ratio(self, ratio: FloatArray) -> None:
        for s in np.flatnonzero(self.active):
            self.h.changeCoeff(0, int(1 + s), float(ratio[s]))

    def phase_one(self, on: bool) -> None:
        """Switch to (or back from) the phase-one LP described in the class doc."""
        slots = np.flatnonzero(self.active)
        y_cols = (1 + slots).astype(np.int32)
        bound = 0.0 if on else INF
        self.h.changeColsBounds(
            len(y_cols), y_cols, np.zeros(len(y_cols)), np.full(len(y_cols), bound)
        )
        for s in slots:
            self.h.changeCoeff(0, int(1 + self.n + s), 1.0 if on else 0.0)

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

    def solve(self) -> tuple[float, float, FloatArray, FloatArray]:
        start = time.perf_counter()
        self.h.run()
        self.seconds += time.perf_counter() - start
        self.solves += 1
        _check_optimal(self.h, "master LP")
        x = np.array(self.h.getSolution().col_value)
        z = float(self.h.getInfo().objective_function_value)
        y = np.maximum(x[1 : 1 + self.n], 0.0)
        w = np.maximum(x[1 + self.n :], 0.0) if self.cap is not None else np.zeros(self.n)
        return z, float(x[0]), y, w

    def weights(self) -> FloatArray:
        # Panel rows are <= rows of a minimisation: their duals are <= 0.
        return np.maximum(-np.array(self.h.getSolution().row_dual)[1:], 0.0)


class _Relaxation:
    """Leximin over R: the LP relaxation of the panel constraints plus proven cuts.

    Variables are continuous slot counts x_s and the level z; slot rows read
    x_s / n_s - z >= 0 while open and x_s / n_s >= L_s once frozen.
    """

    def __init__(self, space: TypeSpace, active: np.ndarray, cap: float | None) -> None:
        problem = space.problem
        n = space.n_slots
        self.n = n
        self.space = space
        self.active = active
        size = np.maximum(space.slot_size, 1).astype(np.float64)
        upper = np.where(active, space.slot_ub, 0).astype(np.float64)
        if cap is not None:
            upper = np.minimum(upper, cap * size)
        h = new_highs()
        h.setOptionValue("presolve", "off")
        h.setOptionValue("primal_feasibility_tolerance", 1e-10)
        h.setOptionValue("dual_feasibility_tolerance", 1e-10)
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        h.addCols(
            n,
            np.zeros(n),
            np.zeros(n),
            upper,
            0,
            np.zeros(0, np.int32),
            np.zeros(0, np.int32),
            np.zeros(0),
        )
        h.addCol(1.0, 0.0, 1.0, 0, np.zeros(0, np.int32), np.zeros(0))
        self.z_col = n
        h.addRow(
            float(problem.size), float(problem.size), n, np.arange(n, dtype=np.int32), np.ones(n)
        )
        for q, quota in enumerate(problem.quotas):
            slots = np.flatnonzero(space.incidence[q]).astype(np.int32)
            h.addRow(float(quota.min), float(quota.max), len(slots), slots, np.ones(len(slots)))
        for kind in space.kinds:
            if len(kind.slots) > 1:
                idx = np.array(kind.slots, dtype=np.int32)
                h.addRow(0.0, float(kind.count), len(idx), idx, np.ones(len(idx)))
        self.slot_row = np.full(n, -1, dtype=np.int64)
        for s in np.flatnonzero(active):
            self.slot_row[s] = h.getNumRow()
            h.addRow(0.0, INF, 2, np.array([s, n], dtype=np.int32), np.array([1.0 / size[s], -1.0]))
        self.size = size
        self.upper = upper
        self.cap = cap
        self.h = h
        self.cuts = 0
        self.seconds = 0.0
        self.slack_used = 0.0

    def add_cut(self, y: FloatArray, bound: float) -> None:
        """sum_s y_s x_s / n_s <= bound, proven for every feasible panel.

        With a cap, y (that is, y - w of the master) has negative entries too.
        """
        nz = np.flatnonzero(y != 0)
        self.h.addRow(-INF, float(bound), len(nz), nz.astype(np.int32), y[nz] / self.size[nz])
        self.cuts += 1

    def _check_cap_reachable(self) -> None:
        # R without the cap holds every feasible panel (and there is one), and cuts are
        # valid for every lottery, so an infeasible first level means the cap alone
        # cannot be met: the quotas or households force someone above it.
        if self.cap is not None and self.h.getModelStatus() == highspy.HighsModelStatus.kInfeasible:
            raise SortitionError(
                f"a maximum probability of {self.cap} cannot be met: the quotas and "
                "households force someone above it in every lottery"
            )

    def _reopen(self) -> None:
        # Every slot open again (after a cut the levels must be recomputed from scratch).
        for s in np.flatnonzero(self.active):
            self.h.changeCoeff(int(self.slot_row[s]), self.z_col, -1.0)
            self.h.changeRowBounds(int(self.slot_row[s]), 0.0, INF)

    def first_level(self) -> tuple[float, FloatArray]:
        """R's maximin value and the LP's optimal vertex, as slot counts."""
        start = time.perf_counter()
        self._reopen()
        self.h.run()
        self._check_cap_reachable()
        _check_optimal(self.h, "relaxation LP")
        x = np.array(self.h.getSolution().col_value)[: self.n]
        self.seconds += time.perf_counter() - start
        return float(self.h.getInfo().objective_function_value), np.where(
            self.active, np.maximum(x, 0.0), 0.0
        )

    def leximin(
        self, tol: Tolerances, should_cancel: CancelCallback
    ) -> tuple[FloatArray, list[LevelReport]]:
        """The leximin point of R as slot probabilities, and its levels."""
        h = self.h
        start = time.perf_counter()
        self._reopen()
        open_slots = self.active.copy()
        frozen_at = np.zeros(self.n)
        levels: list[LevelReport] = []
        x = np.zeros(self.n)
        slack = tol.freeze_slack
        while open_slots.any():
            if should_cancel():
                raise Cancelled("cancelled during the optimisation")
            h.run()
            if not levels:
                self._check_cap_reachable()
            while h.getModelStatus() == highspy.HighsModelStatus.kInfeasible and slack < 1e-6:
                # Round-off in earlier levels made their floors jointly unreachable by a
                # hair: lower every frozen floor a little more and solve again.
                slack *= 10.0
                for s in np.flatnonzero(self.active & ~open_slots):
                    h.changeRowBounds(int(self.slot_row[s]), frozen_at[s] - slack, INF)
                h.run()
            self.slack_used = max(self.slack_used, slack)
            _check_optimal(h, "relaxation LP")
            sol = h.getSolution()
            x = np.array(sol.col_value)[: self.n]
            z = float(h.getInfo().objective_function_value)
            duals = np.array(sol.row_dual)
            candidates = np.flatnonzero(open_slots)
            y = -duals[self.slot_row[candidates]]
            stuck = candidates[y > tol.tie_dual]
            if stuck.size == 0:
                # Cannot happen in exact arithmetic (the open duals sum to 1); freeze the
                # largest so the loop always progresses.
                stuck = candidates[[int(np.argmax(y))]]
            for s in stuck:
                row = int(self.slot_row[s])
                h.changeCoeff(row, self.z_col, 0.0)
                h.changeRowBounds(row, z - slack, INF)
            frozen_at[stuck] = z
            open_slots[stuck] = False
            levels.append(LevelReport(len(levels), z, int(self.space.slot_size[stuck].sum())))
        self.seconds += time.perf_counter() - start
        q = np.where(self.active, np.maximum(x, 0.0) / self.size, 0.0)
        return q, levels


def _noop_progress(fraction: float, message: str) -> None:
    return None


def _never() -> bool:
    return False


def _monotone(progress: ProgressCallback) -> ProgressCallback:
    """Never let the bar go backwards (phases estimate their share independently)."""
    highest = [0.0]

    def report(fraction: float, message: str) -> None:
        highest[0] = max(highest[0], min(1.0, max(0.0, fraction)))
        progress(highest[0], message)

    return report


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
    over the pool. Then, while some slot is uncovered, one pricing call maximises
    how many uncovered slots a single panel takes in; a proven optimum below one
    seat shows that no feasible panel contains any of them.
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
    while True:
        if should_cancel():
            raise Cancelled("cancelled while searching for panels")
        todo = ~active
        if not todo.any():
            break
        weights = np.where(todo, 1.0 / np.maximum(space.slot_ub, 1), 0.0)
        # Any panel holding an uncovered slot is worth at least 1 / max(ub).
        half = 0.5 / max(1, int(space.slot_ub.max()))
        result = panel.price(weights, half, half)
        if result.status != "improving" or result.best is None:
            break  # proven: no feasible panel holds any of the remaining slots
        for c in result.found:
            keep(c)
            active |= c > 0
    return found, active


@dataclass
class _Generation:
    z: float
    mu: float
    y: FloatArray
    w: FloatArray
    bound: float  # proven bound on max over all panels of sum (y - w) c / n
    lottery: FloatArray


def _generate(
    master: _Master,
    panel: PanelModel,
    tol: Tolerances,
    should_cancel: CancelCallback,
    on_iteration: Callable[[float], None],
) -> _Generation:
    """Column generation until the pricing proves the master optimal over all panels."""
    if not master.cap_reachable:
        _reach_cap(master, panel, tol, should_cancel)
    inv_size = master.inv_size
    while True:
        if should_cancel():
            raise Cancelled("cancelled during the optimisation")
        z, mu, y, w = master.solve()
        on_iteration(z)
        weights = (y - w) * inv_size
        result: PricingResult = panel.price(weights, mu + tol.improve, mu + tol.certify)
        if result.status == "improving":
            if master.add(result.found):
                continue
            # Only panels the LP already has: LP and pricing disagree at this scale of
            # rounding. Settle it with a full search; the gap is reported honestly.
            result = panel.solve(weights)
        if result.status != "optimal":
            raise SortitionError(f"the panel program stopped with status '{result.status}'")
        return _Generation(z, mu, y, w, result.bound, master.weights())


def _reach_cap(
    master: _Master, panel: PanelModel, tol: Tolerances, should_cancel: CancelCallback
) -> None:
    """Phase one: add panels until some lottery of them keeps everyone under the cap.

    Column generation on the phase-one LP (see _Master), stopped as soon as its
    value is >= 0. If the pricing proves it negative over all panels, no lottery
    respects the cap at all.
    """
    assert master.cap is not None
    master.phase_one(True)
    try:
        while True:
            if should_cancel():
                raise Cancelled("cancelled during the optimisation")
            z, mu, y, w = master.solve()
            if z >= 0.0:
                break
            weights = (y - w) * master.inv_size
            result = panel.price(weights, mu + tol.improve, mu + tol.certify)
            if result.status == "improving" and master.add(result.found):
                continue
            if result.status == "improving":
                result = panel.solve(weights)
            if result.status != "optimal":
                raise SortitionError(f"the panel program stopped with status '{result.status}'")
            # Proven for these w (summing to 1): every panel has sum_s w_s c_s / n_s
            # >= -bound, so in every lottery someone (a w-average) gets at least -bound.
            # Within the tolerance of the cap the known panels already suffice.
            lowest = -result.bound
            if lowest > master.cap + tol.certify:
                raise SortitionError(
                    f"a maximum probability of {master.cap} cannot be met: every lottery "
                    f"over feasible panels gives someone at least {lowest:.4f}"
                )
            break
    finally:
        master.phase_one(False)
    master.cap_reachable = True


def _panels_near(
    panel: PanelModel, target: FloatArray, rng: np.random.Generator, count: int
) -> list[IntArray]:
    """Feasible panels within one seat of `target` per slot: likely support of its lottery."""
    lo = np.floor(target + 1e-9)
    hi = np.ceil(target - 1e-9)
    found: list[IntArray] = []
    for _ in range(count):
        result = panel.solve_in_box(rng.uniform(0.0, 1.0, len(target)), lo, hi)
        if result.best is None:
            break
        found.append(result.best)
    return found


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
    Cancelled when `should_cancel()` turns true (checked between iterations).
    """
    if method not in ("leximin", "maximin"):
        raise SortitionError(f"unknown method '{method}' (use leximin or maximin)")
    if max_probability is not None and not 0.0 < max_probability <= 1.0:
        raise SortitionError("the maximum probability must lie in (0, 1]")
    tol = tolerances or Tolerances()
    report = _monotone(progress) if progress is not None else _noop_progress
    cancel = should_cancel or _never
    t0 = time.perf_counter()
    c0 = time.process_time()
    space = TypeSpace.build(problem, aggregate=aggregate)
    panel = PanelModel(space)
    first = panel.solve(np.zeros(space.n_slots))
    if first.best is None:
        if first.status != "infeasible":
            raise SortitionError(
                f"HiGHS could not decide whether a panel exists (status '{first.status}')"
            )
        from leefwereld.algorithms.sortition.infeasible import explain_infeasibility, render_dutch

        explanation = explain_infeasibility(problem)
        raise InfeasibleQuotas(explanation, render_dutch(explanation))

    rng = np.random.default_rng(seed)
    rounds = seed_rounds if seed_rounds is not None else min(10, 3 + space.n_slots // 100)
    seeds, active = _seed_and_cover(space, panel, rng, rounds, report, cancel)
    t_seed = time.perf_counter() - t0
    people_active = int(space.slot_size[active].sum())
    if max_probability is not None and people_active * max_probability < problem.size - 1e-9:
        raise SortitionError(
            f"a maximum probability of {max_probability} cannot be met: {people_active} selectable "
            f"people share {problem.size} seats, so someone gets at least "
            f"{problem.size / people_active:.4f}"
        )

    master = _Master(space, active, max_probability)
    master.add([first.best, *seeds])
    relaxation = _Relaxation(space, active, max_probability)
    levels: list[LevelReport] = []
    theta = 1.0
    decomposed_steps = 0
    columns: list[IntArray]
    lottery: FloatArray
    if method == "maximin":
        # Maximin only needs *some* lottery reaching R's first level. The LP's optimal
        # vertex is mostly integral and decomposes in a few steps; if it is not a
        # lottery of real panels, column generation finds the true maximin instead.
        ceiling, vertex = relaxation.first_level()
        report(0.03, f"relaxation solved: minimum {ceiling:.6f}")
        decomposition = greedy_decomposition(
            space, panel, vertex, relaxation.upper, rng, progress=report, should_cancel=cancel
        )
        decomposed_steps = decomposition.steps
        if decomposition.remaining <= tol.leftover:
            columns = decomposition.columns
            found = np.array(decomposition.weights)
            lottery = np.array(polish_weights(columns, list(found / found.sum()), vertex))
            upper_bound = ceiling
            bound_source = "relaxation"
        else:
            master.add(decomposition.columns)
            gen = _generate(
                master,
                panel,
                tol,
                cancel,
                lambda z: report(
                    0.03 + 0.96 * min(1.0, z / max(ceiling, 1e-12)), f"minimum probability {z:.6f}"
                ),
            )
            upper_bound = min(ceiling, gen.bound + (max_probability or 0.0) * float(gen.w.sum()))
            columns, lottery = master.columns, gen.lottery
            bound_source = "pricing"
        levels = [LevelReport(0, ceiling, people_active)]
    else:
        while True:
            q, levels = relaxation.leximin(tol, cancel)
            report(0.03, f"relaxation solved: {len(levels)} levels, minimum {levels[0].value:.6f}")
            if relaxation.cuts == 0:
                decomposition = greedy_decomposition(
                    space,
                    panel,
                    q * space.slot_size,
                    relaxation.upper,
                    rng,
                    progress=report,
                    should_cancel=cancel,
                )
                decomposed_steps = decomposition.steps
                if decomposition.remaining <= tol.leftover:
                    # Spread a negligible leftover over the panels found, then re-solve
                    # their weights exactly on that support.
                    columns = decomposition.columns
                    found = np.array(decomposition.weights)
                    lottery = np.array(
                        polish_weights(columns, list(found / found.sum()), q * space.slot_size)
                    )
                    theta = 1.0
                    break
                master.add(decomposition.columns)
            master.set_ratio(q)
            master.add(_panels_near(panel, q * space.slot_size, rng, 10))
            gen = _generate(
                master,
                panel,
                tol,
                cancel,
                lambda z: report(
                    0.03 + 0.96 * max(0.0, min(1.0, z)), f"building the lottery: {z:.2%} reached"
                ),
            )
            theta = gen.z
            if gen.z >= 1.0 - tol.decompose:
                columns, lottery = master.columns, gen.lottery
                break
            # q is not a lottery over panels: cut it off with the proven inequality
            # sum_s (y_s - w_s) p_s <= bound, which every feasible panel satisfies.
            # (sum_s y_s p_s <= bound alone is not valid when the cap binds: w > 0.)
            relaxation.add_cut(gen.y - gen.w, gen.bound)
            report(0.03, f"relaxation tightened ({relaxation.cuts} cuts)")
        upper_bound = levels[0].value
        bound_source = "relaxation"

    x = np.maximum(lottery, 0.0)
    keep = x > tol.prune
    comps = np.array([columns[i] for i in np.flatnonzero(keep)], dtype=np.int64).reshape(
        -1, space.n_slots
    )
    weights_out = x[keep] / x[keep].sum()
    slot_p = (weights_out @ comps) * master.inv_size
    slot_p[~active] = 0.0
    achieved = float(slot_p[active].min()) if active.any() else 0.0
    gap = max(0.0, upper_bound - achieved)
    certificate = Certificate(
        min_probability=achieved,
        upper_bound=upper_bound,
        gap=gap,
        certified=gap <= 1e-7,
        method=method,
        bound_source=bound_source,
        theta=theta,
        cuts=relaxation.cuts,
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
            "cpu_seconds": time.process_time() - c0,
            "seed_seconds": t_seed,
            "master_seconds": master.seconds,
            "master_solves": float(master.solves),
            "relaxation_seconds": relaxation.seconds,
            "pricing_seconds": panel.seconds,
            "lp_pricings": float(panel.lp_calls),
            "box_mips": float(panel.box_calls),
            "full_mips": float(panel.full_calls),
            "face_rounded": float(panel.face_rounded),
            "face_mips": float(panel.face_mips),
            "columns": float(len(master.columns)),
            "slots": float(space.n_slots),
            "levels": float(len(levels)),
            "cuts": float(relaxation.cuts),
            "freeze_slack_used": relaxation.slack_used,
            "greedy_steps": float(decomposed_steps),
        },
    )
