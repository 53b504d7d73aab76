from __future__ import annotations

from fractions import Fraction

import pytest

from leefwereld.algorithms.pb.mes import run_mes
from leefwereld.algorithms.pb.model import Instance, Project, Vote
from leefwereld.algorithms.pb.pabulib import parse
from leefwereld.algorithms.pb.profile import compile_profile, per_voter_start
from leefwereld.algorithms.pb.rules import COMPLETIONS, allocate
from leefwereld.algorithms.pb.tiebreak import parse_order, tie_key

from .conftest import MIT_FILES


def election(
    budget: int, costs: dict[str, int], ballots: list[str], **project_extra: dict
) -> Instance:
    projects = [Project(pid, cost, **project_extra.get(pid, {})) for pid, cost in costs.items()]
    votes = [Vote(str(i), tuple(b)) for i, b in enumerate(ballots)]
    return Instance(budget=budget, projects=projects, votes=votes)


# Three voters want A (60) and C (40); one wants B (40). Budget 100, so 25 each.
TEXTBOOK = election(100, {"A": 60, "B": 40, "C": 40}, ["AC", "AC", "AC", "B"])


def test_equal_shares_lets_a_group_spend_only_its_share():
    # The three A/C voters hold 75: enough for A, not for A and C.
    # The lone B voter's 25 buys nothing.
    assert allocate(TEXTBOOK, completion="none").funded == ("A",)


def test_greedy_by_votes_spends_everything_on_the_majority():
    assert allocate(TEXTBOOK, rule="greedy").funded == ("A", "C")


def test_with_approval_utility_the_cheaper_project_wins():
    # Approval utility: the price is the per-voter payment, 13.33 for C against 20 for A.
    assert allocate(TEXTBOOK, completion="none", utility="approval").funded == ("C",)


def test_ties_go_to_the_lowest_project_id_by_default():
    # With cost utility A and C both cost their supporters 1/3 per unit of utility.
    assert allocate(TEXTBOOK, completion="none").funded[0] == "A"


def test_tie_breaking_can_prefer_the_cheaper_project():
    outcome = allocate(TEXTBOOK, completion="none", tie_breaking="cost,id")
    assert outcome.funded == ("C",)
    assert outcome.tie_breaking == ("cost", "id")


def test_tie_breaking_by_votes_then_cost_then_id():
    inst = election(10, {"x": 5, "y": 4, "z": 4}, ["xyz", "xyz", "x"])
    key = tie_key(compile_profile(inst), parse_order("votes,cost,id"))
    assert sorted(range(3), key=key) == [0, 1, 2]
    assert allocate(inst, rule="greedy", tie_breaking="votes,cost").funded[0] == "x"


def test_an_unknown_tie_breaking_criterion_is_rejected():
    with pytest.raises(ValueError, match="tie-breaking"):
        parse_order("luck")


# Budget 8, four voters (2 each). Found by a search over small elections.
WIELICZKA_LIKE = election(8, {"a": 2, "b": 4, "c": 4}, ["ac", "b", "bc", "bc"])


def test_add1e_stops_at_the_first_exhaustive_outcome():
    outcome = allocate(WIELICZKA_LIKE, completion="add1e")
    assert set(outcome.funded) == {"a", "b"}
    assert outcome.raises == 0


def test_add1_does_not_stop_at_the_first_exhaustive_outcome():
    # {a, b} leaves 2 over, too little for c; one raise later {b, c} spends all 8,
    # and the raise after that would overspend.
    outcome = allocate(WIELICZKA_LIKE, completion="add1")
    assert set(outcome.funded) == {"b", "c"}
    assert outcome.spent == 8
    assert outcome.raises == 1
    assert outcome.per_voter == Fraction(3)


def test_utilitarian_completion_fills_up_with_greedy():
    inst = election(100, {"A": 60, "B": 30, "C": 50}, ["AC", "AC", "AC", "B"])
    outcome = allocate(inst, completion="utilitarian")
    assert outcome.mes_funded == ("A",)
    assert outcome.fill_funded == ("B",)
    assert outcome.spent == 90


def test_add1u_is_add1_then_greedy():
    add1 = allocate(TEXTBOOK, completion="add1")
    add1u = allocate(TEXTBOOK, completion="add1u")
    assert add1u.mes_funded == add1.funded
    assert set(add1u.funded) >= set(add1.funded)


def test_a_free_project_is_funded_first_under_approval_utility():
    inst = election(10, {"free": 0, "p": 10}, [["free", "p"], ["p"]])
    assert allocate(inst, completion="none", utility="approval").funded[0] == "free"


def test_a_free_project_is_worth_nothing_under_cost_utility_until_the_fill_up():
    inst = election(10, {"free": 0, "p": 10}, [["free"], ["p"], ["p"]])
    assert "free" not in allocate(inst, completion="none").funded
    assert "free" in allocate(inst, completion="utilitarian").funded


def test_nobody_voting_funds_nothing_under_equal_shares():
    inst = election(10, {"p": 5}, [[], []])
    assert allocate(inst, completion="add1").funded == ()


def test_unknown_rule_or_completion_is_rejected():
    with pytest.raises(ValueError, match="rule"):
        allocate(TEXTBOOK, rule="lottery")
    with pytest.raises(ValueError, match="completion"):
        allocate(TEXTBOOK, completion="add2")


DISTRICTS = election(
    100,
    {"n1": 30, "n2": 30, "z1": 30, "z2": 20},
    [["n1", "n2"], ["n1", "n2"], ["n1", "n2"], ["n1", "z1"], ["z1", "z2"]],
    n1={"district": "Noord"},
    n2={"district": "Noord"},
    z1={"district": "Zuid"},
    z2={"district": "Zuid"},
)
DISTRICTS.district_caps = {"Noord": 40, "Zuid": 100}


@pytest.mark.parametrize("completion", COMPLETIONS)
def test_it_never_exceeds_a_district_cap(completion):
    outcome = allocate(DISTRICTS, completion=completion)
    noord = sum(
        p.cost for p in DISTRICTS.projects if p.id in outcome.funded and p.district == "Noord"
    )
    assert noord <= 40
    assert outcome.spent <= 100


def test_a_project_without_cap_room_leaves_the_race_and_others_take_the_money():
    capped = allocate(DISTRICTS, completion="none")
    free = allocate(DISTRICTS, completion="none", caps=False)
    assert {"n1", "n2"} <= set(free.funded)
    assert not {"n1", "n2"} <= set(capped.funded)
    assert capped.run is not None
    assert "district:Noord" in capped.run.left_race.values()


def test_greedy_respects_caps_too():
    outcome = allocate(DISTRICTS, rule="greedy")
    assert outcome.funded[:1] == ("n1",)
    assert "n2" not in outcome.funded


def test_add1_with_caps_keeps_raising_for_caps_full_from_the_start_but_stops_for_others():
    inst = parse(MIT_FILES["amsterdam252"])
    base = allocate(inst, completion="none")
    outcome = allocate(inst, completion="add1")
    assert base.run is not None and outcome.run is not None
    # "Other" is full at the normal budget already; the raise still goes on ...
    assert "district:Other" in base.run.cap_events
    assert outcome.raises > 0
    assert outcome.spent > base.spent
    # ... until one more raise would make equal shares want more than a cap or the budget allows.
    raised = run_mes(
        outcome.profile, outcome.run.per_voter + inst.unit, tie_key(outcome.profile), exact=False
    )
    assert raised.spent > inst.budget or raised.cap_events - base.run.cap_events


@pytest.mark.parametrize("name", ["assen", "amsterdam166"])
def test_amsterdam_and_assen_outcomes_respect_every_cap(name):
    inst = parse(MIT_FILES[name])
    for completion in ("none", "add1e", "utilitarian"):
        outcome = allocate(inst, completion=completion)
        assert outcome.spent <= inst.budget
        for cap in inst.caps():
            spent = sum(
                p.cost
                for p in inst.projects
                if p.id in outcome.funded
                and (cap.name in p.categories if cap.kind == "category" else p.district == cap.name)
            )
            assert spent <= cap.limit


@pytest.mark.parametrize("utility", ["cost", "approval"])
def test_the_float_shortcut_agrees_with_all_fraction_arithmetic(utility):
    profile = compile_profile(parse(MIT_FILES["assen"]), utility)
    tie = tie_key(profile)
    start = per_voter_start(profile)
    for extra in (0, 100, 500, 800):
        fast = run_mes(profile, start + extra, tie)
        slow = run_mes(profile, start + extra, tie, force_exact=True)
        assert fast.funded == slow.funded
        assert [r.rho for r in fast.rounds] == [r.rho for r in slow.rounds]


def test_each_round_collects_exactly_the_cost():
    profile = compile_profile(parse(MIT_FILES["amsterdam166"]), "cost", caps=False)
    run = run_mes(profile, per_voter_start(profile) + 300, tie_key(profile))
    assert run.rounds
    for r in run.rounds:
        j = r.project
        rich = ~(profile.sup_idx[j][:, None] == r.poor[None, :]).any(axis=1)
        rich_utility = int((profile.sup_wu[j][rich]).sum())
        assert r.poor_paid + r.rho * rich_utility == profile.costs[j]
