"""The numeric view of an election that the rules work on.

Identical ballots are grouped once, with their multiplicity, so every rule
works over *distinct* ballots (Łódź 2022: 90,494 voters, 23,571 distinct
ballots). Utilities are small integers, so every sum the rules need exactly
can be taken in NumPy ``int64`` (or Python ints when an instance is so large
that ``int64`` could overflow).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from math import lcm
from typing import Literal, get_args

import numpy as np
import numpy.typing as npt

from leefwereld.algorithms.pb.model import Instance

Utility = Literal["cost", "approval", "cardinal"]
UTILITIES: tuple[str, ...] = get_args(Utility)

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class CapGroup:
    """A cap as the rules see it: which projects share it and how much they may spend."""

    kind: str
    name: str
    limit: int
    members: tuple[int, ...]

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.name}"


@dataclass(frozen=True, eq=False)
class Profile:
    """Projects, distinct ballots and utilities, ready for the rules.

    Compared by identity (it holds arrays), which also lets per-profile work
    be cached. Project ``j`` has supporters ``sup_idx[j]`` (indices of distinct ballots),
    with utility ``sup_u[j]`` per voter and ``sup_wu[j] = weight * utility``.
    ``grp_ptr``/``grp_proj``/``grp_u`` hold the same incidences by ballot
    (CSR layout), which is how one voter's exact budget is recomputed.
    """

    ids: tuple[str, ...]
    names: tuple[str, ...]
    costs: tuple[int, ...]
    budget: int
    unit: int
    n_voters: int
    utility: str
    weights: IntArray
    sup_idx: tuple[IntArray, ...]
    sup_u: tuple[IntArray, ...]
    sup_wu: tuple[IntArray, ...]
    total_u: tuple[int, ...]
    votes: tuple[int, ...]
    grp_ptr: IntArray
    grp_proj: IntArray
    grp_u: IntArray
    caps: tuple[CapGroup, ...]
    project_caps: tuple[tuple[int, ...], ...]

    @property
    def m(self) -> int:
        return len(self.ids)

    @property
    def k(self) -> int:
        return len(self.weights)

    def index(self, project_id: str) -> int:
        return self.ids.index(project_id)

    def without_caps(self) -> Profile:
        return _replace_caps(self, ())


def _replace_caps(profile: Profile, caps: tuple[CapGroup, ...]) -> Profile:
    project_caps: list[list[int]] = [[] for _ in profile.ids]
    for c, cap in enumerate(caps):
        for j in cap.members:
            project_caps[j].append(c)
    return Profile(
        **{
            **profile.__dict__,
            "caps": caps,
            "project_caps": tuple(tuple(x) for x in project_caps),
        }
    )


def with_caps(profile: Profile, caps: list[tuple[str, str, int, list[str]]]) -> Profile:
    """A copy of ``profile`` with the given caps ``(kind, name, limit, project ids)``."""
    groups = tuple(
        CapGroup(kind, name, limit, tuple(profile.index(p) for p in members))
        for kind, name, limit, members in caps
    )
    return _replace_caps(profile, groups)


def compile_profile(instance: Instance, utility: str = "cost", caps: bool = True) -> Profile:
    """Group identical ballots and compute every voter's utility for every project.

    ``cost``: a voter gets the project's cost from a project they support
    (the equalshares.net default). ``approval``: 1 per supported project.
    ``cardinal``: the points given (scoring/cumulative ballots; approval and
    ordinal ballots count as 1 point). A voter supports a project when the
    ballot lists it (with more than 0 points on a cardinal ballot).
    """
    if utility not in UTILITIES:
        raise ValueError(f"utility must be one of {', '.join(UTILITIES)}, not {utility!r}")
    ids = tuple(p.id for p in instance.projects)
    position = {pid: j for j, pid in enumerate(ids)}
    costs = tuple(p.cost for p in instance.projects)

    # Cardinal points may be fractions; one common multiplier makes them integers
    # without changing any decision (equal shares is scale invariant in utility).
    scale = 1
    if utility == "cardinal" and instance.is_cardinal:
        scale = lcm(1, *(x.denominator for v in instance.votes for x in v.points or ()))

    # Group by what the ballot says (project, points); utilities are derived per group.
    # Counting the raw ballots first is done in C, so the Python work is per
    # distinct ballot, not per voter.
    raw = Counter((vote.projects, vote.points) for vote in instance.votes)
    counts: dict[tuple[tuple[int, int], ...], int] = {}
    for (projects, points), times in raw.items():
        if points is not None:
            if utility == "cardinal" and any(x < 0 for x in points):
                raise ValueError("a voter gives negative points")
            key = tuple(
                sorted(
                    (position[p], int(x * scale))
                    for p, x in zip(projects, points, strict=True)
                    if x > 0
                )
            )
        else:
            key = tuple(sorted((position[p], 1) for p in projects))
        counts[key] = counts.get(key, 0) + times

    listed = list(counts)
    weights_list = [counts[b] for b in listed]
    listed_proj = np.fromiter((j for b in listed for j, _ in b), dtype=np.int64)
    listed_len = np.fromiter((len(b) for b in listed), dtype=np.int64, count=len(listed))
    votes_arr = np.zeros(len(ids), dtype=np.int64)
    np.add.at(
        votes_arr, listed_proj, np.repeat(np.asarray(weights_list, dtype=np.int64), listed_len)
    )
    if utility == "cost":
        # A free project is worth nothing under cost utility (as in pabutools).
        ballots = [tuple((j, costs[j]) for j, _ in b if costs[j] > 0) for b in listed]
    elif utility == "approval":
        ballots = [tuple((j, 1) for j, _ in b) for b in listed]
    else:
        ballots = listed
    n_voters = len(instance.votes)
    max_u = max((u for b in ballots for _, u in b), default=0)
    # Every exact sum is at most n_voters * max utility; beyond int64 use Python ints.
    dtype: type = np.int64 if n_voters * max(max_u, 1) < 2**62 else object

    lengths = np.fromiter((len(b) for b in ballots), dtype=np.int64, count=len(ballots))
    grp_ptr = np.zeros(len(ballots) + 1, dtype=np.int64)
    np.cumsum(lengths, out=grp_ptr[1:])
    grp_proj = np.fromiter(
        (j for b in ballots for j, _ in b), dtype=np.int64, count=int(grp_ptr[-1])
    )
    grp_u: IntArray = np.array([u for b in ballots for _, u in b], dtype=dtype)
    if grp_u.size == 0:
        grp_u = np.zeros(0, dtype=dtype)
    weights = np.asarray(weights_list, dtype=np.int64)
    grp_of = np.repeat(np.arange(len(ballots), dtype=np.int64), lengths)

    order = np.argsort(grp_proj, kind="stable")
    bounds = np.searchsorted(grp_proj[order], np.arange(len(ids) + 1))
    sup_idx: list[IntArray] = []
    sup_u: list[IntArray] = []
    sup_wu: list[IntArray] = []
    for j in range(len(ids)):
        sel = order[bounds[j] : bounds[j + 1]]
        g = grp_of[sel]
        u = grp_u[sel]
        sup_idx.append(g)
        sup_u.append(u)
        sup_wu.append(u * weights[g].astype(dtype))
    total_u = tuple(int(x.sum()) for x in sup_wu)
    votes = tuple(int(v) for v in votes_arr)

    profile = Profile(
        ids=ids,
        names=tuple(p.name for p in instance.projects),
        costs=costs,
        budget=instance.budget,
        unit=instance.unit,
        n_voters=n_voters,
        utility=utility,
        weights=weights,
        sup_idx=tuple(sup_idx),
        sup_u=tuple(sup_u),
        sup_wu=tuple(sup_wu),
        total_u=total_u,
        votes=votes,
        grp_ptr=grp_ptr,
        grp_proj=grp_proj,
        grp_u=grp_u,
        caps=(),
        project_caps=tuple(() for _ in ids),
    )
    if not caps:
        return profile
    cap_list: list[tuple[str, str, int, list[str]]] = []
    for cap in instance.caps():
        if cap.kind == "category":
            members = [p.id for p in instance.projects if cap.name in p.categories]
        else:
            members = [p.id for p in instance.projects if p.district == cap.name]
        cap_list.append((cap.kind, cap.name, cap.limit, members))
    return with_caps(profile, cap_list)


def per_voter_start(profile: Profile) -> Fraction:
    """The equal share every voter starts with: budget / number of voters."""
    return Fraction(profile.budget, max(profile.n_voters, 1))
