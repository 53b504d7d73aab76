"""Why no panel satisfies the quotas, and the smallest change that fixes it.

Three layers, from obvious to subtle, all returned as plain data:

1. *Findings*: conflicts visible by counting (the minima of one feature add up to
   more than the panel; a value needs more people than the pool holds; fewer
   households than seats).
2. *Conflict*: an irreducible set of quota bounds that cannot hold together while
   every other bound is dropped (a deletion filter: drop a bound for good if the
   rest stays infeasible without it). Panel size and households always stay.
3. *Relaxation*: an integer program with a slack on every bound that minimises
   the total number of seats by which bounds move; if the quota table has
   min_flex/max_flex columns, slacks first stay within them.

`render_dutch` turns the result into plain Dutch sentences for a civil servant.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from leefwereld.algorithms.sortition.model import Problem, TypeSpace
from leefwereld.algorithms.sortition.panels import INF, PanelModel, new_highs


@dataclass(frozen=True)
class Finding:
    code: str  # sum_of_minimums | sum_of_maximums | too_few_people | too_few_households
    feature: str | None
    value: str | None
    required: int
    available: int


@dataclass(frozen=True)
class Bound:
    feature: str
    value: str
    side: str  # "min" or "max"
    current: int


@dataclass(frozen=True)
class BoundChange:
    feature: str
    value: str
    side: str
    old: int
    new: int


@dataclass(frozen=True)
class Explanation:
    size: int
    findings: tuple[Finding, ...]
    conflict: tuple[Bound, ...]
    relaxation: tuple[BoundChange, ...]
    total_change: int
    flex_given: bool
    within_flex: bool  # the relaxation respects min_flex/max_flex (trivially so if none given)
    relaxable: bool  # False when no change of the quotas can help (too few households)
    households: bool = False  # the pool has people sharing a household

    def as_dict(self) -> dict[str, object]:
        return {
            "size": self.size,
            "findings": [f.__dict__ for f in self.findings],
            "conflict": [b.__dict__ for b in self.conflict],
            "relaxation": [c.__dict__ for c in self.relaxation],
            "total_change": self.total_change,
            "flex_given": self.flex_given,
            "within_flex": self.within_flex,
            "relaxable": self.relaxable,
            "households": self.households,
        }


def _findings(problem: Problem, space: TypeSpace) -> list[Finding]:
    out: list[Finding] = []
    k = problem.size
    households = sum(kind.count for kind in space.kinds)
    if households < k:
        out.append(Finding("too_few_households", None, None, k, households))
    for f, feature in enumerate(problem.features):
        qs = [q for q in range(len(problem.quotas)) if problem.quota_feature[q] == f]
        lo = sum(problem.quotas[q].min for q in qs)
        hi = sum(problem.quotas[q].max for q in qs)
        if lo > k:
            out.append(Finding("sum_of_minimums", feature, None, lo, k))
        if hi < k:
            out.append(Finding("sum_of_maximums", feature, None, k, hi))
        for q in qs:
            # People with this value, at most one per household.
            slots = np.flatnonzero(space.incidence[q])
            reachable = 0
            for kind in space.kinds:
                if any(s in slots for s in kind.slots):
                    reachable += kind.count
            if problem.quotas[q].min > reachable:
                out.append(
                    Finding(
                        "too_few_people",
                        feature,
                        problem.quotas[q].value,
                        problem.quotas[q].min,
                        reachable,
                    )
                )
    return out


def _conflict(problem: Problem, space: TypeSpace, ub: np.ndarray, time_limit: float) -> list[Bound]:
    model = PanelModel(space, ub=ub)
    k = problem.size
    lo = [q.min for q in problem.quotas]
    hi = [q.max for q in problem.quotas]
    model.set_quota_bounds([0] * len(lo), [k] * len(hi))
    if model.feasible(time_limit) is False:
        return []  # size and households alone are impossible
    keep: list[tuple[int, str]] = [(q, "min") for q in range(len(lo)) if lo[q] > 0]
    keep += [(q, "max") for q in range(len(hi)) if hi[q] < k]
    for bound in list(keep):
        trial = [b for b in keep if b != bound]
        cur_lo = [0] * len(lo)
        cur_hi = [k] * len(hi)
        for q, side in trial:
            if side == "min":
                cur_lo[q] = lo[q]
            else:
                cur_hi[q] = hi[q]
        model.set_quota_bounds(cur_lo, cur_hi)
        if model.feasible(time_limit) is False:
            keep = trial  # still infeasible without it: not needed to explain the conflict
    return [
        Bound(
            problem.quotas[q].feature,
            problem.quotas[q].value,
            side,
            lo[q] if side == "min" else hi[q],
        )
        for q, side in sorted(keep)
    ]


def _relax(
    problem: Problem, space: TypeSpace, ub: np.ndarray, use_flex: bool
) -> list[BoundChange] | None:
    """Minimum total bound change that admits a panel; None if impossible."""
    n = space.n_slots
    quotas = problem.quotas
    nq = len(quotas)
    k = problem.size
    h = new_highs()
    h.setOptionValue("time_limit", 60.0)
    # Columns: slot counts, then slack below each min, then slack above each max.
    min_room = [
        q.min - (q.min_flex or 0) if use_flex and q.min_flex is not None else q.min for q in quotas
    ]
    max_room = [
        (q.max_flex - q.max) if use_flex and q.max_flex is not None else max(0, k - q.max)
        for q in quotas
    ]
    costs = np.concatenate([np.zeros(n), np.ones(2 * nq)])
    lower = np.zeros(n + 2 * nq)
    upper = np.concatenate(
        [ub.astype(np.float64), np.array(min_room, float), np.array(max_room, float)]
    )
    h.addCols(
        n + 2 * nq,
        costs,
        lower,
        upper,
        0,
        np.zeros(0, dtype=np.int32),
        np.zeros(0, dtype=np.int32),
        np.zeros(0),
    )
    h.changeColsIntegrality(
        n + 2 * nq,
        np.arange(n + 2 * nq, dtype=np.int32),
        np.array([highspy.HighsVarType.kInteger] * (n + 2 * nq)),
    )
    rows_lo: list[float] = [float(k)]
    rows_hi: list[float] = [float(k)]
    starts = [0]
    index: list[int] = list(range(n))
    value: list[float] = [1.0] * n
    for q in range(nq):
        slots = [int(s) for s in np.flatnonzero(space.incidence[q])]
        # count + slack_min >= min
        starts.append(len(index))
        index += [*slots, n + q]
        value += [1.0] * len(slots) + [1.0]
        rows_lo.append(float(quotas[q].min))
        rows_hi.append(INF)
        # count - slack_max <= max
        starts.append(len(index))
        index += [*slots, n + nq + q]
        value += [1.0] * len(slots) + [-1.0]
        rows_lo.append(-INF)
        rows_hi.append(float(quotas[q].max))
    for kind in space.kinds:
        if len(kind.slots) > 1:
            starts.append(len(index))
            index += list(kind.slots)
            value += [1.0] * len(kind.slots)
            rows_lo.append(0.0)
            rows_hi.append(float(kind.count))
    h.addRows(
        len(rows_lo),
        np.array(rows_lo),
        np.array(rows_hi),
        len(index),
        np.array(starts, dtype=np.int32),
        np.array(index, dtype=np.int32),
        np.array(value),
    )
    h.run()
    if h.getInfo().primal_solution_status != 2:
        return None
    x = np.rint(np.array(h.getSolution().col_value)).astype(np.int64)
    changes: list[BoundChange] = []
    for q, quota in enumerate(quotas):
        if x[n + q] > 0:
            changes.append(
                BoundChange(quota.feature, quota.value, "min", quota.min, quota.min - int(x[n + q]))
            )
        if x[n + nq + q] > 0:
            changes.append(
                BoundChange(
                    quota.feature, quota.value, "max", quota.max, quota.max + int(x[n + nq + q])
                )
            )
    return changes


def explain_infeasibility(problem: Problem, time_limit: float = 10.0) -> Explanation:
    """Explain why `problem` has no feasible panel. Never raises for bad quotas."""
    space = TypeSpace.build(problem, aggregate=True)
    # Slot capacity without the quota maxima: those are exactly what may be relaxed.
    ub = np.array(
        [min(space.kinds[h].count, problem.size) for h in space.slot_kind], dtype=np.int64
    )
    findings = _findings(problem, space)
    conflict = _conflict(problem, space, ub, time_limit)
    flex_given = any(q.min_flex is not None or q.max_flex is not None for q in problem.quotas)
    relaxation: list[BoundChange] | None = None
    within_flex = True
    if flex_given:
        relaxation = _relax(problem, space, ub, use_flex=True)
    if relaxation is None:
        within_flex = not flex_given
        relaxation = _relax(problem, space, ub, use_flex=False)
    relaxable = relaxation is not None
    changes = tuple(relaxation or ())
    if not relaxable:
        within_flex = False
    return Explanation(
        size=problem.size,
        findings=tuple(findings),
        conflict=tuple(conflict),
        relaxation=changes,
        total_change=sum(abs(c.new - c.old) for c in changes),
        flex_given=flex_given,
        within_flex=within_flex,
        relaxable=relaxable,
        households=any(
            sum(len(part) for part in household) > 1
            for kind in space.kinds
            for household in kind.households
        ),
    )


def _side(side: str) -> str:
    return "minimum" if side == "min" else "maximum"


def render_dutch(explanation: Explanation) -> str:
    """Plain-Dutch explanation for the people who set the quotas."""
    e = explanation
    rule = " (met hoogstens één persoon per huishouden)" if e.households else ""
    lines = [f"Met deze quota's is geen panel van {e.size} personen mogelijk{rule}."]
    for f in e.findings:
        if f.code == "too_few_households":
            lines.append(
                f"- De pool telt maar {f.available} huishoudens; er zijn {f.required} plaatsen "
                "en per huishouden mag maar één persoon in het panel."
            )
        elif f.code == "sum_of_minimums":
            lines.append(
                f"- De minima bij '{f.feature}' tellen op tot {f.required}; dat is meer dan de "
                f"panelgrootte {f.available}."
            )
        elif f.code == "sum_of_maximums":
            lines.append(
                f"- De maxima bij '{f.feature}' tellen op tot {f.available}; dat is minder dan de "
                f"panelgrootte {f.required}."
            )
        elif f.code == "too_few_people":
            lines.append(
                f"- Voor '{f.feature} = {f.value}' zijn minstens {f.required} mensen nodig, "
                f"maar de pool heeft er maar {f.available} (uit verschillende huishoudens)."
            )
    if e.conflict:
        parts = [
            f"het {_side(b.side)} {b.current} voor '{b.feature} = {b.value}'" for b in e.conflict
        ]
        if len(parts) == 1:
            lines.append(f"Dit quotum is op zichzelf al niet haalbaar: {parts[0]}.")
        else:
            lines.append("Deze quota's zijn samen niet haalbaar: " + "; ".join(parts) + ".")
    if not e.relaxable:
        lines.append("Geen aanpassing van de quota's helpt: de pool is te klein voor dit panel.")
        return "\n".join(lines)
    if e.relaxation:
        changes = [
            f"zet het {_side(c.side)} voor '{c.feature} = {c.value}' van {c.old} op {c.new}"
            for c in e.relaxation
        ]
        seats = "plaats" if e.total_change == 1 else "plaatsen"
        lines.append(
            f"Kleinste aanpassing (samen {e.total_change} {seats}): " + "; ".join(changes) + "."
        )
        if e.flex_given and e.within_flex:
            lines.append("Deze aanpassing blijft binnen de kolommen min_flex en max_flex.")
        elif e.flex_given:
            lines.append(
                "Binnen min_flex en max_flex is geen oplossing; deze aanpassing gaat daarbuiten."
            )
    return "\n".join(lines)
