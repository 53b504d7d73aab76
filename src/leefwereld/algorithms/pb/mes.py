"""The Method of Equal Shares for one fixed per-voter budget, with caps.

Every voter starts with the same amount. In each round the rule funds the
project that its supporters can pay for at the lowest price per unit of
utility (``rho``): a supporter with utility ``u`` pays ``rho * u`` or, if
that is more than they have left, everything they have left. A project
leaves the race when its supporters together have less money than it costs,
or when a category/district cap it belongs to has less room than it costs.

How exact arithmetic is kept cheap
----------------------------------
Every decision (is a project affordable, which project is cheapest, which
voters pay everything they have left) must come out as in exact rational
arithmetic. Floats only *propose*:

* Floats decide only when the margin is wide: a comparison is trusted only
  if the two sides differ by more than ``TOL`` (1e-8) relative to the
  per-voter budget or the price, while float error is around 1e-13. Anything
  closer — a tie between two projects, a voter whose money is (almost)
  exactly the share, a project whose supporters have (almost) exactly its
  cost — is decided in ``Fraction`` arithmetic.
* Exact values are cheap to get when needed. A voter's exact budget is
  ``per_voter - sum(rho_q * u_q)`` over the funded projects ``q`` they
  support, or exactly 0 once they paid all they had; and a sum of exact
  budgets over many voters is ``per_voter * W - sum(rho_q * T_q)`` with
  integer ``W``, ``T_q`` summed in NumPy. So an exact sum over thousands of
  ballots costs one ``Fraction`` operation per funded project, and the exact
  price of a round only needs the exact prices of earlier rounds, which are
  computed lazily.
* When a run's exact prices are materialised (``exact=True``, always for the
  outcome that is reported), every price is recomputed as a ``Fraction`` and
  checked against the float estimate that drove the run; should they ever
  disagree by more than the margin allows, the run is redone fully exactly.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from leefwereld.algorithms.pb.profile import BoolArray, FloatArray, IntArray, Profile
from leefwereld.algorithms.pb.tiebreak import TieKey

TOL = 1e-8
_NEVER = np.iinfo(np.int64).max


@dataclass(frozen=True)
class Round:
    """One funded project and how its supporters paid for it.

    ``rho`` is the exact price per unit of utility: a supporter with utility
    ``u`` who could afford it paid ``rho * u``. ``poor`` lists the distinct
    ballots whose voters could not and paid all they had left
    (``poor_paid`` together, exactly); ``rich_voters`` paid the full share.
    ``rho`` and ``poor_paid`` are ``None`` only in runs made with
    ``exact=False`` (the intermediate runs of a completion).
    """

    project: int
    rho: Fraction | None
    estimate: float
    poor: IntArray
    poor_voters: int
    poor_paid: Fraction | None
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
    exact: bool
    snapshots: tuple[Snapshot, ...] | None = None
    # Caps for which equal shares would have picked a project next that no
    # longer fitted in the cap: where it "wanted" to spend more than allowed.
    cap_events: frozenset[str] = frozenset()

    @property
    def funded(self) -> tuple[int, ...]:
        return self.free + tuple(r.project for r in self.rounds)


@dataclass(frozen=True, eq=False)
class Prepared:
    """Per-profile float copies and Python lists, made once and cached."""

    uf: tuple[FloatArray, ...]
    inv_uf: tuple[FloatArray, ...]
    wuf: tuple[FloatArray, ...]
    wf: tuple[FloatArray, ...]
    weight_sum: tuple[int, ...]
    max_u: tuple[float, ...]
    stale0: tuple[float, ...]
    # The utility every supporter has, when they all have the same one (cost
    # and approval utility); None for cardinal ballots with differing points.
    u_const: tuple[float | None, ...]


_PREPARED: weakref.WeakKeyDictionary[Profile, Prepared] = weakref.WeakKeyDictionary()


def prepare(profile: Profile) -> Prepared:
    cached = _PREPARED.get(profile)
    if cached is not None:
        return cached
    uf = tuple(np.asarray(u, dtype=np.float64) for u in profile.sup_u)
    prepared = Prepared(
        uf=uf,
        inv_uf=tuple(1.0 / u for u in uf),
        wuf=tuple(np.asarray(x, dtype=np.float64) for x in profile.sup_wu),
        wf=tuple(profile.weights[g].astype(np.float64) for g in profile.sup_idx),
        weight_sum=tuple(int(profile.weights[g].sum()) for g in profile.sup_idx),
        max_u=tuple(float(np.max(u)) if len(u) else 0.0 for u in uf),
        stale0=tuple(
            c / u * (1 - 4 * TOL) if u > 0 else 0.0
            for c, u in zip(profile.costs, profile.total_u, strict=True)
        ),
        u_const=tuple(
            float(u[0]) if len(u) and bool(np.all(u == u[0])) else None for u in profile.sup_u
        ),
    )
    _PREPARED[profile] = prepared
    return prepared


class ExactBudgets:
    """Exact budgets "as of round t", from the exact prices of rounds before t."""

    def __init__(self, profile: Profile, per_voter: Fraction) -> None:
        self.profile = profile
        self.b0 = per_voter
        self.zero_round = np.full(profile.k, _NEVER, dtype=np.int64)
        self.sel_round = np.full(profile.m, _NEVER, dtype=np.int64)
        self.winners: list[int] = []
        self.poor: list[IntArray] = []
        self.estimates: list[float] = []
        self.rho: list[Fraction] = []
        self.paid: list[Fraction] = []

    def record(
        self, j: int, poor: IntArray, estimate: float, exact: tuple[Fraction, Fraction] | None
    ) -> None:
        t = len(self.winners)
        self.winners.append(j)
        self.poor.append(poor)
        self.estimates.append(estimate)
        self.sel_round[j] = t
        self.zero_round[poor[self.zero_round[poor] == _NEVER]] = t
        if exact is not None and len(self.rho) == t:
            self.rho.append(exact[0])
            self.paid.append(exact[1])

    def upto(self, t: int) -> None:
        """Make sure the exact prices of rounds ``0 .. t-1`` are known."""
        p = self.profile
        while len(self.rho) < t:
            s = len(self.rho)
            j = self.winners[s]
            paid = self.sum_at(self.poor[s], s)
            poor_u = int(p.sup_wu[j][np.isin(p.sup_idx[j], self.poor[s])].sum())
            self.rho.append((p.costs[j] - paid) / (p.total_u[j] - poor_u))
            self.paid.append(paid)

    def budget_at(self, g: int, t: int) -> Fraction:
        if self.zero_round[g] < t:
            return Fraction(0)
        self.upto(t)
        p = self.profile
        value = self.b0
        for e in range(int(p.grp_ptr[g]), int(p.grp_ptr[g + 1])):
            s = int(self.sel_round[p.grp_proj[e]])
            if s < t:
                value -= self.rho[s] * int(p.grp_u[e])
        return value

    def sum_at(self, groups: IntArray, t: int) -> Fraction:
        """Exactly ``sum(weight * budget)`` over ``groups``, as of round ``t``."""
        p = self.profile
        g = groups[self.zero_round[groups] >= t]
        if g.size == 0:
            return Fraction(0)
        w = p.weights[g]
        total = self.b0 * int(w.sum())
        if t == 0:
            return total
        starts = p.grp_ptr[g]
        lengths = p.grp_ptr[g + 1] - starts
        owner = np.repeat(np.arange(g.size), lengths)
        offsets = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        entries = np.repeat(starts, lengths) + offsets
        rounds = self.sel_round[p.grp_proj[entries]]
        keep = rounds < t
        if not keep.any():
            return total
        self.upto(t)
        wu = p.grp_u[entries[keep]] * w[owner[keep]].astype(p.grp_u.dtype)
        per_round = np.zeros(t, dtype=p.grp_u.dtype)
        np.add.at(per_round, rounds[keep], wu)
        for s in np.flatnonzero(per_round):
            total -= self.rho[int(s)] * int(per_round[s])
        return total


def exact_view(profile: Profile, run: MESRun) -> ExactBudgets:
    """Exact budgets of any round of a finished run (for explanations)."""
    if not run.exact:
        raise ValueError("the run was made with exact=False")
    ex = ExactBudgets(profile, run.per_voter)
    for r in run.rounds:
        assert r.rho is not None and r.poor_paid is not None
        ex.record(r.project, r.poor, r.estimate, (r.rho, r.poor_paid))
    return ex


def _float_rho(
    c: float, total_u: float, b: FloatArray, wb: FloatArray, prep: Prepared, j: int
) -> float:
    """Float estimate of the price: the x with sum(w * min(b, x * u)) == c."""
    x = c / total_u
    u = prep.u_const[j]
    if u is not None:
        # Same utility for every supporter: compare budgets with one share, no ratios.
        poor = b < x * u
        count = int(np.count_nonzero(poor))
        if count == 0:
            return x
        wf = prep.wf[j]
        for _ in range(8):
            den = total_u - u * float(np.add.reduce(wf, where=poor))
            if den <= 0:
                break
            x = (c - float(np.add.reduce(wb, where=poor))) / den
            poor = b < x * u
            now = int(np.count_nonzero(poor))
            if now == count:
                return x
            count = now
        return _sorted_scan(c, total_u, b * prep.inv_uf[j], wb, prep.wuf[j])
    ratio = b * prep.inv_uf[j]
    wu = prep.wuf[j]
    poor = ratio < x
    count = int(np.count_nonzero(poor))
    if count == 0:
        return x
    for _ in range(8):
        den = total_u - float(np.add.reduce(wu, where=poor))
        if den <= 0:
            break
        x = (c - float(np.add.reduce(wb, where=poor))) / den
        poor = ratio < x
        now = int(np.count_nonzero(poor))
        if now == count:
            return x
        count = now
    return _sorted_scan(c, total_u, ratio, wb, wu)


def _sorted_scan(
    c: float, total_u: float, ratio: FloatArray, wb: FloatArray, wu: FloatArray
) -> float:
    # Many voters running out one after another: scan them in order of budget per utility.
    order = np.argsort(ratio, kind="stable")
    rs = ratio[order]
    before_b = np.concatenate(([0.0], np.cumsum(wb[order])[:-1]))
    before_u = np.concatenate(([0.0], np.cumsum(wu[order])[:-1]))
    with np.errstate(divide="ignore", invalid="ignore"):
        xs = (c - before_b) / (total_u - before_u)
    ok = np.flatnonzero(xs <= rs)
    return float(xs[ok[0]]) if ok.size else float(rs[-1])


def _exact_rho(
    ex: ExactBudgets,
    budgets: FloatArray,
    b0_f: float,
    prep: Prepared,
    j: int,
    estimate: float | None,
) -> tuple[Fraction, IntArray, Fraction]:
    """The exact price of ``j`` now, the ballots that pay all they have, and what they pay.

    With an ``estimate``, voters clearly above or below the share are taken
    from floats and only those near it are decided exactly; without one,
    every supporter's budget is computed exactly.
    """
    p = ex.profile
    t = len(ex.winners)
    idx = p.sup_idx[j]
    zero = ex.zero_round[idx] < t
    if estimate is None:
        poor_sure = zero
        unsure = ~zero
    else:
        b = budgets[idx]
        share = estimate * prep.uf[j]
        band = TOL * (share + b0_f)
        poor_sure = zero | (b < share - band)
        unsure = ~poor_sure & (b <= share + band)
    paid = ex.sum_at(idx[poor_sure], t)
    den = p.total_u[j] - int(p.sup_wu[j][poor_sure].sum())
    candidates: list[tuple[Fraction, int, Fraction]] = []
    for where in np.flatnonzero(unsure):
        budget = ex.budget_at(int(idx[where]), t)
        candidates.append((budget / int(p.sup_u[j][where]), int(where), budget))
    candidates.sort()
    c = p.costs[j]
    for n_poor in range(len(candidates) + 1):
        if n_poor:
            _, pos, budget = candidates[n_poor - 1]
            paid += int(p.weights[idx[pos]]) * budget
            den -= int(p.sup_wu[j][pos])
        if den <= 0:
            break
        rho = (c - paid) / den
        if n_poor < len(candidates) and not rho <= candidates[n_poor][0]:
            continue
        # Voters decided by floats were decided with margin ``band``, which is
        # only sound if the exact price is close to the estimate.
        if estimate is not None and abs(float(rho) - estimate) * prep.max_u[j] > TOL * b0_f / 4:
            break
        mask = poor_sure.copy()
        mask[[pos for _, pos, _ in candidates[:n_poor]]] = True
        return rho, idx[mask], paid
    if estimate is None:
        raise AssertionError(f"project {p.ids[j]} has no exact price: it is not affordable")
    return _exact_rho(ex, budgets, b0_f, prep, j, None)


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
    exact: bool = True,
    force_exact: bool = False,
) -> MESRun:
    """Equal shares with every voter starting at ``per_voter`` (in the file's money unit).

    Caps in ``profile.caps`` are applied inside the rule: a project whose cap
    has less room than its cost leaves the race. The total budget is not
    checked here: at the standard ``budget / n`` per voter it cannot be
    exceeded, and the completion methods check it themselves.

    ``exact=False`` skips materialising the exact price of every round (the
    decisions are exact either way); ``force_exact`` makes every decision in
    ``Fraction`` arithmetic without the float shortcut (slow; for tests and as
    the fallback).
    """
    run = None
    if not force_exact:
        run = _run(profile, per_voter, tie, trace, force_exact=False, materialise=exact)
    if run is None:
        # Asked for, or the float estimates disagreed with the exact prices: all in Fractions.
        run = _run(profile, per_voter, tie, trace, force_exact=True)
    assert run is not None
    return run


def _run(
    profile: Profile,
    per_voter: Fraction,
    tie: TieKey,
    trace: bool,
    force_exact: bool,
    materialise: bool = True,
) -> MESRun | None:
    prep = prepare(profile)
    m = profile.m
    costs = profile.costs
    b0_f = float(per_voter)
    budgets = np.full(profile.k, b0_f)
    ex = ExactBudgets(profile, per_voter)
    free = tuple(sorted((j for j in range(m) if costs[j] == 0 and profile.total_u[j] > 0), key=tie))
    cap_spent = [0] * len(profile.caps)
    in_race = [j for j in range(m) if costs[j] > 0 and profile.total_u[j] > 0]
    # A lower bound on each price; prices only rise as voters spend.
    stale = list(prep.stale0)
    left_race: dict[int, str] = {}
    snapshots: list[Snapshot] = []
    spent = 0

    # In-race projects whose cap has no room left. They stay in the race so
    # that we notice when equal shares would pick one of them next: that is
    # the moment the rule "wants" to overspend the cap (see ``cap_events``).
    blocked: dict[int, str] = {}
    cap_events: set[str] = set()
    # Caps only change when a project in them is funded: recheck just those members.
    recheck: set[int] | None = None
    while True:
        if profile.caps:
            for j in in_race:
                if j in blocked or (recheck is not None and j not in recheck):
                    continue
                blocker = _cap_blocker(profile, cap_spent, j)
                if blocker is not None:
                    blocked[j] = blocker
            recheck = set()
        if trace and (not snapshots or snapshots[-1].rounds_done != len(ex.winners)):
            zeroed = ex.zero_round < len(ex.winners)
            snapshots.append(
                Snapshot(
                    len(ex.winners), budgets.copy(), zeroed, tuple(cap_spent), frozenset(in_race)
                )
            )
        if force_exact:
            choice = _choose_exactly(ex, budgets, b0_f, prep, in_race, tie, left_race, blocked)
        else:
            choice = _choose(ex, budgets, b0_f, prep, in_race, stale, tie, left_race, blocked)
        if choice is None:
            break
        winner, estimate, poor, exact_price = choice
        if winner in blocked:
            # It would win this round, but its cap is full: it leaves, the round is redone.
            label = blocked.pop(winner)
            cap_events.add(label)
            left_race[winner] = label
            in_race.remove(winner)
            continue
        idx = profile.sup_idx[winner]
        b = budgets[idx]
        if exact_price is not None:
            estimate = float(exact_price[0])
        new = np.maximum(b - estimate * prep.uf[winner], 0.0)
        budgets[idx] = new
        budgets[poor] = 0.0
        ex.record(winner, poor, estimate, exact_price)
        for c in profile.project_caps[winner]:
            cap_spent[c] += costs[winner]
            assert recheck is not None
            recheck.update(profile.caps[c].members)
        spent += costs[winner]
        in_race.remove(winner)

    if materialise:
        ex.upto(len(ex.winners))
        if not force_exact and not _consistent(ex, prep, b0_f):
            return None
    rounds = []
    for t, j in enumerate(ex.winners):
        poor_voters = int(profile.weights[ex.poor[t]].sum())
        rounds.append(
            Round(
                project=j,
                rho=ex.rho[t] if materialise else None,
                estimate=ex.estimates[t],
                poor=ex.poor[t],
                poor_voters=poor_voters,
                poor_paid=ex.paid[t] if materialise else None,
                rich_voters=prep.weight_sum[j] - poor_voters,
            )
        )
    return MESRun(
        per_voter=per_voter,
        free=free,
        rounds=tuple(rounds),
        spent=spent,
        cap_spent=tuple(cap_spent),
        left_race=left_race,
        exact=materialise,
        snapshots=tuple(snapshots) if trace else None,
        cap_events=frozenset(cap_events),
    )


def _consistent(ex: ExactBudgets, prep: Prepared, b0_f: float) -> bool:
    for t, j in enumerate(ex.winners):
        if abs(float(ex.rho[t]) - ex.estimates[t]) * prep.max_u[j] > TOL * b0_f / 4:
            return False
    return True


Choice = tuple[int, float, IntArray, tuple[Fraction, Fraction] | None]


def _choose(
    ex: ExactBudgets,
    budgets: FloatArray,
    b0_f: float,
    prep: Prepared,
    in_race: list[int],
    stale: list[float],
    tie: TieKey,
    left_race: dict[int, str],
    blocked: dict[int, str],
) -> Choice | None:
    """Pick this round's project: floats where the margin is wide, Fractions where it is not."""
    p = ex.profile
    t = len(ex.winners)
    best = float("inf")
    estimates: list[tuple[int, float, FloatArray]] = []
    for j in sorted(in_race, key=stale.__getitem__):
        if stale[j] > best * (1 + 4 * TOL):
            break
        idx = p.sup_idx[j]
        b = budgets[idx]
        wb = prep.wf[j] * b
        total = float(wb.sum())
        c = p.costs[j]
        margin = TOL * (c + prep.weight_sum[j] * b0_f)
        if total < c + margin and (total < c - margin or _ex_sum(ex, idx, t) < c):
            left_race[j] = blocked.pop(j, "money")
            in_race.remove(j)
            continue
        x = _float_rho(float(c), float(p.total_u[j]), b, wb, prep, j)
        stale[j] = x * (1 - 4 * TOL)
        estimates.append((j, x, b))
        best = min(best, x)
    if not estimates:
        return None
    near = [(j, x, b) for j, x, b in estimates if x <= best * (1 + 4 * TOL)]
    if len(near) > 1:
        prices = {j: _exact_rho(ex, budgets, b0_f, prep, j, x) for j, x, _b in near}
        winner = min(prices, key=lambda j: (prices[j][0], tie(j)))
        rho, poor, paid = prices[winner]
        return winner, float(rho), poor, (rho, paid)
    winner, x, b = near[0]
    idx = p.sup_idx[winner]
    share = x * prep.uf[winner]
    band = TOL * (share + b0_f)
    # Voters who already paid all they had hold exactly 0, which is never
    # within the band of a positive share, so no mask for them is needed.
    if np.any(np.abs(b - share) <= band):
        rho, poor, paid = _exact_rho(ex, budgets, b0_f, prep, winner, x)
        return winner, float(rho), poor, (rho, paid)
    return winner, x, idx[b < share], None


def _ex_sum(ex: ExactBudgets, idx: IntArray, t: int) -> Fraction:
    return ex.sum_at(idx, t)


def _choose_exactly(
    ex: ExactBudgets,
    budgets: FloatArray,
    b0_f: float,
    prep: Prepared,
    in_race: list[int],
    tie: TieKey,
    left_race: dict[int, str],
    blocked: dict[int, str],
) -> Choice | None:
    """The same choice with every comparison in Fractions (slow; reference and fallback)."""
    p = ex.profile
    t = len(ex.winners)
    prices: dict[int, tuple[Fraction, IntArray, Fraction]] = {}
    for j in list(in_race):
        if _ex_sum(ex, p.sup_idx[j], t) < p.costs[j]:
            left_race[j] = blocked.pop(j, "money")
            in_race.remove(j)
            continue
        prices[j] = _exact_rho(ex, budgets, b0_f, prep, j, None)
    if not prices:
        return None
    winner = min(prices, key=lambda j: (prices[j][0], tie(j)))
    rho, poor, paid = prices[winner]
    return winner, float(rho), poor, (rho, paid)
