"""Cross-checks against pabutools, the reference implementation, on real elections.

pabutools has no caps, so these run without caps (caps are tested on their
own elsewhere). Variants and their pabutools counterparts:

==============  ==============================================================
none            method_of_equal_shares
add1e           method_of_equal_shares(voter_budget_increment=1)
add1            exhaustion_by_budget_increase(MES, budget_step=voters,
                exhaustive_stop=False)
utilitarian     completion_by_rule_combination([MES, greedy])
add1u           completion_by_rule_combination([add1 as above, greedy])
greedy          greedy_utilitarian_welfare
==============  ==============================================================

Utilities: cost = ``Cost_Sat``, approval = ``Cardinality_Sat``. pabutools on
the larger elections is slow (minutes), so those tests are marked
``reference``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from leefwereld.algorithms.pb.pabulib import parse
from leefwereld.algorithms.pb.profile import compile_profile
from leefwereld.algorithms.pb.rules import allocate

from .conftest import MIT_FILES, lodz_path

pabutools = pytest.importorskip("pabutools")

from pabutools.election import Cardinality_Sat, Cost_Sat, parse_pabulib  # noqa: E402
from pabutools.rules import (  # noqa: E402
    completion_by_rule_combination,
    exhaustion_by_budget_increase,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)

SAT = {"cost": Cost_Sat, "approval": Cardinality_Sat}


@cache
def _pabutools_election(path: Path) -> tuple[Any, Any]:
    instance, profile = parse_pabulib(str(path))
    # The multiprofile (distinct ballots with counts) is pabutools' fastest path.
    return instance, profile.as_multiprofile()


@cache
def _profile(path: Path, utility: str) -> Any:
    return compile_profile(parse(path), utility, caps=False)


def _theirs(path: Path, variant: str, utility: str) -> set[str]:
    instance, profile = _pabutools_election(path)
    sat = SAT[utility]
    n = profile.num_ballots()
    mes = {"sat_class": sat}
    add1 = {
        "rule": method_of_equal_shares,
        "rule_params": dict(mes),
        "budget_step": n,
        "exhaustive_stop": False,
    }
    if variant == "none":
        result = method_of_equal_shares(instance, profile, sat_class=sat)
    elif variant == "add1e":
        result = method_of_equal_shares(instance, profile, sat_class=sat, voter_budget_increment=1)
    elif variant == "add1":
        result = exhaustion_by_budget_increase(instance, profile, **add1)
    elif variant == "utilitarian":
        result = completion_by_rule_combination(
            instance,
            profile,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [mes, {"sat_class": sat}],
        )
    elif variant == "add1u":
        result = completion_by_rule_combination(
            instance,
            profile,
            [exhaustion_by_budget_increase, greedy_utilitarian_welfare],
            [add1, {"sat_class": sat}],
        )
    else:
        result = greedy_utilitarian_welfare(instance, profile, sat_class=sat)
    return {p.name for p in result}


def _ours(path: Path, variant: str, utility: str) -> set[str]:
    if variant == "greedy":
        return set(
            allocate(_profile(path, utility), rule="greedy", utility=utility, caps=False).funded
        )
    return set(
        allocate(_profile(path, utility), completion=variant, utility=utility, caps=False).funded
    )


reference = pytest.mark.reference
FAST_VARIANTS = ["none", "utilitarian", "greedy"]
ALL_VARIANTS = ["none", "add1", "add1e", "add1u", "utilitarian", "greedy"]

CASES = (
    [pytest.param("assen", v, u, id=f"assen-{v}-{u}") for v in ALL_VARIANTS for u in SAT]
    + [
        pytest.param("amsterdam166", v, u, id=f"amsterdam166-{v}-{u}")
        for v in FAST_VARIANTS
        for u in SAT
    ]
    + [
        pytest.param("amsterdam166", v, u, id=f"amsterdam166-{v}-{u}", marks=reference)
        for v in ("add1", "add1e", "add1u")
        for u in SAT
    ]
    + [
        pytest.param("amsterdam252", v, u, id=f"amsterdam252-{v}-{u}", marks=reference)
        for v in ALL_VARIANTS
        for u in SAT
    ]
)


@pytest.mark.parametrize(("name", "variant", "utility"), CASES)
def test_winners_are_identical_to_pabutools(name, variant, utility):
    path = MIT_FILES[name]
    assert _ours(path, variant, utility) == _theirs(path, variant, utility)


@reference
@pytest.mark.parametrize("variant", FAST_VARIANTS)
@pytest.mark.parametrize("utility", list(SAT))
def test_lodz_winners_are_identical_to_pabutools(variant, utility):
    path = lodz_path()
    assert _ours(path, variant, utility) == _theirs(path, variant, utility)


@reference
def test_lodz_add1_stops_where_pabutools_equal_shares_would_overspend():
    """The full add1 loop in pabutools takes ~60 MES runs (tens of minutes) on Łódź.

    Instead we check both ends of our loop with pabutools itself: at our final
    per-voter budget pabutools' MES funds exactly our projects within the
    budget, and one unit more makes it overspend. (The loop as a whole is
    cross-checked on Assen and Amsterdam above.)
    """
    path = lodz_path()
    ours = allocate(_profile(path, "cost"), completion="add1", utility="cost", caps=False)
    instance, profile = _pabutools_election(path)
    n = profile.num_ballots()
    assert ours.per_voter is not None

    def theirs_at(per_voter: Any) -> list[Any]:
        # pabutools starts every voter at budget_limit / voters; change it for one run.
        limit = instance.budget_limit
        instance.budget_limit = per_voter * n
        try:
            return method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
        finally:
            instance.budget_limit = limit

    final = theirs_at(_mpq(ours.per_voter))
    assert {p.name for p in final} == set(ours.funded)
    assert sum(p.cost for p in final) <= instance.budget_limit
    over = theirs_at(_mpq(ours.per_voter) + 1)
    assert sum(p.cost for p in over) > instance.budget_limit


def _mpq(value: Any) -> Any:
    from pabutools.fractions import frac

    return frac(value.numerator, value.denominator)
