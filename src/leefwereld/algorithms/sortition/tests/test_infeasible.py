from dataclasses import replace

from hypothesis import HealthCheck, given, settings

from leefwereld.algorithms.sortition.infeasible import (
    Explanation,
    explain_infeasibility,
    render_dutch,
)
from leefwereld.algorithms.sortition.leximin import InfeasibleQuotas, find_distribution
from leefwereld.algorithms.sortition.model import Person, Problem, Quota
from leefwereld.algorithms.sortition.tests.bruteforce import feasible_panels
from leefwereld.algorithms.sortition.tests.helpers import problem_seeds, tiny_problem


def relaxed(problem: Problem, explanation: Explanation) -> Problem:
    lo = [q.min for q in problem.quotas]
    hi = [q.max for q in problem.quotas]
    for change in explanation.relaxation:
        q = next(
            i
            for i, quota in enumerate(problem.quotas)
            if (quota.feature, quota.value) == (change.feature, change.value)
        )
        if change.side == "min":
            lo[q] = change.new
        else:
            hi[q] = change.new
    return problem.with_bounds(lo, hi)


def only_bounds(problem: Problem, explanation: Explanation) -> Problem:
    """Drop every quota bound outside the reported conflict."""
    keep = {(b.feature, b.value, b.side) for b in explanation.conflict}
    lo = [q.min if (q.feature, q.value, "min") in keep else 0 for q in problem.quotas]
    hi = [q.max if (q.feature, q.value, "max") in keep else problem.size for q in problem.quotas]
    return problem.with_bounds(lo, hi)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem_seeds)
def test_generated_pools_either_solve_or_get_a_working_explanation(seed: int) -> None:
    problem = tiny_problem(seed, loose=False)
    try:
        dist = find_distribution(problem)
    except InfeasibleQuotas as exc:
        assert not feasible_panels(problem)
        explanation = exc.explanation
        assert isinstance(explanation, Explanation)
        assert render_dutch(explanation)
        if explanation.relaxable:
            # The suggested change really admits a panel ...
            assert feasible_panels(relaxed(problem, explanation))
        if explanation.conflict:
            # ... the reported conflict is infeasible on its own ...
            assert not feasible_panels(only_bounds(problem, explanation))
        return
    assert feasible_panels(problem)
    assert abs(dist.weights.sum() - 1.0) < 1e-9


def test_minimal_relaxation_changes_as_few_seats_as_possible() -> None:
    # Six women and two men in the pool, a panel of four needing three men.
    quotas = [Quota("g", "v", 0, 4), Quota("g", "m", 3, 4)]
    people = [Person(f"w{i}", i + 2, (0,)) for i in range(6)] + [
        Person(f"m{i}", i + 8, (1,)) for i in range(2)
    ]
    explanation = explain_infeasibility(Problem.build(quotas, people, 4))
    assert [(c.feature, c.value, c.side, c.old, c.new) for c in explanation.relaxation] == [
        ("g", "m", "min", 3, 2)
    ]
    assert explanation.total_change == 1
    assert [f.code for f in explanation.findings] == ["too_few_people"]
    text = render_dutch(explanation)
    assert "'g = m'" in text and "van 3 op 2" in text


def test_conflicting_minimums_are_named_together() -> None:
    quotas = [Quota("g", "a", 3, 4), Quota("g", "b", 3, 4)]
    people = [Person(f"p{i}", i + 2, (i % 2,)) for i in range(10)]
    explanation = explain_infeasibility(Problem.build(quotas, people, 5))
    assert {(b.value, b.side) for b in explanation.conflict} == {("a", "min"), ("b", "min")}
    assert explanation.findings[0].code == "sum_of_minimums"
    assert "samen niet haalbaar" in render_dutch(explanation)


def test_flex_limits_are_respected_when_they_suffice_and_reported_when_not() -> None:
    people = [Person(f"p{i}", i + 2, (i % 2,)) for i in range(10)]
    tight = [
        Quota("g", "a", 3, 4, min_flex=2, max_flex=4),
        Quota("g", "b", 3, 4, min_flex=2, max_flex=4),
    ]
    ok = explain_infeasibility(Problem.build(tight, people, 5))
    assert ok.flex_given and ok.within_flex
    stuck = [replace(q, min_flex=3) for q in tight]
    beyond = explain_infeasibility(Problem.build(stuck, people, 5))
    assert beyond.relaxable and not beyond.within_flex
    assert "buiten" in render_dutch(beyond)


def test_too_few_households_is_not_relaxable() -> None:
    quotas = [Quota("g", "a", 0, 3)]
    people = [Person(f"p{i}", i + 2, (0,), household="same") for i in range(5)]
    explanation = explain_infeasibility(Problem.build(quotas, people, 2))
    assert not explanation.relaxable
    assert explanation.findings[0].code == "too_few_households"
    assert "te klein" in render_dutch(explanation)
