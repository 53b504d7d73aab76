"""A deliberately naive leximin for tiny pools, used as an independent oracle.

Every feasible panel is enumerated; each level is one LP over all of them, and
ties are decided the slow, obviously correct way: for every open person, a
second LP asks whether they can get more than the level while everyone open
keeps at least the level. Shares nothing with the kernel except the Problem type.
"""

from __future__ import annotations

import itertools

import highspy
import numpy as np

from leefwereld.algorithms.sortition.model import Problem, panel_violations


def feasible_panels(problem: Problem) -> list[tuple[int, ...]]:
    n = len(problem.people)
    return [
        combo
        for combo in itertools.combinations(range(n), problem.size)
        if not panel_violations(problem, list(combo))
    ]


def _lp(
    panels: list[tuple[int, ...]],
    n: int,
    lower: dict[int, float],
    open_people: list[int],
    objective_person: int | None,
    floor: float,
    cap: float | None = None,
) -> tuple[float, np.ndarray]:
    """max z (or max p_objective_person) over lotteries with p_i >= lower[i], p_open >= floor."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    inf = highspy.kHighsInf
    m = len(panels)
    # columns: z, then one per panel
    h.addCol(
        1.0 if objective_person is None else 0.0, -inf, inf, 0, np.zeros(0, np.int32), np.zeros(0)
    )
    membership = np.zeros((n, m))
    for j, panel in enumerate(panels):
        membership[list(panel), j] = 1.0
    for j in range(m):
        cost = 1.0 if objective_person is not None and objective_person in panels[j] else 0.0
        h.addCol(cost, 0.0, inf, 0, np.zeros(0, np.int32), np.zeros(0))
    cols = np.arange(1, m + 1, dtype=np.int32)
    h.addRow(1.0, 1.0, m, cols, np.ones(m))
    if cap is not None:
        for i in range(n):
            h.addRow(-inf, cap, m, cols, membership[i])
    for i in range(n):
        if i in lower:
            h.addRow(lower[i], inf, m, cols, membership[i])
        elif i in open_people:
            if objective_person is None:
                idx = np.concatenate([[0], cols]).astype(np.int32)
                h.addRow(0.0, inf, m + 1, idx, np.concatenate([[-1.0], membership[i]]))
            else:
                h.addRow(floor, inf, m, cols, membership[i])
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    x = np.array(h.getSolution().col_value)
    return float(h.getInfo().objective_function_value), membership @ x[1:]


def leximin_probabilities(
    problem: Problem, tol: float = 1e-11, cap: float | None = None
) -> np.ndarray:
    panels = feasible_panels(problem)
    n = len(problem.people)
    coverable = sorted({i for p in panels for i in p})
    lower: dict[int, float] = {i: 0.0 for i in range(n) if i not in coverable}
    open_people = list(coverable)
    probabilities = np.zeros(n)
    while open_people:
        z, probabilities = _lp(panels, n, lower, open_people, None, 0.0, cap)
        stuck = []
        for i in open_people:
            best, _ = _lp(panels, n, lower, open_people, i, z - tol, cap)
            if best <= z + 1e-7:
                stuck.append(i)
        assert stuck, "a level must freeze someone"
        for i in stuck:
            lower[i] = z - tol
        open_people = [i for i in open_people if i not in stuck]
    return probabilities
