"""The bridge to the sortition kernel (`leefwereld.algorithms.sortition`).

Everything the panels app asks of the kernel goes through this module, on plain data:
the snapshot of quotas and pool a selection run stores, never a queryset. So the kernel
stays free of Django, and a run can be recomputed from its snapshot alone.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from leefwereld.algorithms.sortition.households import household_key
from leefwereld.algorithms.sortition.leximin import find_distribution
from leefwereld.algorithms.sortition.lottery import (
    Lottery,
    build_lottery,
    load_lottery,
    parse_seed,
    replacement_problem,
    save_lottery,
    verify_draw,
)
from leefwereld.algorithms.sortition.model import Person, Problem, Quota, SortitionError

# [feature, value, min, max, min_flex, max_flex]
QuotaRow = Sequence[Any]
# [public_id, {feature: value}, household_key]
PoolRow = Sequence[Any]


def address_key(*fields: str) -> str:
    """The household key of an address as typed ("Kerkstraat 1 A", "1234 AB"); '' if blank.

    The kernel's normalisation: "Kerkstraat 1a" and "kerkstraat 1-A" give the same key,
    "Kerkstraat 1a" and "Kerkstraat 1b" do not.
    """
    return household_key(list(fields)) or ""


def build_problem(quotas: Sequence[QuotaRow], pool: Sequence[PoolRow], size: int) -> Problem:
    kernel_quotas = [
        Quota(str(f), str(v), int(lo), int(hi), mf, xf, line=i + 2)
        for i, (f, v, lo, hi, mf, xf) in enumerate(quotas)
    ]
    features: list[str] = []
    values: dict[str, list[str]] = {}
    for q in kernel_quotas:
        if q.feature not in values:
            features.append(q.feature)
            values[q.feature] = []
        values[q.feature].append(q.value)
    people = [
        Person(
            str(public_id),
            i + 2,
            tuple(values[f].index(str(feats[f])) for f in features),
            key or None,
        )
        for i, (public_id, feats, key) in enumerate(pool)
    ]
    return Problem.build(kernel_quotas, people, size)


@dataclass(frozen=True)
class Outcome:
    probabilities: dict[str, float]
    min_probability: float
    max_probability: float
    certificate: dict[str, Any]
    stats: dict[str, float]
    distribution: Any  # the kernel's Distribution, for building the lottery


def compute(
    problem: Problem,
    method: str,
    max_probability: float | None,
    progress: Callable[[float, str], None],
    should_cancel: Callable[[], bool],
) -> Outcome:
    """Run the kernel. Raises the kernel's InfeasibleQuotas, Cancelled or SortitionError."""
    distribution = find_distribution(
        problem,
        method=method,
        max_probability=max_probability,
        progress=progress,
        should_cancel=should_cancel,
    )
    probabilities = [float(p) for p in distribution.person_probabilities()]
    by_id = {person.id: p for person, p in zip(problem.people, probabilities, strict=True)}
    return Outcome(
        probabilities=by_id,
        min_probability=min(probabilities) if probabilities else 0.0,
        max_probability=max(probabilities) if probabilities else 0.0,
        certificate=_plain(distribution.certificate.as_dict()),
        stats={k: float(v) for k, v in distribution.stats.items()},
        distribution=distribution,
    )


def _plain(value: Any) -> Any:
    """JSON-safe copy of the kernel's dicts (NumPy numbers become Python numbers)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    return value


def explanation_data(explanation: Any) -> dict[str, Any]:
    as_dict = getattr(explanation, "as_dict", None)
    return _plain(as_dict()) if callable(as_dict) else {}


# --- progress messages ------------------------------------------------------------------
# The kernel reports in English for the log; the page says the same in plain Dutch.

_SEARCHING = re.compile(r"searching panels: (\d+) found")
_LEVEL = re.compile(r"(\d+)/(\d+) people")
_BUILDING = re.compile(r"building the lottery")
WRITING_LOTTERY = "writing the lottery"


def describe_progress(message: str) -> str:
    if not message:
        return ""
    if message == "done":
        return _("Klaar.")
    if match := _SEARCHING.search(message):
        return _("Mogelijke panels zoeken: %(n)s gevonden.") % {"n": match.group(1)}
    if match := _LEVEL.search(message):
        return _("De kans is vastgesteld voor %(done)s van de %(total)s mensen.") % {
            "done": match.group(1),
            "total": match.group(2),
        }
    if _BUILDING.search(message):
        return _("De eerlijkste verdeling van de kansen zoeken.")
    if message == WRITING_LOTTERY:
        return _("De lijst van panels voor de loting maken.")
    return _("Bezig met rekenen.")


# --- the transparent lottery ----------------------------------------------------------------
# The kernel rounds the distribution to a uniform lottery over LOTTERY_SIZE concrete panels
# (Flanigan, Kehne, Procaccia 2021), hashes the canonical panel list, and draws a ticket
# from the hash and the public numbers. The file is the kernel's own format, written by
# its `save_lottery`, so `leefwereld sortition verify` reads exactly what we publish.

LOTTERY_SIZE = 1000


@dataclass(frozen=True)
class LotteryFile:
    text: str  # the exact file anyone downloads (UTF-8 JSON)
    digest: str  # the kernel's SHA-256 over the canonical panel list, published before the draw
    panels: int
    max_deviation: float  # largest |lottery share - optimal probability| over the pool


@dataclass(frozen=True)
class DrawResult:
    selected: list[str]
    detail: dict[str, Any]


def _file(lottery: Lottery) -> LotteryFile:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lottery.json"
        save_lottery(lottery, path)
        text = path.read_text(encoding="utf-8")
    return LotteryFile(text, lottery.digest, lottery.count, float(lottery.max_deviation))


def _load(text: str) -> Lottery:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lottery.json"
        path.write_text(text, encoding="utf-8")
        return load_lottery(path)


def make_lottery(outcome: Outcome, meta: dict[str, Any] | None = None) -> LotteryFile:
    return _file(build_lottery(outcome.distribution, LOTTERY_SIZE, meta=meta))


def draw(lottery_text: str, digest: str, seed: str) -> DrawResult:
    """Draw from a published lottery exactly as `leefwereld sortition verify` does."""
    lottery = _load(lottery_text)
    result = verify_draw(lottery, parse_seed(seed), expected_digest=digest)
    if not result.digest_ok:
        raise SortitionError("the stored lottery does not match its published hash")
    return DrawResult(
        selected=list(result.panel),
        detail={
            "ticket": result.index + 1,
            "count": lottery.count,
            "sha256": result.computed_digest,
        },
    )


def replacement_lottery(
    quotas: Sequence[QuotaRow],
    pool: Sequence[PoolRow],
    size: int,
    *,
    panel: list[str],
    dropouts: list[str],
    meta: dict[str, Any],
) -> LotteryFile:
    """A lottery over the people who can take the seats of `dropouts`.

    The kernel's replacement problem: the quotas minus what the rest of the panel already
    fills, among the people not on the panel and not living with a remaining member;
    then the same leximin and the same transparent lottery. `pool` must leave out
    anyone who dropped out in an earlier round.
    """
    problem = build_problem(quotas, pool, size)
    sub = replacement_problem(problem, panel, dropouts)
    distribution = find_distribution(sub)
    return _file(build_lottery(distribution, LOTTERY_SIZE, meta=meta))


def verification_command(filename: str, seed: str, digest: str) -> str:
    return (
        f"leefwereld sortition verify --lottery {filename} --seed {seed} --expected-hash {digest}"
    )
