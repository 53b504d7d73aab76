"""Plain data for a selection problem, and its compact "type space" form.

A *problem* is a quota table, a pool of people and a panel size. Everything the
solvers need is derived from it:

* people with the same value for every feature and no housemates are
  interchangeable, so they form one *slot* (a type) and the solvers only decide
  *how many* people of each slot sit on a panel;
* households are interchangeable too when they consist of the same mix of
  profiles ("a woman 25-39 and a man 40-54 in district Noord"): such households form
  one *kind*, and each profile inside a kind is a slot; a kind constraint says that
  the slots of one kind together use at most one person per household.

Without households a pool of 10,000 collapses to at most the number of distinct
profiles (a few hundred), which is what makes the column generation fast.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


# Bounds on every count: panel seats, quota bounds and pool rows. A national citizens'
# assembly has 150 seats and a pool of a few thousand; these are far above that and far
# below what int64 arrays hold.
MAX_COUNT = 1_000_000
MAX_POOL = 1_000_000


class SortitionError(Exception):
    """Base class of every error the kernel raises on purpose."""


class InputError(SortitionError):
    """Bad input, pointing at the file, line and field concerned."""

    def __init__(self, source: str, line: int | None, field_name: str | None, message: str) -> None:
        self.source = source
        self.line = line
        self.field = field_name
        self.message = message
        where = source
        if line is not None:
            where += f", line {line}"
        if field_name is not None:
            where += f", field '{field_name}'"
        super().__init__(f"{where}: {message}")


class Cancelled(SortitionError):
    """The caller asked to stop (its should_cancel() returned True)."""


@dataclass(frozen=True)
class Quota:
    """Bounds on how many panel members may have `value` for `feature`.

    `min_flex`/`max_flex` are the outer limits a relaxation may move the bounds to
    (Sortition Foundation format); None means "not given".
    """

    feature: str
    value: str
    min: int
    max: int
    min_flex: int | None = None
    max_flex: int | None = None
    line: int = 0


@dataclass(frozen=True)
class Person:
    id: str
    line: int
    codes: tuple[int, ...]  # value index per feature, in Problem.features order
    household: str | None = None


@dataclass(frozen=True)
class Problem:
    """A validated selection problem. Build it with `Problem.build`."""

    features: tuple[str, ...]
    values: tuple[tuple[str, ...], ...]
    quotas: tuple[Quota, ...]  # quota q belongs to (quota_feature[q], quota_value[q])
    quota_feature: tuple[int, ...]
    quota_value: tuple[int, ...]
    people: tuple[Person, ...]
    size: int
    codes: IntArray = field(repr=False, compare=False)  # people x features

    @staticmethod
    def build(quotas: list[Quota], people: list[Person], size: int) -> Problem:
        features: list[str] = []
        values: dict[str, list[str]] = {}
        for quota in quotas:
            if quota.feature not in values:
                features.append(quota.feature)
                values[quota.feature] = []
            values[quota.feature].append(quota.value)
        quota_feature = tuple(features.index(q.feature) for q in quotas)
        quota_value = tuple(values[q.feature].index(q.value) for q in quotas)
        if size < 1:
            raise SortitionError(f"The panel size must be at least 1 (got {size}).")
        if size > MAX_COUNT:
            raise SortitionError(f"The panel size must be at most {MAX_COUNT} (got {size}).")
        for quota in quotas:
            # min > max is allowed here: relaxations and replacements build such problems
            # to find out what is infeasible. Files are checked in io.parse_quotas.
            if not (0 <= quota.min <= MAX_COUNT and 0 <= quota.max <= MAX_COUNT):
                raise SortitionError(
                    f"The bounds of '{quota.feature}: {quota.value}' must lie between 0 and "
                    f"{MAX_COUNT} (got {quota.min} and {quota.max})."
                )
        codes = (
            np.array([p.codes for p in people], dtype=np.int64)
            if people
            else np.zeros((0, len(features)), dtype=np.int64)
        )
        return Problem(
            features=tuple(features),
            values=tuple(tuple(values[f]) for f in features),
            quotas=tuple(quotas),
            quota_feature=quota_feature,
            quota_value=quota_value,
            people=tuple(people),
            size=size,
            codes=codes,
        )

    @property
    def ids(self) -> list[str]:
        return [p.id for p in self.people]

    def quota_index(self) -> dict[tuple[int, int], int]:
        return {
            (f, v): q
            for q, (f, v) in enumerate(zip(self.quota_feature, self.quota_value, strict=True))
        }

    def quota_label(self, q: int) -> str:
        quota = self.quotas[q]
        return f"{quota.feature} = {quota.value}"

    def with_bounds(self, lo: list[int], hi: list[int]) -> Problem:
        """The same problem with other quota bounds (used for relaxations and replacements)."""
        quotas = [
            Quota(q.feature, q.value, lo[i], hi[i], q.min_flex, q.max_flex, q.line)
            for i, q in enumerate(self.quotas)
        ]
        return Problem.build(quotas, list(self.people), self.size)


@dataclass(frozen=True)
class Kind:
    """Interchangeable households (or single people) with the same mix of profiles."""

    slots: tuple[int, ...]
    # households[k][j] = person indices of household k that belong to slots[j]
    households: tuple[tuple[tuple[int, ...], ...], ...]

    @property
    def count(self) -> int:
        return len(self.households)


@dataclass(frozen=True)
class TypeSpace:
    """The problem in terms of slots; a panel is a vector of counts per slot."""

    problem: Problem
    profiles: IntArray  # slots x features
    slot_kind: IntArray
    slot_size: IntArray  # people in the slot
    slot_ub: IntArray  # most members of this slot one panel can hold
    slot_members: tuple[IntArray, ...]
    kinds: tuple[Kind, ...]
    person_slot: IntArray
    incidence: FloatArray  # quotas x slots, 1 where the slot has the quota's value

    @property
    def n_slots(self) -> int:
        return len(self.slot_size)

    @staticmethod
    def build(problem: Problem, aggregate: bool = True) -> TypeSpace:
        n_people = len(problem.people)
        by_household: dict[str, list[int]] = defaultdict(list)
        loners: list[int] = []
        for i, person in enumerate(problem.people):
            if person.household is None:
                loners.append(i)
            else:
                by_household[person.household].append(i)
        groups: list[list[int]] = [[i] for i in loners]
        groups.extend(members for members in by_household.values())
        groups.sort(key=lambda members: members[0])  # deterministic, in pool order

        # Group households into kinds. A kind key is the sorted multiset of member
        # profiles; without aggregation every household is a kind of its own and every
        # member a slot of its own.
        kind_keys: dict[object, int] = {}
        kind_households: list[list[list[list[int]]]] = []
        kind_profiles: list[list[tuple[int, ...]]] = []
        for members in groups:
            profiles = sorted({tuple(int(c) for c in problem.codes[i]) for i in members})
            if aggregate:
                key: object = tuple(
                    (prof, sum(1 for i in members if tuple(problem.codes[i]) == prof))
                    for prof in profiles
                )
                per_slot = [
                    [i for i in members if tuple(problem.codes[i]) == prof] for prof in profiles
                ]
                slot_profiles = profiles
            else:
                key = ("household", members[0])
                per_slot = [[i] for i in members]
                slot_profiles = [tuple(int(c) for c in problem.codes[i]) for i in members]
            if key not in kind_keys:
                kind_keys[key] = len(kind_households)
                kind_households.append([])
                kind_profiles.append(slot_profiles)
            kind_households[kind_keys[key]].append(per_slot)

        profiles_out: list[tuple[int, ...]] = []
        slot_kind: list[int] = []
        slot_members: list[list[int]] = []
        kinds: list[Kind] = []
        for h, (households, profs) in enumerate(zip(kind_households, kind_profiles, strict=True)):
            first = len(profiles_out)
            for j, prof in enumerate(profs):
                profiles_out.append(prof)
                slot_kind.append(h)
                slot_members.append(sorted(i for hh in households for i in hh[j]))
            kinds.append(
                Kind(
                    slots=tuple(range(first, first + len(profs))),
                    households=tuple(tuple(tuple(part) for part in hh) for hh in households),
                )
            )

        n_slots = len(profiles_out)
        n_features = len(problem.features)
        profiles_arr = (
            np.array(profiles_out, dtype=np.int64)
            if n_slots
            else np.zeros((0, n_features), dtype=np.int64)
        )
        person_slot = np.full(n_people, -1, dtype=np.int64)
        for s, members_list in enumerate(slot_members):
            person_slot[members_list] = s
        incidence = np.zeros((len(problem.quotas), n_slots), dtype=np.float64)
        for q, (f, v) in enumerate(zip(problem.quota_feature, problem.quota_value, strict=True)):
            if n_slots:
                incidence[q] = profiles_arr[:, f] == v
        slot_ub = np.array([kinds[h].count for h in slot_kind], dtype=np.int64)
        if n_slots:
            # No slot can exceed the tightest quota maximum it falls under, nor the panel.
            hi = np.array([q.max for q in problem.quotas], dtype=np.int64)
            for s in range(n_slots):
                caps = hi[incidence[:, s] > 0]
                bound = min(int(caps.min()) if caps.size else problem.size, problem.size)
                slot_ub[s] = min(int(slot_ub[s]), bound)
        return TypeSpace(
            problem=problem,
            profiles=profiles_arr,
            slot_kind=np.array(slot_kind, dtype=np.int64),
            slot_size=np.array([len(m) for m in slot_members], dtype=np.int64),
            slot_ub=slot_ub,
            slot_members=tuple(np.array(m, dtype=np.int64) for m in slot_members),
            kinds=tuple(kinds),
            person_slot=person_slot,
            incidence=incidence,
        )

    def counts_satisfy_quotas(self, counts: IntArray) -> bool:
        """Exact integer check of a composition against size, quotas and households."""
        p = self.problem
        if int(counts.sum()) != p.size or (counts < 0).any() or (counts > self.slot_ub).any():
            return False
        per_quota = self.incidence.astype(np.int64) @ counts
        for q, quota in enumerate(p.quotas):
            if not quota.min <= int(per_quota[q]) <= quota.max:
                return False
        return all(int(counts[list(kind.slots)].sum()) <= kind.count for kind in self.kinds)


def panel_violations(problem: Problem, members: list[int]) -> list[str]:
    """Check one concrete panel (person indices); return the broken rules, if any.

    Independent of the type space on purpose: tests use it to check the solver's output.
    """
    problems: list[str] = []
    if len(members) != problem.size:
        problems.append(f"panel has {len(members)} members, not {problem.size}")
    if len(set(members)) != len(members):
        problems.append("a person appears twice")
    seen: dict[str, int] = {}
    for i in members:
        household = problem.people[i].household
        if household is not None:
            if household in seen:
                first = problem.people[seen[household]].id
                problems.append(f"{first} and {problem.people[i].id} share a household")
            seen[household] = i
    for q, quota in enumerate(problem.quotas):
        f, v = problem.quota_feature[q], problem.quota_value[q]
        count = sum(1 for i in members if problem.people[i].codes[f] == v)
        if not quota.min <= count <= quota.max:
            problems.append(f"{problem.quota_label(q)}: {count} not in [{quota.min}, {quota.max}]")
    return problems
