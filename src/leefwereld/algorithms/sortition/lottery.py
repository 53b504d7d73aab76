"""The transparent lottery: m concrete panels, a published hash, a public draw.

Following Flanigan, Kehne and Procaccia ("Fair sortition made transparent",
NeurIPS 2021), the optimal distribution is turned into a *uniform* lottery over
m panels (default 1,000) so that the final draw is as simple as picking a number
from 1 to m in public.

1. Rounding. Panel weights lambda_c become whole numbers of tickets u_c with
   sum u_c = m: every u_c is floor(m lambda_c) or one more, and a deterministic
   search picks which ones get the extra ticket so that, per slot, the
   expected number of seats moves as little as possible (greedy choice, then improving
   swaps, minimising the largest per-person shift; deterministic, so the same
   distribution always gives the same lottery).
2. People. Each ticket is a composition (seats per slot); seats are given to
   people round-robin inside each slot, least-served first, never two people of
   one household on one panel. So within a slot, people's ticket counts differ by
   at most one (a little more is possible within multi-person household kinds).
3. Publication. Every panel is a sorted list of person ids; the list of m panels is
   sorted and serialised as compact JSON; its SHA-256 is published before the draw.
   Each person's lottery probability (tickets / m) and its largest deviation from
   the optimal probability are part of the file: that deviation is the published bound.
4. Draw. Officials pick numbers in public (dice, a state lottery's result, numbers
   called out by two people). Hashing the lottery's digest together with those
   numbers gives the ticket: SHA-256 over
   "leefwereld-sortition-draw/1\\n<digest>\\n<numbers joined by commas>\\n<counter>",
   read as a big-endian integer; values at or above the largest multiple of m below
   2^256 are rejected (counter + 1) so that every ticket is exactly equally likely.
   Anyone can repeat it with `leefwereld sortition verify`.

Replacements for people who drop out are drawn the same way: the quotas minus what
the rest of the panel already fills, from the people not on the panel and not
living with a remaining member, via the same leximin, lottery and draw.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from leefwereld.algorithms.sortition.leximin import Distribution
from leefwereld.algorithms.sortition.model import (
    FloatArray,
    IntArray,
    Person,
    Problem,
    Quota,
    SortitionError,
)

FORMAT = "leefwereld-sortition-lottery/1"
DRAW_FORMAT = "leefwereld-sortition-draw/1"


class VerificationError(SortitionError):
    """A lottery file does not match its published hash, or is malformed."""


@dataclass(frozen=True)
class Lottery:
    panels: list[list[str]]  # canonical order
    digest: str
    size: int
    target: dict[str, float]  # the optimal probability per person
    share: dict[str, float]  # tickets / m per person
    max_deviation: float
    meta: dict[str, object] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.panels)

    def as_dict(self) -> dict[str, object]:
        return {
            "format": FORMAT,
            "sha256": self.digest,
            "size": self.size,
            "count": self.count,
            "max_deviation": self.max_deviation,
            "meta": self.meta,
            "probabilities": {
                pid: {"optimal": self.target[pid], "lottery": self.share[pid]}
                for pid in self.target
            },
            "panels": self.panels,
        }


def canonical_bytes(panels: list[list[str]]) -> bytes:
    return json.dumps(
        {"format": FORMAT, "panels": panels}, ensure_ascii=False, separators=(",", ":")
    ).encode()


def lottery_digest(panels: list[list[str]]) -> str:
    return hashlib.sha256(canonical_bytes(panels)).hexdigest()


def canonical_panels(panels: list[list[str]]) -> list[list[str]]:
    return sorted(sorted(panel) for panel in panels)


def _round_tickets(dist: Distribution, m: int, max_swaps: int = 500) -> IntArray:
    """Whole ticket numbers per composition; see step 1 of the module docstring.

    Deterministic on purpose (the same distribution always gives the same lottery):
    every composition gets floor(m * weight) tickets; the remaining tickets go, one
    at a time, to the composition that keeps the largest per-person shift smallest
    (sum of squared shifts breaks ties); then single swaps of an extra ticket from
    one composition to another are made while they improve the same criterion.
    """
    weights = dist.weights
    scaled = m * weights
    base = np.floor(scaled + 1e-9).astype(np.int64)
    extra = int(m - base.sum())
    if extra <= 0:
        return base
    candidates = np.flatnonzero(scaled - base > 1e-12)
    if len(candidates) <= extra:
        base[candidates] += 1
        base[np.argsort(-(scaled - base), kind="stable")[: m - int(base.sum())]] += 1
        return base
    inv = 1.0 / np.maximum(dist.space.slot_size, 1)
    comps = dist.compositions.astype(np.float64) * inv  # tickets per person, per composition
    # Shift per slot, in tickets per person: what the floors give minus what is wanted.
    shift = base @ comps - scaled @ comps

    def score(candidate_shifts: FloatArray) -> FloatArray:
        # Lexicographic (largest |shift|, sum of squares) folded into one sortable number.
        worst = np.abs(candidate_shifts).max(axis=-1)
        return np.round(worst, 9) * 1e6 + (candidate_shifts**2).sum(axis=-1) * 1e-3

    chosen = np.zeros(len(candidates), dtype=bool)
    for _ in range(extra):
        free = np.flatnonzero(~chosen)
        trial = shift[None, :] + comps[candidates[free]]
        best = free[int(np.argmin(score(trial)))]
        chosen[best] = True
        shift = shift + comps[candidates[best]]
    current = float(score(shift))
    for _ in range(max_swaps):
        takers = np.flatnonzero(chosen)
        givers = np.flatnonzero(~chosen)
        if not len(givers):
            break
        improved = False
        for a in takers:
            trial = shift[None, :] - comps[candidates[a]] + comps[candidates[givers]]
            scores = score(trial)
            b = int(np.argmin(scores))
            if scores[b] < current - 1e-12:
                chosen[a] = False
                chosen[givers[b]] = True
                shift = trial[b]
                current = float(scores[b])
                improved = True
                break
        if not improved:
            break
    tickets = base.copy()
    tickets[candidates[chosen]] += 1
    return tickets


def _assign_people(dist: Distribution, tickets: IntArray) -> list[list[int]]:
    """Concrete panels (person indices) for the tickets; step 2 of the docstring."""
    space = dist.space
    comps = dist.compositions
    order = np.repeat(np.arange(len(tickets)), tickets)
    panels: list[list[int]] = [[] for _ in range(len(order))]
    n_people = len(space.problem.people)
    served = np.zeros(n_people, dtype=np.int64)
    for kind in space.kinds:
        slots = list(kind.slots)
        seats = comps[:, slots]  # compositions x slots of this kind
        busy = np.flatnonzero(seats[order].sum(axis=1) > 0)  # tickets that use this kind
        if not len(busy):
            continue
        if len(slots) == 1 and all(len(hh[0]) == 1 for hh in kind.households):
            # One slot, one person per household: a plain rotation is perfectly even.
            members = [hh[0][0] for hh in kind.households]
            pointer = 0
            for j in busy:
                take = int(seats[order[j], 0])
                for t in range(take):
                    person = members[(pointer + t) % len(members)]
                    panels[j].append(person)
                    served[person] += 1
                pointer = (pointer + take) % len(members)
            continue
        if kind.count == 1:
            # A single household: it sends the one member its slot asks for, taking
            # turns among housemates of the same profile.
            household = kind.households[0]
            for j in busy:
                position = int(np.argmax(seats[order[j]]))
                person = min(household[position], key=lambda p: (served[p], p))
                panels[j].append(person)
                served[person] += 1
            continue
        last = np.full(n_people, -1, dtype=np.int64)
        for j in busy:
            c = order[j]
            used: set[int] = set()
            for position in np.argsort(-seats[c], kind="stable"):
                take = int(seats[c, position])
                if take == 0:
                    continue
                candidates = sorted(
                    (int(served[p]), int(last[p]), p, k)
                    for k, hh in enumerate(kind.households)
                    if k not in used
                    for p in hh[position]
                )
                picked: list[int] = []
                for _, _, person, k in candidates:
                    if k in used:
                        continue
                    used.add(k)
                    picked.append(person)
                    if len(picked) == take:
                        break
                if len(picked) < take:
                    raise SortitionError("internal error: not enough households for a composition")
                for person in picked:
                    panels[j].append(person)
                    served[person] += 1
                    last[person] = j
    return panels


def realise(dist: Distribution) -> list[list[int]]:
    """One concrete panel (person indices) for every composition in the support."""
    return _assign_people(dist, np.ones(len(dist.weights), dtype=np.int64))


def build_lottery(
    dist: Distribution,
    m: int = 1000,
    *,
    meta: dict[str, object] | None = None,
) -> Lottery:
    """Round `dist` to a uniform lottery over `m` concrete panels."""
    if m < 1:
        raise SortitionError("a lottery needs at least one panel")
    problem = dist.problem
    tickets = _round_tickets(dist, m)
    index_panels = _assign_people(dist, tickets)
    ids = problem.ids
    panels = canonical_panels([[ids[i] for i in panel] for panel in index_panels])
    counts = dict.fromkeys(ids, 0)
    for panel in panels:
        for pid in panel:
            counts[pid] += 1
    target_arr: FloatArray = dist.person_probabilities()
    target = {pid: float(target_arr[i]) for i, pid in enumerate(ids)}
    share = {pid: counts[pid] / m for pid in ids}
    deviation = max((abs(share[pid] - target[pid]) for pid in ids), default=0.0)
    info: dict[str, object] = {
        "method": dist.method,
        "created": dt.date.today().isoformat(),
        "pool_size": len(ids),
        "min_probability": dist.certificate.min_probability,
    }
    info.update(meta or {})
    return Lottery(panels, lottery_digest(panels), problem.size, target, share, deviation, info)


def save_lottery(lottery: Lottery, path: str | Path) -> None:
    Path(path).write_text(
        json.dumps(lottery.as_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def load_lottery(path: str | Path) -> Lottery:
    source = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise VerificationError(f"{source}: cannot read the lottery file ({exc})") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise VerificationError(f"{source}: not a lottery file of format {FORMAT}")
    panels = data.get("panels")
    if not isinstance(panels, list) or not all(
        isinstance(p, list) and all(isinstance(i, str) for i in p) for p in panels
    ):
        raise VerificationError(f"{source}: 'panels' must be a list of lists of ids")
    probabilities = data.get("probabilities", {})
    target = {pid: float(v["optimal"]) for pid, v in probabilities.items()}
    share = {pid: float(v["lottery"]) for pid, v in probabilities.items()}
    return Lottery(
        panels=panels,
        digest=str(data.get("sha256", "")),
        size=int(data.get("size", len(panels[0]) if panels else 0)),
        target=target,
        share=share,
        max_deviation=float(data.get("max_deviation", 0.0)),
        meta=dict(data.get("meta", {})),
    )


def parse_seed(text: str) -> list[int]:
    """'12, 7,33' -> [12, 7, 33]; only non-negative whole numbers."""
    numbers: list[int] = []
    for part in text.replace(" ", "").split(","):
        if not part.isdigit():
            raise SortitionError(
                f"the seed must be whole numbers separated by commas, not '{text}'"
            )
        numbers.append(int(part))
    if not numbers:
        raise SortitionError("the seed needs at least one number")
    return numbers


def draw_index(digest: str, seed: list[int], m: int) -> int:
    """The drawn ticket (0-based) for these public numbers; step 4 of the docstring."""
    if m < 1:
        raise SortitionError("cannot draw from an empty lottery")
    message = f"{DRAW_FORMAT}\n{digest}\n{','.join(str(n) for n in seed)}\n"
    limit = (1 << 256) - (1 << 256) % m
    counter = 0
    while True:
        value = int.from_bytes(hashlib.sha256(f"{message}{counter}".encode()).digest(), "big")
        if value < limit:
            return value % m
        counter += 1


@dataclass(frozen=True)
class Verification:
    digest_ok: bool
    computed_digest: str
    stated_digest: str
    index: int  # 0-based
    panel: list[str]


def verify_draw(
    lottery: Lottery, seed: list[int], expected_digest: str | None = None
) -> Verification:
    """Recompute the hash from the panels and draw; never trusts the stated hash."""
    computed = lottery_digest(lottery.panels)
    stated = expected_digest or lottery.digest
    ok = computed == stated.lower().strip() and lottery.panels == canonical_panels(lottery.panels)
    index = draw_index(computed, seed, lottery.count)
    return Verification(ok, computed, stated, index, list(lottery.panels[index]))


def replacement_problem(problem: Problem, panel: list[str], dropouts: list[str]) -> Problem:
    """The problem of filling the seats of `dropouts` (see the module docstring)."""
    index = {pid: i for i, pid in enumerate(problem.ids)}
    for pid in [*panel, *dropouts]:
        if pid not in index:
            raise SortitionError(f"unknown person id '{pid}'")
    missing = [pid for pid in dropouts if pid not in panel]
    if missing:
        raise SortitionError(f"not on the panel: {', '.join(missing)}")
    staying = [index[pid] for pid in panel if pid not in dropouts]
    on_panel = {index[pid] for pid in panel}
    taken_households = {problem.people[i].household for i in staying} - {None}
    quotas: list[Quota] = []
    for q, quota in enumerate(problem.quotas):
        f, v = problem.quota_feature[q], problem.quota_value[q]
        filled = sum(1 for i in staying if problem.people[i].codes[f] == v)
        quotas.append(
            Quota(
                quota.feature,
                quota.value,
                max(0, quota.min - filled),
                max(0, quota.max - filled),
                line=quota.line,
            )
        )
    pool: list[Person] = [
        person
        for i, person in enumerate(problem.people)
        if i not in on_panel
        and (person.household is None or person.household not in taken_households)
    ]
    if not pool:
        raise SortitionError("nobody is left in the pool to replace the drop-outs")
    return Problem.build(quotas, pool, len(dropouts))
