"""Cross-checks against the Sortition Foundation's `sortition-algorithms` (GPL-3.0).

Its maximin (on HiGHS) must find the same minimum selection probability as our
leximin (the first leximin level is the maximin value), to 1e-6; every panel our
lottery can produce must satisfy the quotas and the one-per-household rule.
"""

from __future__ import annotations

import pytest

from leefwereld.algorithms.sortition.io import read_problem
from leefwereld.algorithms.sortition.leximin import find_distribution
from leefwereld.algorithms.sortition.lottery import build_lottery, realise
from leefwereld.algorithms.sortition.model import Problem, panel_violations
from leefwereld.algorithms.sortition.synthetic import generate_pool
from leefwereld.algorithms.sortition.tests.helpers import SHARED, SHARED_MISSING
from leefwereld.algorithms.sortition.tests.reference import run_reference

pytest.importorskip(
    "sortition_algorithms", reason="the reference implementation is a dev dependency"
)


def check_against_reference(problem: Problem) -> None:
    ours = find_distribution(problem)
    reference = run_reference(problem)
    selectable = [
        i for i, p in enumerate(ours.person_probabilities()) if i not in set(ours.excluded_people())
    ]
    our_min = float(ours.person_probabilities()[selectable].min())
    assert our_min == pytest.approx(reference.min_probability, abs=1e-6)
    # The certificate bounds the reference too: nobody can beat the dual bound.
    assert reference.min_probability <= ours.certificate.upper_bound + 1e-9
    for panel in realise(ours):
        assert panel_violations(problem, panel) == []
    index = {pid: i for i, pid in enumerate(problem.ids)}
    for panel in build_lottery(ours, 200).panels:
        assert panel_violations(problem, [index[pid] for pid in panel]) == []


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_same_minimum_as_reference_on_small_generated_pools_with_households(seed: int) -> None:
    check_against_reference(generate_pool(30, 5, seed=seed, household_share=0.5).problem())


@pytest.mark.reference
@pytest.mark.skipif(not SHARED.exists(), reason=SHARED_MISSING)
def test_same_minimum_as_reference_on_flanigan_example() -> None:
    folder = SHARED / "flanigan2021_example_small_20"
    check_against_reference(read_problem(folder / "categories.csv", folder / "respondents.csv", 20))


@pytest.mark.reference
@pytest.mark.skipif(not SHARED.exists(), reason=SHARED_MISSING)
def test_same_minimum_as_reference_on_sortition_foundation_fixture_with_addresses() -> None:
    problem = read_problem(
        SHARED / "sf_fixture_features.csv",
        SHARED / "sf_fixture_candidates.csv",
        22,
        address_columns=["primary_address1", "primary_zip"],
    )
    check_against_reference(problem)


@pytest.mark.reference
@pytest.mark.parametrize("seed", [1, 2])
def test_same_minimum_as_reference_on_generated_pool_of_200(seed: int) -> None:
    check_against_reference(generate_pool(200, 30, seed=seed).problem())
