"""A deliberately naive equal-shares implementation to test the fast one against.

One voter at a time, every number a Fraction, no grouping, no floats, no
shortcuts. It follows the textbook definition (and pabutools' semantics):
cheapest price per unit of utility first, supporters who cannot pay the
equal share pay all they have left.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from leefwereld.algorithms.pb.model import Instance


@dataclass
class Election:
    ids: list[str]
    costs: list[int]
    budget: int
    utilities: list[dict[int, int]]  # per voter: project index -> utility (> 0)
    caps: list[tuple[int, set[int]]]  # (limit, member projects)
    votes: list[int]


def from_instance(instance: Instance, utility: str = "cost", caps: bool = True) -> Election:
    ids = [p.id for p in instance.projects]
    pos = {pid: j for j, pid in enumerate(ids)}
    costs = [p.cost for p in instance.projects]
    utilities = []
    votes = [0] * len(ids)
    for v in instance.votes:
        points = v.points or tuple(Fraction(1) for _ in v.projects)
        u: dict[int, int] = {}
        for pid, x in zip(v.projects, points, strict=True):
            if x <= 0:
                continue
            j = pos[pid]
            votes[j] += 1
            value = {"cost": costs[j], "approval": 1}.get(utility, int(x))
            if value > 0:
                u[j] = value
        utilities.append(u)
    cap_list = []
    if caps:
        for name, limit in instance.category_caps.items():
            cap_list.append(
                (limit, {j for j, p in enumerate(instance.projects) if name in p.categories})
            )
        for name, limit in instance.district_caps.items():
            cap_list.append(
                (limit, {j for j, p in enumerate(instance.projects) if p.district == name})
            )
    return Election(ids, costs, instance.budget, utilities, cap_list, votes)


@dataclass
class Payment:
    project: int
    rho: Fraction
    paid: dict[int, Fraction]  # voter -> amount


def mes(
    e: Election, per_voter: Fraction, tie: Callable[[int], tuple[object, ...]]
) -> tuple[list[int], list[Payment]]:
    n = len(e.utilities)
    m = len(e.ids)
    budget = [per_voter] * n
    total_u = [sum(u.get(j, 0) for u in e.utilities) for j in range(m)]
    free = sorted((j for j in range(m) if e.costs[j] == 0 and total_u[j] > 0), key=tie)
    funded = list(free)
    spent_in = [0] * len(e.caps)
    remaining = {j for j in range(m) if e.costs[j] > 0 and total_u[j] > 0}
    payments: list[Payment] = []
    while True:
        for j in sorted(remaining):
            if any(
                j in members and spent_in[k] + e.costs[j] > limit
                for k, (limit, members) in enumerate(e.caps)
            ):
                remaining.discard(j)
        prices: dict[int, Fraction] = {}
        for j in sorted(remaining):
            supporters = [i for i in range(n) if e.utilities[i].get(j, 0) > 0]
            if sum(budget[i] for i in supporters) < e.costs[j]:
                remaining.discard(j)
                continue
            supporters.sort(key=lambda i: budget[i] / e.utilities[i][j])
            paid = Fraction(0)
            denominator = total_u[j]
            for i in supporters:
                rho = (e.costs[j] - paid) / denominator
                if rho * e.utilities[i][j] <= budget[i]:
                    prices[j] = rho
                    break
                paid += budget[i]
                denominator -= e.utilities[i][j]
        if not prices:
            return funded, payments
        winner = min(prices, key=lambda j: (prices[j], tie(j)))
        rho = prices[winner]
        paid_by: dict[int, Fraction] = {}
        for i in range(n):
            u = e.utilities[i].get(winner, 0)
            if u > 0:
                pay = min(budget[i], rho * u)
                budget[i] -= pay
                paid_by[i] = pay
        payments.append(Payment(winner, rho, paid_by))
        funded.append(winner)
        remaining.discard(winner)
        for k, (_, members) in enumerate(e.caps):
            if winner in members:
                spent_in[k] += e.costs[winner]


def fits(e: Election, funded: list[int], j: int) -> bool:
    total = sum(e.costs[x] for x in funded) + e.costs[j]
    if total > e.budget:
        return False
    for limit, members in e.caps:
        if j in members and sum(e.costs[x] for x in funded if x in members) + e.costs[j] > limit:
            return False
    return True


def greedy(
    e: Election, tie: Callable[[int], tuple[object, ...]], start: list[int] | None = None
) -> list[int]:
    total_u = [sum(u.get(j, 0) for u in e.utilities) for j in range(len(e.ids))]

    def key(j: int) -> tuple[object, ...]:
        if total_u[j] > 0 and e.costs[j] == 0:
            return (0, Fraction(0), *tie(j))
        if total_u[j] == 0:
            return (1, Fraction(0), *tie(j))
        return (1, -Fraction(total_u[j], e.costs[j]), *tie(j))

    funded = list(start or [])
    for j in sorted((j for j in range(len(e.ids)) if j not in funded), key=key):
        if fits(e, funded, j):
            funded.append(j)
    return funded
