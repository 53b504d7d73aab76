"""Run the Sortition Foundation's `sortition-algorithms` on one of our problems.

The reference reads its own CSV dialect, so the problem is written out in it:
features as `feature,value,min,max`, people with an id column and, when there are
households, one column holding our *normalised* household key (the reference
compares addresses as exact lower-cased strings; giving it our key makes both
implementations solve the same problem).
"""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass

from leefwereld.algorithms.sortition.model import Problem

HOUSEHOLD_COLUMN = "household_key"


@dataclass(frozen=True)
class ReferenceResult:
    min_probability: float  # over the people the reference could place on some panel
    max_probability: float
    probabilities: dict[str, float]
    panels: list[frozenset[str]]
    weights: list[float]
    seconds: float
    cpu_seconds: float


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def reference_csv(problem: Problem) -> tuple[str, str, bool]:
    features = [["feature", "value", "min", "max"]]
    for q in problem.quotas:
        features.append([q.feature, q.value, str(q.min), str(q.max)])
    households = any(p.household is not None for p in problem.people)
    header = ["id", *problem.features] + ([HOUSEHOLD_COLUMN] if households else [])
    people = [header]
    for person in problem.people:
        row = [person.id] + [problem.values[f][c] for f, c in enumerate(person.codes)]
        if households:
            # People without a household get a key of their own.
            row.append(person.household if person.household is not None else f"\x00{person.id}")
        people.append(row)
    return _csv(features), _csv(people), households


def run_reference(
    problem: Problem, method: str = "maximin", backend: str = "highspy"
) -> ReferenceResult:
    """The reference's distribution (maximin by default) for `problem`."""
    from sortition_algorithms import CSVStringDataSource, SelectionData, Settings
    from sortition_algorithms.committee_generation import find_distribution_maximin

    features_csv, people_csv, households = reference_csv(problem)
    settings = Settings(
        id_column="id",
        columns_to_keep=[],
        check_same_address=households,
        check_same_address_columns=[HOUSEHOLD_COLUMN] if households else [],
        selection_algorithm=method,
        solver_backend=backend,
    )
    data = SelectionData(CSVStringDataSource(features_csv, people_csv))
    features, _ = data.load_features(problem.size)
    people, _ = data.load_people(settings, features)
    if method != "maximin":
        raise ValueError("only the reference's maximin runs on open solvers")
    start = time.perf_counter()
    cpu = time.process_time()
    panels, weights, _ = find_distribution_maximin(
        features, people, problem.size, settings.normalised_address_columns, backend
    )
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu
    probabilities = dict.fromkeys(problem.ids, 0.0)
    for panel, weight in zip(panels, weights, strict=True):
        for pid in panel:
            probabilities[pid] += weight
    covered = {
        pid for panel, weight in zip(panels, weights, strict=True) if weight > 0 for pid in panel
    }
    values = [probabilities[pid] for pid in covered]
    return ReferenceResult(
        min_probability=min(values),
        max_probability=max(values),
        probabilities=probabilities,
        panels=list(panels),
        weights=list(weights),
        seconds=seconds,
        cpu_seconds=cpu_seconds,
    )
