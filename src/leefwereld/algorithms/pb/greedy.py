"""Utilitarian greedy: fund projects in order of utility per unit of money.

With cost utility a project's total utility is (supporters x cost), so the
order is simply *most votes first* — the rule most municipalities use. With
approval utility the order is supporters per unit of cost. Projects that no
longer fit (in the total budget or in a cap) are skipped, and the next one is
tried. Projects nobody supports come last but are still funded if they fit,
as in pabutools and equalshares.net.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

from leefwereld.algorithms.pb.profile import Profile
from leefwereld.algorithms.pb.tiebreak import TieKey


def density(profile: Profile, j: int) -> tuple[int, Fraction]:
    """Sort key part: (0, -density) for free supported projects first, then by density."""
    u = profile.total_u[j]
    c = profile.costs[j]
    if u > 0 and c == 0:
        return (0, Fraction(0))
    if u == 0:
        return (1, Fraction(0))
    return (1, -Fraction(u, c))


def greedy_order(profile: Profile, tie: TieKey, skip: Iterable[int] = ()) -> list[int]:
    skipped = set(skip)
    return sorted(
        (j for j in range(profile.m) if j not in skipped),
        key=lambda j: (density(profile, j), tie(j)),
    )


def fits(profile: Profile, j: int, spent: int, cap_spent: Sequence[int]) -> bool:
    c = profile.costs[j]
    if spent + c > profile.budget:
        return False
    return all(cap_spent[k] + c <= profile.caps[k].limit for k in profile.project_caps[j])


def greedy_fill(
    profile: Profile,
    tie: TieKey,
    already: Sequence[int] = (),
    cap_spent: Sequence[int] | None = None,
) -> list[int]:
    """The projects greedy adds on top of ``already`` (in the order it adds them)."""
    spent = sum(profile.costs[j] for j in already)
    caps = list(cap_spent) if cap_spent is not None else _cap_spent(profile, already)
    added: list[int] = []
    for j in greedy_order(profile, tie, skip=already):
        if fits(profile, j, spent, caps):
            added.append(j)
            spent += profile.costs[j]
            for k in profile.project_caps[j]:
                caps[k] += profile.costs[j]
    return added


def _cap_spent(profile: Profile, funded: Sequence[int]) -> list[int]:
    caps = [0] * len(profile.caps)
    for j in funded:
        for k in profile.project_caps[j]:
            caps[k] += profile.costs[j]
    return caps
