"""The bridge between rounds in the database and the PB kernel (`algorithms/pb`).

The kernel works on plain data (an `Instance`); this module turns a round into one, runs
the rule with the round's settings, and stores/restores the kernel's structured
explanations so a result page can say, in the reader's language, why every project was
or was not funded. Nothing here changes the database: `services.py` does that.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

from leefwereld.algorithms.pb import (
    Explanation,
    Funded,
    Instance,
    NotFunded,
    Outcome,
    Vote,
    allocate,
    explain,
    sentences,
)
from leefwereld.algorithms.pb import Project as PbProject
from leefwereld.algorithms.pb.tiebreak import parse_order

CURRENCY = "EUR"


def check_tie_breaking(text: str) -> str:
    """The canonical form of a tie-breaking order; ValueError names a bad criterion."""
    return ",".join(parse_order(text))


def build_instance(
    round_: Any,
    projects: Sequence[Any],
    ballots: Iterable[Sequence[int]],
    selected: set[int] | None = None,
    votes: dict[int, int] | None = None,
) -> Instance:
    """A kernel instance of a round: its feasible projects, caps and approval ballots.

    `projects` are the round's projects on the ballot with `categories` prefetched;
    `ballots` are lists of project primary keys. Whole euros, so `decimals == 0`.
    """
    code_of = {p.pk: p.code for p in projects}
    kernel_projects = []
    for p in projects:
        fields = {"description": " ".join(p.description.split())}
        if votes is not None:
            fields["votes"] = str(votes.get(p.pk, 0))
        if selected is not None:
            fields["selected"] = "1" if p.pk in selected else "0"
        kernel_projects.append(
            PbProject(
                id=p.code,
                cost=p.cost,
                name=p.title,
                categories=tuple(c.name for c in p.categories.all()),
                district=p.district.name if p.district_id else None,
                fields=fields,
            )
        )
    kernel_votes = [
        Vote(voter_id=str(n), projects=tuple(code_of[pk] for pk in ballot if pk in code_of))
        for n, ballot in enumerate(ballots, start=1)
    ]
    districts = list(round_.districts.all())
    meta = {
        "description": round_.title,
        "country": "Netherlands",
        "unit": round_.municipality.name,
        "instance": str(round_.pk),
        "district": ", ".join(d.name for d in districts),
        "rule": "equalshares" if round_.rule == "mes" else "greedy",
        "language": "nl",
        "currency": CURRENCY,
        "min_length": "1",
    }
    if round_.max_projects:
        meta["max_length"] = str(round_.max_projects)
    if round_.max_total_cost:
        meta["max_sum_cost"] = str(round_.max_total_cost)
    return Instance(
        budget=round_.budget,
        projects=kernel_projects,
        votes=kernel_votes,
        vote_type="approval",
        decimals=0,
        meta=meta,
        category_caps={c.name: c.cap for c in round_.categories.all() if c.cap is not None},
        district_caps={d.name: d.cap for d in districts if d.cap is not None},
        district_field="district",
        project_columns=["project_id", "cost", "name", "category", "district"],
        vote_columns=["voter_id", "vote"],
    )


def compute(round_: Any, instance: Instance) -> tuple[Outcome, Explanation]:
    """Run the round's rule (with caps) and explain every project."""
    outcome = allocate(
        instance,
        rule=round_.rule,
        completion=round_.completion,
        utility=round_.utility,
        tie_breaking=round_.tie_breaking,
        caps=True,
        trace=True,
    )
    return outcome, explain(outcome, currency=CURRENCY)


# --- storing explanations as JSON ---------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    return value


def serialise(item: Funded | NotFunded) -> dict[str, Any]:
    data = {f.name: _encode(getattr(item, f.name)) for f in dataclasses.fields(item)}
    data["kind"] = "funded" if isinstance(item, Funded) else "not_funded"
    return data


def sentences_by_language(
    explanation: Explanation, languages: Sequence[str]
) -> dict[str, dict[str, str]]:
    """project code -> {language: one or two plain sentences}, made with the kernel's
    `sentences` under each language (its messages go through Django's translations)."""
    from django.utils import translation

    items: list[Funded | NotFunded] = [*explanation.funded, *explanation.not_funded]
    out: dict[str, dict[str, str]] = {item.project_id: {} for item in items}
    for language in languages:
        with translation.override(language):
            lines = sentences(explanation)
        for item, line in zip(items, lines, strict=True):
            out[item.project_id][language] = line
    return out
