"""Rules and completion methods, as one entry point: :func:`allocate`.

Plain equal shares usually leaves money unspent, so it is run with a
*completion*:

``none``
    equal shares at ``budget / voters`` per voter, nothing else.
``add1``
    raise every voter's starting budget by 1 currency unit at a time and rerun,
    for as long as the outcome still fits in the real budget; keep the last
    outcome that fits. It does **not** stop at the first exhaustive outcome
    (this is the variant behind the official Wieliczka outcome). It stops
    when a raise cannot change the outcome any more: when every project with
    support is funded, or when every voter can pay their equal share of every
    project they support (from then on the outcome is the same for every
    budget). Matches pabutools' ``exhaustion_by_budget_increase`` with
    ``budget_step = voters`` and ``exhaustive_stop=False``.
``add1e``
    as ``add1``, but stop at the first outcome to which no further project
    with support fits (pabutools' ``method_of_equal_shares(...,
    voter_budget_increment=1)``).
``add1u``
    ``add1``, then fill what is left with utilitarian greedy.
``utilitarian``
    equal shares, then fill what is left with utilitarian greedy
    (pabutools' ``completion_by_rule_combination``).

The raise starts from the exact ``budget / voters`` (not rounded down to a
whole unit), as pabutools does. With caps, a cap that equal shares does not
already fill at the normal budget is guarded like the total budget: a raise
after which the rule would want to spend more in it than allowed is refused
(see ``docs/pb-rule.md``).
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, get_args

import numpy as np

from leefwereld.algorithms.pb.greedy import fits, greedy_fill
from leefwereld.algorithms.pb.mes import MESRun, run_mes
from leefwereld.algorithms.pb.model import Instance
from leefwereld.algorithms.pb.profile import Profile, compile_profile, per_voter_start
from leefwereld.algorithms.pb.tiebreak import DEFAULT, TieKey, parse_order, tie_key

Rule = Literal["mes", "greedy"]
Completion = Literal["none", "add1", "add1e", "add1u", "utilitarian"]
RULES: tuple[str, ...] = get_args(Rule)
COMPLETIONS: tuple[str, ...] = get_args(Completion)


@dataclass(frozen=True)
class Outcome:
    """Which projects are funded, and how the rule got there.

    ``funded`` lists project ids in the order they were funded: first free
    projects, then the equal-shares rounds, then the greedy fill-up.
    ``spent`` and ``budget`` are in the file's money unit (see ``unit``).
    """

    funded: tuple[str, ...]
    spent: int
    budget: int
    unit: int
    rule: str
    completion: str
    utility: str
    tie_breaking: tuple[str, ...]
    caps: bool
    mes_funded: tuple[str, ...]
    fill_funded: tuple[str, ...]
    per_voter: Fraction | None
    raises: int
    run: MESRun | None
    profile: Profile

    @property
    def spent_units(self) -> Fraction:
        """What was spent, in currency units."""
        return Fraction(self.spent, self.unit)


def allocate(
    data: Instance | Profile,
    rule: str = "mes",
    completion: str = "add1",
    utility: str = "cost",
    tie_breaking: str | Sequence[str] = DEFAULT,
    caps: bool = True,
    trace: bool = False,
) -> Outcome:
    """Run a rule on an election. ``caps=False`` ignores category/district caps.

    ``trace=True`` keeps the per-round state of the final equal-shares run,
    which :mod:`leefwereld.algorithms.pb.explain` needs.
    """
    if rule not in RULES:
        raise ValueError(f"rule must be one of {', '.join(RULES)}, not {rule!r}")
    if completion not in COMPLETIONS:
        raise ValueError(f"completion must be one of {', '.join(COMPLETIONS)}, not {completion!r}")
    order = parse_order(tie_breaking)
    if isinstance(data, Instance):
        profile = compile_profile(data, utility, caps=caps)
    else:
        if data.utility != utility:
            raise ValueError(f"the profile was compiled for {data.utility!r} utility")
        profile = data if caps or not data.caps else data.without_caps()
    tie = tie_key(profile, order)

    if rule == "greedy":
        chosen = greedy_fill(profile, tie)
        return Outcome(
            funded=tuple(profile.ids[j] for j in chosen),
            spent=sum(profile.costs[j] for j in chosen),
            budget=profile.budget,
            unit=profile.unit,
            rule=rule,
            completion="none",
            utility=utility,
            tie_breaking=order,
            caps=bool(profile.caps),
            mes_funded=(),
            fill_funded=tuple(profile.ids[j] for j in chosen),
            per_voter=None,
            raises=0,
            run=None,
            profile=profile,
        )

    start = per_voter_start(profile)
    if completion in ("add1", "add1e", "add1u"):
        run, raises = _raise_until_full(profile, start, tie, completion == "add1e", trace)
    else:
        run, raises = run_mes(profile, start, tie, trace=trace), 0
    mes_part = list(run.funded)
    fill: list[int] = []
    if completion in ("add1u", "utilitarian"):
        fill = greedy_fill(profile, tie, mes_part, run.cap_spent)
    chosen = mes_part + fill
    return Outcome(
        funded=tuple(profile.ids[j] for j in chosen),
        spent=sum(profile.costs[j] for j in chosen),
        budget=profile.budget,
        unit=profile.unit,
        rule=rule,
        completion=completion,
        utility=utility,
        tie_breaking=order,
        caps=bool(profile.caps),
        mes_funded=tuple(profile.ids[j] for j in mes_part),
        fill_funded=tuple(profile.ids[j] for j in fill),
        per_voter=run.per_voter,
        raises=raises,
        run=run,
        profile=profile,
    )


def _raise_until_full(
    profile: Profile, start: Fraction, tie: TieKey, stop_when_exhaustive: bool, trace: bool
) -> tuple[MESRun, int]:
    # The probing runs skip materialising exact prices (their decisions are
    # exact regardless); the run that is kept is redone with them.
    run = run_mes(profile, start, tie, exact=False)
    # Caps that equal shares already fills at the normal budget are full; any
    # other cap is guarded like the total budget: a raise that would make the
    # rule want more than the cap allows is refused, just as one that would
    # overspend the total. Without this, caps that add up to the budget would
    # let the raise run on until "most votes first".
    full_from_start = run.cap_events
    raises = 0
    settled = settled_budget(profile)
    while True:
        if stop_when_exhaustive and is_exhaustive(profile, run):
            break
        if all_supported_funded(profile, run) or float(run.per_voter) >= settled:
            break
        candidate = run_mes(profile, start + (raises + 1) * profile.unit, tie, exact=False)
        if candidate.spent > profile.budget or candidate.cap_events - full_from_start:
            break
        run = candidate
        raises += 1
    return run_mes(profile, run.per_voter, tie, trace=trace), raises


_SETTLED: weakref.WeakKeyDictionary[Profile, float] = weakref.WeakKeyDictionary()


def settled_budget(profile: Profile) -> float:
    """A per-voter budget from which equal shares gives the same outcome for every larger one.

    Once every voter can pay their equal share ``cost * u / total_u`` of every
    project they support, nobody ever runs short, every price stays at its
    starting value and the order of funding no longer depends on the budget.
    Computed in floats and rounded up generously: stopping a little later than
    necessary cannot change the outcome.
    """
    cached = _SETTLED.get(profile)
    if cached is not None:
        return cached
    need = np.zeros(profile.k)
    for j in range(profile.m):
        if profile.costs[j] > 0 and profile.total_u[j] > 0:
            share = profile.costs[j] / profile.total_u[j]
            np.add.at(need, profile.sup_idx[j], share * np.asarray(profile.sup_u[j], dtype=float))
    top = float(need.max()) if need.size else 0.0
    _SETTLED[profile] = top * (1 + 1e-6) + 1e-6
    return _SETTLED[profile]


def is_exhaustive(profile: Profile, run: MESRun) -> bool:
    """No project with support that the rule could fund still fits (budget and caps)."""
    funded = set(run.funded)
    for j in range(profile.m):
        if j in funded or profile.total_u[j] == 0 or profile.costs[j] == 0:
            continue
        if fits(profile, j, run.spent, run.cap_spent):
            return False
    return True


def all_supported_funded(profile: Profile, run: MESRun) -> bool:
    funded = set(run.funded)
    return all(j in funded for j in range(profile.m) if profile.total_u[j] > 0)
