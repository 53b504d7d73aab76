"""Why each project was or was not funded, as plain data and as plain Dutch.

Funded projects
    For a project funded by equal shares: the price per unit of utility
    (``rho``), the share each supporter who could afford it paid, how many
    did, and how many could not and paid what they had left. Free projects
    and projects added by a greedy fill-up say so.

Unfunded projects — "how close was it?"
    We replay the equal-shares run that produced the outcome. At every round
    ``t`` some project won at price ``rho_t``; our project would have won
    instead if its supporters could have raised its cost at a price no higher
    than ``rho_t`` (and its caps and the total budget still had room). After
    the last round the price is unlimited: supporters pay all they have left.
    For every round we compute

    * the highest cost at which the project would have been picked then
      (``max_cost``; with cost utility a cheaper project is also worth less to
      its supporters, which is taken into account), and
    * how many extra supporters it would have needed at its real cost, each
      bringing the share a fresh voter could pay (``min(per-voter budget,
      rho_t x utility)``).

    "The point it lost" is the round where the needed cost reduction was
    smallest (then fewest extra supporters, then earliest). If no cost would
    have done (too few supporters to ever be cheapest), only the extra
    supporters are reported. Amounts are exact given which voters had run
    out of money, which is read from the run's float budgets; they are for
    display only and never feed back into the decision.

Greedy comparison
    Every project also says whether greedy-by-votes (same utility, caps and
    tie-breaking) would have funded it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from leefwereld.algorithms.pb.greedy import greedy_order
from leefwereld.algorithms.pb.mes import ExactBudgets, MESRun, exact_view, run_mes
from leefwereld.algorithms.pb.messages import _, count, money, ngettext
from leefwereld.algorithms.pb.profile import Profile
from leefwereld.algorithms.pb.rules import Outcome, allocate
from leefwereld.algorithms.pb.tiebreak import tie_key


@dataclass(frozen=True)
class Funded:
    """How a funded project was paid for. Money in currency units."""

    project_id: str
    name: str
    cost: Fraction
    phase: str  # "mes", "free", "fill" or "greedy"
    rho: Fraction | None = None
    share: Fraction | None = None  # what each voter who could afford it paid (None: varies)
    full_payers: int = 0
    partial_payers: int = 0
    partial_paid: Fraction = Fraction(0)
    in_greedy: bool = True


@dataclass(frozen=True)
class NotFunded:
    """How close an unfunded project came. Money in currency units."""

    project_id: str
    name: str
    cost: Fraction
    votes: int
    round: int | None  # the round it came closest in (None: never in the race)
    lost_to: str | None
    max_cost: Fraction | None
    cost_reduction: Fraction | None
    extra_supporters: int | None
    blocked_by: str | None  # a cap label or "budget" when lack of room was the reason
    tied: bool = False
    in_greedy: bool = False


@dataclass(frozen=True)
class Explanation:
    outcome: Outcome
    currency: str
    funded: tuple[Funded, ...]
    not_funded: tuple[NotFunded, ...]
    greedy_funded: tuple[str, ...]

    @property
    def only_here(self) -> tuple[str, ...]:
        greedy = set(self.greedy_funded)
        return tuple(p for p in self.outcome.funded if p not in greedy)

    @property
    def only_greedy(self) -> tuple[str, ...]:
        funded = set(self.outcome.funded)
        return tuple(p for p in self.greedy_funded if p not in funded)


def explain(outcome: Outcome, currency: str = "EUR") -> Explanation:
    """Explanations for every project of an outcome made by :func:`allocate`."""
    profile = outcome.profile
    unit = profile.unit
    greedy = allocate(
        profile,
        rule="greedy",
        utility=outcome.utility,
        tie_breaking=outcome.tie_breaking,
        caps=outcome.caps,
    )
    in_greedy = set(greedy.funded)
    funded_ids = set(outcome.funded)
    funded: list[Funded] = []
    not_funded: list[NotFunded] = []

    run = outcome.run
    if outcome.rule == "mes":
        assert run is not None and outcome.per_voter is not None
        if run.snapshots is None:
            run = run_mes(
                profile, outcome.per_voter, tie_key(profile, outcome.tie_breaking), trace=True
            )
        funded.extend(_funded_by_mes(profile, run, in_greedy))
        for pid in outcome.fill_funded:
            j = profile.index(pid)
            funded.append(
                Funded(
                    pid,
                    profile.names[j],
                    Fraction(profile.costs[j], unit),
                    "fill",
                    in_greedy=pid in in_greedy,
                )
            )
        ex = exact_view(profile, run)
        for j in range(profile.m):
            if profile.ids[j] not in funded_ids:
                not_funded.append(_how_close(profile, run, ex, j, profile.ids[j] in in_greedy))
    else:
        for pid in outcome.funded:
            j = profile.index(pid)
            funded.append(Funded(pid, profile.names[j], Fraction(profile.costs[j], unit), "greedy"))
        not_funded.extend(_greedy_misses(outcome))
    return Explanation(outcome, currency, tuple(funded), tuple(not_funded), greedy.funded)


def _funded_by_mes(profile: Profile, run: MESRun, in_greedy: set[str]) -> list[Funded]:
    unit = profile.unit
    out = [
        Funded(
            profile.ids[j],
            profile.names[j],
            Fraction(0),
            "free",
            in_greedy=profile.ids[j] in in_greedy,
        )
        for j in run.free
    ]
    for r in run.rounds:
        j = r.project
        assert r.rho is not None and r.poor_paid is not None
        utilities = {int(u) for u in profile.sup_u[j]}
        share = r.rho * utilities.pop() / unit if len(utilities) == 1 else None
        out.append(
            Funded(
                project_id=profile.ids[j],
                name=profile.names[j],
                cost=Fraction(profile.costs[j], unit),
                phase="mes",
                rho=r.rho,
                share=share,
                full_payers=r.rich_voters,
                partial_payers=r.poor_voters,
                partial_paid=r.poor_paid / unit,
                in_greedy=profile.ids[j] in in_greedy,
            )
        )
    return out


def _crossing(rho: float, budgets: np.ndarray, weights: np.ndarray) -> np.ndarray | None:
    """Cost utility: who runs out of money at the largest cost c with sum(w * min(b, rho * c)) >= c.

    A cheaper project is also worth less to its supporters, so lowering the
    cost does not lower the price per unit of utility; it only lets voters
    with little money left keep up. Returns the mask of voters who pay all
    they have at that cost, or None when no cost would do.
    """
    total_w = float(weights.sum())
    if rho * total_w < 1:
        return None
    order = np.argsort(budgets / rho, kind="stable")
    breaks = np.append(budgets[order] / rho, np.inf)
    w_sorted = weights[order].astype(float)
    # Segment k: the k voters with least money have run out.
    paid = np.concatenate(([0.0], np.cumsum(w_sorted * budgets[order])))
    rest = total_w - np.concatenate(([0.0], np.cumsum(w_sorted)))
    slope = 1 - rho * rest
    with np.errstate(divide="ignore", invalid="ignore"):
        ok = (slope > 0) & (paid / np.where(slope > 0, slope, 1.0) <= breaks)
    hits = np.flatnonzero(ok)
    if hits.size == 0:
        return None
    poor = np.zeros(len(budgets), dtype=bool)
    poor[order[: int(hits[0])]] = True
    return poor


@dataclass(frozen=True)
class _Point:
    round: int
    rho: Fraction | None
    money: Fraction
    max_cost: Fraction | None
    fresh: Fraction
    room: int
    blocked: str | None


def _point(
    profile: Profile,
    run: MESRun,
    j: int,
    t: int,
    spent: int,
    exact: ExactBudgets | None,
) -> _Point:
    """How close project ``j`` was in round ``t``; floats if ``exact`` is None, else exact."""
    assert run.snapshots is not None
    snap = run.snapshots[t]
    cost = profile.costs[j]
    idx = profile.sup_idx[j]
    weights = profile.weights[idx]
    utils = np.asarray(profile.sup_u[j], dtype=np.int64)
    b = snap.budgets[idx]

    def total(mask: np.ndarray) -> Fraction:
        if exact is not None:
            return exact.sum_at(idx[mask], t)
        return Fraction(float(np.dot(weights[mask], b[mask])))

    room = profile.budget - spent
    blocked: str | None = "budget" if room < cost else None
    for c in profile.project_caps[j]:
        cap_room = profile.caps[c].limit - snap.cap_spent[c]
        if cap_room < room:
            room = cap_room
            blocked = profile.caps[c].label if cap_room < cost else blocked
    rho = run.rounds[t].rho if t < len(run.rounds) else None
    everyone = np.ones(len(idx), dtype=bool)
    if rho is None:
        # After the last round the price is unlimited: supporters pay all they have.
        money_now = total(everyone)
        return _Point(t, None, money_now, money_now, run.per_voter, room, blocked)
    rho_f = float(rho)
    poor = b < rho_f * utils
    money_now = total(poor) + rho * int((weights[~poor] * utils[~poor]).sum())
    u_new = cost if profile.utility == "cost" else int(utils.max())
    fresh = min(run.per_voter, rho * u_new)
    max_cost: Fraction | None = money_now
    if profile.utility == "cost":
        at = _crossing(rho_f, b, weights)
        max_cost = None if at is None else total(at) / (1 - rho * int(weights[~at].sum()))
    return _Point(t, rho, money_now, max_cost, fresh, room, blocked)


def _not_funded(
    profile: Profile, run: MESRun, j: int, pt: _Point | None, greedy_has_it: bool
) -> NotFunded:
    unit = profile.unit
    cost = profile.costs[j]
    if pt is None:
        return NotFunded(
            profile.ids[j],
            profile.names[j],
            Fraction(cost, unit),
            profile.votes[j],
            None,
            None,
            None,
            None,
            None,
            None,
            in_greedy=greedy_has_it,
        )
    max_cost = pt.max_cost
    if max_cost is not None:
        max_cost = min(max_cost, Fraction(pt.room))
    reduction = None
    if max_cost is not None and max_cost > 0:
        reduction = max(Fraction(0), cost - max_cost)
    extra = None
    if pt.room >= cost and pt.fresh > 0:
        extra = max(0, math.ceil((cost - pt.money) / pt.fresh))
    return NotFunded(
        project_id=profile.ids[j],
        name=profile.names[j],
        cost=Fraction(cost, unit),
        votes=profile.votes[j],
        round=pt.round,
        lost_to=profile.ids[run.rounds[pt.round].project] if pt.round < len(run.rounds) else None,
        max_cost=max_cost / unit if max_cost is not None else None,
        cost_reduction=reduction / unit if reduction is not None else None,
        extra_supporters=extra,
        blocked_by=pt.blocked,
        tied=pt.rho is not None and pt.money >= cost and pt.room >= cost,
        in_greedy=greedy_has_it,
    )


def _how_close(
    profile: Profile, run: MESRun, ex: ExactBudgets, j: int, greedy_has_it: bool
) -> NotFunded:
    if profile.total_u[j] == 0 or profile.costs[j] == 0:
        return _not_funded(profile, run, j, None, greedy_has_it)
    assert run.snapshots is not None
    # Find the closest round in floats, then redo that one round exactly.
    best: tuple[tuple[float, float, int], int, int] | None = None
    spent = 0
    for t in range(len(run.snapshots)):
        item = _not_funded(profile, run, j, _point(profile, run, j, t, spent, None), greedy_has_it)
        key = (
            float(item.cost_reduction) if item.cost_reduction is not None else math.inf,
            float(item.extra_supporters) if item.extra_supporters is not None else math.inf,
            t,
        )
        if best is None or key < best[0]:
            best = (key, t, spent)
        if t < len(run.rounds):
            spent += profile.costs[run.rounds[t].project]
    assert best is not None
    _key, t, spent = best
    return _not_funded(profile, run, j, _point(profile, run, j, t, spent, ex), greedy_has_it)


def _greedy_misses(outcome: Outcome) -> list[NotFunded]:
    """For greedy: how much room there was when the project's turn came."""
    profile = outcome.profile
    unit = profile.unit
    tie = tie_key(profile, outcome.tie_breaking)
    spent = 0
    cap_spent = [0] * len(profile.caps)
    funded = set(outcome.funded)
    out = []
    for j in greedy_order(profile, tie):
        cost = profile.costs[j]
        if profile.ids[j] in funded:
            spent += cost
            for c in profile.project_caps[j]:
                cap_spent[c] += cost
            continue
        room = profile.budget - spent
        blocked = "budget"
        for c in profile.project_caps[j]:
            cap_room = profile.caps[c].limit - cap_spent[c]
            if cap_room < room:
                room, blocked = cap_room, profile.caps[c].label
        out.append(
            NotFunded(
                project_id=profile.ids[j],
                name=profile.names[j],
                cost=Fraction(cost, unit),
                votes=profile.votes[j],
                round=None,
                lost_to=None,
                max_cost=Fraction(room, unit),
                cost_reduction=Fraction(cost - room, unit),
                extra_supporters=None,
                blocked_by=blocked,
                in_greedy=True,
            )
        )
    return out


def _label(cap: str) -> str:
    kind, _sep, name = cap.partition(":")
    if kind == "category":
        return _("de categorie {name}").format(name=name)
    if kind == "district":
        return _("het gebied {name}").format(name=name)
    return _("het totale budget")


def sentences(explanation: Explanation) -> list[str]:
    """One or two plain Dutch (B1) sentences per project, funded projects first."""
    cur = explanation.currency
    profile = explanation.outcome.profile
    names = {pid: name for pid, name in zip(profile.ids, profile.names, strict=True) if name}
    lines: list[str] = []
    mes = explanation.outcome.rule == "mes"
    for f in explanation.funded:
        name = f.name or f.project_id
        if f.phase == "free":
            text = _("{name} is gekozen: het project kost niets.").format(name=name)
        elif f.phase == "fill":
            text = _("{name} is gekozen met het geld dat nog over was.").format(name=name)
        elif f.phase == "greedy":
            text = _("{name} is gekozen: het had veel stemmen en paste nog in het budget.").format(
                name=name
            )
        elif f.share is not None:
            text = ngettext(
                "{name} is gekozen: {n} stemmer betaalde {share}.",
                "{name} is gekozen: {n} stemmers betaalden elk {share}.",
                f.full_payers,
            ).format(name=name, n=count(f.full_payers), share=money(f.share, cur, cents=True))
        else:
            assert f.rho is not None
            text = _(
                "{name} is gekozen: de stemmers betaalden {price} per punt dat ze gaven."
            ).format(name=name, price=money(f.rho / explanation.outcome.unit, cur, cents=True))
        if f.phase == "mes" and f.partial_payers:
            if f.partial_paid > 0:
                text += " " + ngettext(
                    "{n} stemmer had minder geld over en betaalde {amount}.",
                    "{n} stemmers hadden minder geld over en betaalden samen {amount}.",
                    f.partial_payers,
                ).format(n=count(f.partial_payers), amount=money(f.partial_paid, cur))
            else:
                text += " " + ngettext(
                    "{n} stemmer had geen geld meer over.",
                    "{n} stemmers hadden geen geld meer over.",
                    f.partial_payers,
                ).format(n=count(f.partial_payers))
        if mes and not f.in_greedy:
            text += " " + _("Met de methode 'meeste stemmen' was het niet gekozen.")
        lines.append(text)
    for n in explanation.not_funded:
        name = n.name or n.project_id
        if n.votes == 0:
            text = _("{name} is niet gekozen: niemand stemde ervoor.").format(name=name)
        elif n.tied and n.lost_to is not None:
            other = names.get(n.lost_to) or n.lost_to
            text = _(
                "{name} is niet gekozen: het stond gelijk met {other}, en {other} ging voor."
            ).format(name=name, other=other)
        elif n.blocked_by == "budget" and n.cost_reduction is not None:
            text = _(
                "{name} is niet gekozen: er was niet genoeg geld meer over. "
                "Het had {amount} goedkoper moeten zijn."
            ).format(name=name, amount=money(n.cost_reduction, cur, up=True))
        elif n.blocked_by is not None and n.cost_reduction is not None:
            text = _(
                "{name} is niet gekozen: het geld voor {what} was op. "
                "Het had {amount} goedkoper moeten zijn."
            ).format(
                name=name, what=_label(n.blocked_by), amount=money(n.cost_reduction, cur, up=True)
            )
        elif n.cost_reduction is not None and n.extra_supporters is not None:
            text = ngettext(
                "{name} is niet gekozen: het had {amount} goedkoper moeten zijn, "
                "of {k} stemmer meer nodig gehad.",
                "{name} is niet gekozen: het had {amount} goedkoper moeten zijn, "
                "of {k} stemmers meer nodig gehad.",
                n.extra_supporters,
            ).format(
                name=name, amount=money(n.cost_reduction, cur, up=True), k=count(n.extra_supporters)
            )
        elif n.cost_reduction is not None:
            text = _("{name} is niet gekozen: het had {amount} goedkoper moeten zijn.").format(
                name=name, amount=money(n.cost_reduction, cur, up=True)
            )
        elif n.extra_supporters is not None:
            text = ngettext(
                "{name} is niet gekozen: het had {k} stemmer meer nodig gehad.",
                "{name} is niet gekozen: het had {k} stemmers meer nodig gehad.",
                n.extra_supporters,
            ).format(name=name, k=count(n.extra_supporters))
        else:
            text = _("{name} is niet gekozen: er was niet genoeg geld voor.").format(name=name)
        if mes and n.in_greedy:
            text += " " + _("Met de methode 'meeste stemmen' was het wel gekozen.")
        lines.append(text)
    return lines


def summary(explanation: Explanation) -> str:
    o = explanation.outcome
    return ngettext(
        "Er is {spent} van de {budget} uitgegeven aan {n} project.",
        "Er is {spent} van de {budget} uitgegeven aan {n} projecten.",
        len(o.funded),
    ).format(
        spent=money(Fraction(o.spent, o.unit), explanation.currency),
        budget=money(Fraction(o.budget, o.unit), explanation.currency),
        n=count(len(o.funded)),
    )
