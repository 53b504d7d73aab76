"""Properties that must hold for every election, checked on random small ones."""

from __future__ import annotations

import random
from dataclasses import replace
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leefwereld.algorithms.pb.mes import run_mes
from leefwereld.algorithms.pb.model import Instance, Project, Vote
from leefwereld.algorithms.pb.profile import compile_profile, per_voter_start
from leefwereld.algorithms.pb.rules import COMPLETIONS, allocate
from leefwereld.algorithms.pb.tiebreak import tie_key

from . import reference

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def elections(draw: st.DrawFn, with_caps: bool = True, cardinal: bool = False) -> Instance:
    m = draw(st.integers(1, 6))
    costs = draw(st.lists(st.integers(0, 30), min_size=m, max_size=m))
    groups = ["g1", "g2", "g3"]
    projects = [
        Project(
            f"p{j}",
            cost,
            categories=(draw(st.sampled_from(groups)),) if with_caps else (),
            district=draw(st.sampled_from(["Noord", "Zuid"])) if with_caps else None,
        )
        for j, cost in enumerate(costs)
    ]
    n = draw(st.integers(1, 9))
    votes = []
    for i in range(n):
        chosen = draw(st.lists(st.sampled_from([p.id for p in projects]), unique=True, max_size=m))
        points = None
        if cardinal:
            points = tuple(Fraction(draw(st.integers(0, 5))) for _ in chosen)
        votes.append(Vote(f"v{i}", tuple(chosen), points))
    budget = draw(st.integers(1, 80))
    inst = Instance(
        budget=budget,
        projects=projects,
        votes=votes,
        vote_type="scoring" if cardinal else "approval",
    )
    if with_caps and draw(st.booleans()):
        inst.category_caps = {g: draw(st.integers(0, 60)) for g in groups if draw(st.booleans())}
        inst.district_caps = {
            d: draw(st.integers(0, 60)) for d in ["Noord", "Zuid"] if draw(st.booleans())
        }
    return inst


def _spent_per_cap(inst: Instance, funded: tuple[str, ...]) -> list[tuple[int, int]]:
    chosen = [p for p in inst.projects if p.id in funded]
    out = []
    for name, limit in inst.category_caps.items():
        out.append((sum(p.cost for p in chosen if name in p.categories), limit))
    for name, limit in inst.district_caps.items():
        out.append((sum(p.cost for p in chosen if p.district == name), limit))
    return out


@SETTINGS
@given(elections(), st.sampled_from(COMPLETIONS), st.sampled_from(["cost", "approval"]))
def test_it_never_exceeds_the_budget_or_any_cap(inst, completion, utility):
    for rule in ("mes", "greedy"):
        outcome = allocate(inst, rule=rule, completion=completion, utility=utility)
        assert outcome.spent == sum(p.cost for p in inst.projects if p.id in outcome.funded)
        assert outcome.spent <= inst.budget
        for spent, limit in _spent_per_cap(inst, outcome.funded):
            assert spent <= limit
        assert len(set(outcome.funded)) == len(outcome.funded)


@SETTINGS
@given(elections(), st.sampled_from(["cost", "approval"]), st.integers(0, 6))
def test_it_funds_what_the_naive_exact_reference_funds(inst, utility, extra):
    profile = compile_profile(inst, utility)
    tie = tie_key(profile)
    start = per_voter_start(profile) + extra
    run = run_mes(profile, start, tie)
    election = reference.from_instance(inst, utility)
    funded, payments = reference.mes(election, start, tie)
    assert list(run.funded) == funded
    assert [r.rho for r in run.rounds] == [p.rho for p in payments]
    assert [profile.ids[j] for j in reference.greedy(election, tie)] == list(
        allocate(inst, rule="greedy", utility=utility).funded
    )


@SETTINGS
@given(elections(cardinal=True), st.integers(0, 3))
def test_cardinal_utilities_match_the_reference(inst, extra):
    profile = compile_profile(inst, "cardinal")
    tie = tie_key(profile)
    start = per_voter_start(profile) + extra
    funded, _ = reference.mes(reference.from_instance(inst, "cardinal"), start, tie)
    assert list(run_mes(profile, start, tie).funded) == funded


@SETTINGS
@given(elections(), st.sampled_from(["cost", "approval"]), st.integers(0, 6))
def test_every_funded_cost_is_covered_exactly_by_its_supporters(inst, utility, extra):
    profile = compile_profile(inst, utility)
    start = per_voter_start(profile) + extra
    run = run_mes(profile, start, tie_key(profile))
    # Replay every voter's budget in Fractions from the prices the fast run reports.
    budgets = [start] * len(profile.weights)
    for r in run.rounds:
        j = r.project
        poor = {int(g) for g in r.poor}
        collected = Fraction(0)
        for g, u in zip(profile.sup_idx[j], profile.sup_u[j], strict=True):
            g = int(g)
            share = r.rho * int(u)
            if g in poor:
                assert budgets[g] < share  # only those who could not pay the share pay less
                pay = budgets[g]
            else:
                assert budgets[g] >= share
                pay = share
            budgets[g] -= pay
            collected += pay * int(profile.weights[g])
        assert collected == profile.costs[j]
        assert r.poor_paid is not None and r.rho is not None
    assert all(b >= 0 for b in budgets)


@SETTINGS
@given(elections(), st.sampled_from(COMPLETIONS), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_ballot_order(inst, completion, rnd: random.Random):
    shuffled = list(inst.votes)
    rnd.shuffle(shuffled)
    again = replace(inst, votes=shuffled)
    for rule in ("mes", "greedy"):
        assert (
            allocate(inst, rule=rule, completion=completion).funded
            == allocate(again, rule=rule, completion=completion).funded
        )


@SETTINGS
@given(
    elections(with_caps=False), st.sampled_from(COMPLETIONS), st.sampled_from(["cost", "approval"])
)
def test_a_cap_as_large_as_the_budget_changes_nothing(inst, completion, utility):
    capped = replace(
        inst,
        projects=[replace(p, categories=("alles",), district="overal") for p in inst.projects],
        category_caps={"alles": inst.budget},
        district_caps={"overal": inst.budget},
    )
    for rule in ("mes", "greedy"):
        plain = allocate(inst, rule=rule, completion=completion, utility=utility)
        with_cap = allocate(capped, rule=rule, completion=completion, utility=utility)
        assert with_cap.caps
        assert with_cap.funded == plain.funded
