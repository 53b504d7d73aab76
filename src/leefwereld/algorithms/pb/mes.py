"""The Method of Equal Shares for one fixed per-voter budget, with caps.

Every voter starts with the same amount. In each round the rule funds the
project that its supporters can pay for at the lowest price per unit of
utility (``rho``): a supporter with utility ``u`` pays ``rho * u`` or, if
that is more than they have left, everything they have left. A project
leaves the race when its supporters together have less money than it costs,
or when a category/district cap it belongs to has less room than it costs.

How exact arithmetic is kept cheap
----------------------------------
The decisions (is a project affordable, which project is cheapest, who pays
everything they have) are made in exact rational arithmetic; floating point
only proposes. Two facts make the exact check cheap:

* A voter's exact budget is ``per_voter - sum(rho_q * u_q)`` over the funded
  projects ``q`` they support, or exactly 0 once they have paid everything
  they had. So a budget never needs to be stored as a ``Fraction``; it can be
  recomputed from the ``rho`` of each funded project.
* A sum of exact budgets over many voters is ``per_voter * W - sum(rho_q *
  T_q)`` where ``W`` and ``T_q`` are integer sums taken in NumPy. So an exact
  sum over thousands of ballots costs one Fraction operation per funded
  project.

Floats are used for (a) ordering candidates, (b) an estimate of each price
and (c) splitting voters into "clearly can pay the share" / "clearly cannot".
Any voter whose float budget is within a safety band of the share is decided
exactly, and every price is recomputed as a Fraction before it is used. If
the float estimate ever disagrees with the exact value by more than the band
allows, the price is recomputed exactly from scratch.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from leefwereld.algorithms.pb.profile import BoolArray, FloatArray, IntArray, Profile
from leefwereld.algorithms.pb.tiebreak import TieKey

# Relative width of the band inside which float comparisons are not trusted.
# Float budgets drift by at most ~1e-13 of the per-voter budget, far inside it.
TOL = 1e-9


@dataclass(frozen=True)
class Round:
    """One funded project and how its supporters paid for it.

    ``rho`` is the price per unit of utility: a supporter with utility ``u``
    who could afford it paid ``rho * u``. ``poor`` lists the distinct ballots
    whose voters could not, and paid all they had left (``poor_paid`` in
    total, exactly); ``rich_voters`` is the number of voters who paid the
    full share.
    """

    project: int
    rho: Fraction
    poor: IntArray
    poor_voters: int
    poor_paid: Fraction
    rich_voters: int


@dataclass(frozen=True)
class Snapshot:
    """The state just before round ``rounds_done`` (or after the last one)."""

    rounds_done: int
    budgets: FloatArray
    zeroed: BoolArray
    cap_spent: tuple[int, ...]
    in_race: frozenset[int]


@dataclass(frozen=True)
class MESRun:
    """The outcome of one run of equal shares at a fixed per-voter budget."""

    per_voter: Fraction
    free: tuple[int, ...]
    rounds: tuple[Round, ...]
    spent: int
    cap_spent: tuple[int, ...]
    left_race: dict[int, str]
    snapshots: tuple[Snapshot, ...] | None = None

    @property
    def funded(self) -> tuple[int, ...]:
        return self.free + tuple(r.project for r in self.rounds)


@dataclass(frozen=True, eq=False)
class Prepared:
    """Float copies of a profile's integer arrays, made once per profile."""

    uf: tuple[FloatArray, ...]
    wuf: tuple[FloatArray, ...]
    wf: tuple[FloatArray, ...]
    weight_sum: tuple[float, ...]
    max_u: tuple[float, ...]


_PREPARED: weakref.WeakKeyDictionary[Profile, Prepared] = weakref.WeakKeyDictionary()


def prepare(profile: Profile) -> Prepared:
    cached = _PREPARED.get(profile)
    if cached is not None:
        return cached
    wf = tuple(profile.weights[g].astype(np.float64) for g in profile.sup_idx)
    prepared = Prepared(
        uf=tuple(np.asarray(u, dtype=np.float64) for u in profile.sup_u),
        wuf=tuple(np.asarray(x, dtype=np.float64) for x in profile.sup_wu),
        wf=wf,
        weight_sum=tuple(float(w.sum()) for w in wf),
        max_u=tuple(float(np.max(u)) if len(u) else 0.0 for u in profile.sup_u),
    )
    _PREPARED[profile] = prepared
    return prepared


class _State:
    """Mutable state of one run: float budgets plus what is needed to recompute them exactly."""

    def __init__(self, profile: Profile, per_voter: Fraction) -> None:
        self.profile = profile
        self.b0 = per_voter
        self.b0_f = float(per_voter)
        self.budgets = np.full(profile.k, self.b0_f)
        self.zeroed = np.zeros(profile.k, dtype=np.bool_)
        self.rho_of: dict[int, Fraction] = {}
        self.selected = np.zeros(profile.m, dtype=np.bool_)

    def exact_budget(self, g: int) -> Fraction:
        if self.zeroed[g]:
            return Fraction(0)
        p = self.profile
        value = self.b0
        for e in range(int(p.grp_ptr[g]), int(p.grp_ptr[g + 1])):
            q = int(p.grp_proj[e])
            if self.selected[q]:
                value -= self.rho_of[q] * int(p.grp_u[e])
        return value

    def exact_sum(self, groups: IntArray) -> Fraction:
        """Exactly ``sum(weight * budget)`` over the given distinct ballots."""
        p = self.profile
        g = groups[~self.zeroed[groups]]
        if g.size == 0:
            return Fraction(0)
        w = p.weights[g]
        total = self.b0 * int(w.sum())
        if not self.rho_of:
            return total
        starts = p.grp_ptr[g]
        lengths = p.grp_ptr[g + 1] - starts
        owner = np.repeat(np.arange(g.size), lengths)
        offsets = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        entries = np.repeat(starts, lengths) + offsets
        projects = p.grp_proj[entries]
        keep = self.selected[projects]
        if not keep.any():
            return total
        wu = p.grp_u[entries[keep]] * w[owner[keep]].astype(p.grp_u.dtype)
        paid = np.zeros(p.m, dtype=p.grp_u.dtype)
        np.add.at(paid, projects[keep], wu)
        for q in np.flatnonzero(paid):
            total -= self.rho_of[int(q)] * int(paid[q])
        return total


def _float_rho(c: float, total_u: float, b: FloatArray, u: FloatArray, wu: FloatArray) -> float:
    """Float estimate of the price: the x with sum(w * min(b, x * u)) == c."""
    ratio = b / u
    wb = wu * ratio
    x = c / total_u
    poor = ratio < x
    count = -1
    for _ in range(8):
        now = int(np.count_nonzero(poor))
        if now == count:
            return x
        count = now
        den = total_u - float(wu[poor].sum())
        if den <= 0:
            break
        x = (c - float(wb[poor].sum())) / den
        poor = ratio < x
    # Many voters running out one after another: fall back to the sorted scan.
    order = np.argsort(ratio, kind="stable")
    rs = ratio[order]
    before_b = np.concatenate(([0.0], np.cumsum(wb[order])[:-1]))
    before_u = np.concatenate(([0.0], np.cumsum(wu[order])[:-1]))
    with np.errstate(divide="ignore", invalid="ignore"):
        xs = (c - before_b) / (total_u - before_u)
    ok = np.flatnonzero(xs <= rs)
    return float(xs[ok[0]]) if ok.size else float(rs[-1])


def _affordable(st: _State, prep: Prepared, j: int) -> bool:
    p = st.profile
    idx = p.sup_idx[j]
    total = float(np.dot(prep.wf[j], st.budgets[idx]))
    c = p.costs[j]
    margin = TOL * (c + prep.weight_sum[j] * st.b0_f)
    if total >= c + margin:
        return True
    if total < c - margin:
        return False
    return st.exact_sum(idx) >= c


def _exact_rho(
    st: _State, prep: Prepared, j: int, estimate: float, force_exact: bool = False
) -> tuple[Fraction, BoolArray, Fraction]:
    """The exact price of project ``j``, who pays everything (mask over its supporters), and what they pay."""
    p = st.profile
    idx = p.sup_idx[j]
    u = prep.uf[j]
    b = st.budgets[idx]
    share = estimate * u
    band = TOL * (share + st.b0_f)
    zero = st.zeroed[idx]
    if force_exact:
        poor_sure = zero.copy()
        unsure = ~zero
    else:
        poor_sure = zero | (b < share - band)
        unsure = ~poor_sure & (b <= share + band)
    c = p.costs[j]
    paid = st.exact_sum(idx[poor_sure])
    poor_u = int(p.sup_wu[j][poor_sure].sum())
    candidates: list[tuple[Fraction, int, Fraction]] = []
    for pos in np.flatnonzero(unsure):
        budget = st.exact_budget(int(idx[pos]))
        candidates.append((budget / int(p.sup_u[j][pos]), int(pos), budget))
    candidates.sort()
    den = p.total_u[j] - poor_u
    for t in range(len(candidates) + 1):
        if t:
            _, pos, budget = candidates[t - 1]
            w = int(p.weights[idx[pos]])
            paid += w * budget
            den -= int(p.sup_wu[j][pos])
        if den <= 0:
            break
        rho = (c - paid) / den
        if t and not candidates[t - 1][0] < rho:
            continue
        if t < len(candidates) and not rho <= candidates[t][0]:
            continue
        # The voters decided by floats were decided with margin ``band``; that is
        # only valid if the exact price is close to the estimate.
        if not force_exact and abs(float(rho) - estimate) * prep.max_u[j] > TOL * st.b0_f / 4:
            break
        mask = poor_sure.copy()
        mask[[pos for _, pos, _ in candidates[:t]]] = True
        return rho, mask, paid
    if force_exact:
        raise AssertionError("no exact price found; the project was not affordable")
    return _exact_rho(st, prep, j, estimate, force_exact=True)


def _cap_blocker(profile: Profile, cap_spent: list[int], j: int) -> str | None:
    for c in profile.project_caps[j]:
        cap = profile.caps[c]
        if cap_spent[c] + profile.costs[j] > cap.limit:
            return cap.label
    return None


def run_mes(
    profile: Profile,
    per_voter: Fraction,
    tie: TieKey,
    trace: bool = False,
    force_exact: bool = False,
) -> MESRun:
    """Equal shares with every voter starting at ``per_voter`` (in the file's money unit).

    Caps in ``profile.caps`` are applied inside the rule: a project whose cap
    has less room than its cost leaves the race. The total budget is not
    checked here: at the standard ``budget / n`` per voter it cannot be
    exceeded, and the completion methods check it themselves.
    ``force_exact`` skips the float shortcut (for tests of the shortcut).
    """
    prep = prepare(profile)
    st = _State(profile, per_voter)
    m = profile.m
    costs = profile.costs
    free = tuple(
        sorted((j for j in range(m) if costs[j] == 0 and profile.total_u[j] > 0), key=tie)
    )
    st.selected[list(free)] = True
    for j in free:
        st.rho_of[j] = Fraction(0)
    cap_spent = [0] * len(profile.caps)
    in_race = [j for j in range(m) if costs[j] > 0 and profile.total_u[j] > 0]
    # A lower bound on each price; prices only rise as voters spend.
    stale = np.zeros(m)
    for j in in_race:
        stale[j] = costs[j] / profile.total_u[j] * (1 - 4 * TOL)
    left_race: dict[int, str] = {}
    rounds: list[Round] = []
    snapshots: list[Snapshot] = []
    spent = 0

    while True:
        if profile.caps:
            for j in list(in_race):
                blocker = _cap_blocker(profile, cap_spent, j)
                if blocker is not None:
                    left_race[j] = blocker
                    in_race.remove(j)
        if trace:
            snapshots.append(
                Snapshot(
                    len(rounds),
                    st.budgets.copy(),
                    st.zeroed.copy(),
                    tuple(cap_spent),
                    frozenset(in_race),
                )
            )
        best = float("inf")
        estimates: list[tuple[int, float]] = []
        for j in sorted(in_race, key=lambda j: stale[j]):
            if stale[j] > best * (1 + 4 * TOL):
                break
            if not _affordable(st, prep, j):
                left_race[j] = "money"
                in_race.remove(j)
                continue
            x = _float_rho(
                float(costs[j]),
                float(profile.total_u[j]),
                st.budgets[profile.sup_idx[j]],
                prep.uf[j],
                prep.wuf[j],
            )
            stale[j] = x * (1 - 4 * TOL)
            estimates.append((j, x))
            best = min(best, x)
        if not estimates:
            break
        near = [(j, x) for j, x in estimates if x <= best * (1 + 4 * TOL)]
        exact = {j: _exact_rho(st, prep, j, x, force_exact) for j, x in near}
        winner = min(exact, key=lambda j: (exact[j][0], tie(j)))
        rho, poor_mask, poor_paid = exact[winner]

        idx = profile.sup_idx[winner]
        poor = idx[poor_mask]
        rich = idx[~poor_mask]
        st.zeroed[poor] = True
        st.budgets[poor] = 0.0
        st.budgets[rich] = np.maximum(
            st.budgets[rich] - float(rho) * prep.uf[winner][~poor_mask], 0.0
        )
        st.rho_of[winner] = rho
        st.selected[winner] = True
        for c in profile.project_caps[winner]:
            cap_spent[c] += costs[winner]
        spent += costs[winner]
        poor_voters = int(profile.weights[poor].sum())
        rounds.append(
            Round(
                project=winner,
                rho=rho,
                poor=poor,
                poor_voters=poor_voters,
                poor_paid=poor_paid,
                rich_voters=int(profile.weights[idx].sum()) - poor_voters,
            )
        )
        in_race.remove(winner)

    return MESRun(
        per_voter=per_voter,
        free=free,
        rounds=tuple(rounds),
        spent=spent,
        cap_spent=tuple(cap_spent),
        left_race=left_race,
        snapshots=tuple(snapshots) if trace else None,
    )
