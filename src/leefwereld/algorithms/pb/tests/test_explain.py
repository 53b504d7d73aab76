from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pytest

from leefwereld.algorithms.pb.explain import explain, sentences, summary
from leefwereld.algorithms.pb.messages import money, use_translator
from leefwereld.algorithms.pb.model import Instance, Project, Vote
from leefwereld.algorithms.pb.pabulib import parse
from leefwereld.algorithms.pb.rules import allocate

from .conftest import MIT_FILES


def _textbook() -> Instance:
    projects = [
        Project("A", 60, "Speeltuin"),
        Project("B", 40, "Bankjes"),
        Project("C", 40, "Moestuin"),
    ]
    votes = [Vote("1", ("A", "C")), Vote("2", ("A", "C")), Vote("3", ("A", "C")), Vote("4", ("B",))]
    return Instance(budget=100, projects=projects, votes=votes)


def test_a_funded_project_says_what_each_supporter_paid():
    e = explain(allocate(_textbook(), completion="none"))
    funded = e.funded[0]
    assert (funded.project_id, funded.full_payers, funded.share) == ("A", 3, Fraction(20))
    assert funded.share * funded.full_payers + funded.partial_paid == funded.cost
    assert sentences(e)[0] == "Speeltuin is gekozen: 3 stemmers betaalden elk € 20,00."


def test_an_unfunded_project_says_how_much_cheaper_or_how_many_more_voters():
    e = explain(allocate(_textbook(), completion="none"))
    b = next(n for n in e.not_funded if n.project_id == "B")
    # Its one voter holds 25 of the 40 it costs: 15 cheaper, or one more voter like them.
    assert b.cost_reduction == 15
    assert b.extra_supporters == 1
    assert (
        "Bankjes is niet gekozen: het had € 15 goedkoper moeten zijn, "
        "of 1 stemmer meer nodig gehad." in sentences(e)
    )


def test_a_project_that_lost_a_tie_says_so_and_compares_with_greedy():
    e = explain(allocate(_textbook(), completion="none"))
    c = next(n for n in e.not_funded if n.project_id == "C")
    assert c.tied and c.lost_to == "A"
    assert c.in_greedy
    text = next(s for s in sentences(e) if s.startswith("Moestuin"))
    assert "gelijk met Speeltuin" in text
    assert "Met de methode 'meeste stemmen' was het wel gekozen." in text
    assert e.only_greedy == ("C",)


def test_voters_with_too_little_money_left_are_reported():
    e = explain(allocate(parse(MIT_FILES["amsterdam166"]), completion="none", caps=False))
    partial = [f for f in e.funded if f.partial_payers]
    assert partial
    for f in partial:
        assert f.share is not None
        assert f.share * f.full_payers + f.partial_paid == f.cost
    assert any("hadden minder geld over" in s for s in sentences(e))


@pytest.mark.parametrize("name", ["assen", "amsterdam166"])
def test_lowering_the_cost_to_what_the_explanation_says_gets_a_project_funded(name):
    inst = parse(MIT_FILES[name])
    e = explain(allocate(inst, completion="none", caps=False))
    checked = 0
    for n in e.not_funded:
        if n.max_cost is None or n.blocked_by or n.tied or n.max_cost < 2:
            continue
        cheaper = int(n.max_cost * inst.unit) - 1
        changed = replace(
            inst,
            projects=[
                replace(p, cost=cheaper) if p.id == n.project_id else p for p in inst.projects
            ],
        )
        assert n.project_id in allocate(changed, completion="none", caps=False).funded
        checked += 1
    assert checked >= 3


def test_a_cap_that_ran_out_is_named():
    inst = _textbook()
    inst.projects[1] = replace(inst.projects[1], district="Zuid")
    inst.votes.extend(Vote(f"x{i}", ("B",)) for i in range(5))
    inst.district_caps = {"Zuid": 30}
    e = explain(allocate(inst, completion="none"))
    b = next(n for n in e.not_funded if n.project_id == "B")
    assert b.blocked_by == "district:Zuid"
    assert b.extra_supporters is None
    assert any("het geld voor het gebied Zuid was op" in s for s in sentences(e))


def test_greedy_and_completion_phases_are_explained():
    fill = explain(allocate(_textbook(), completion="utilitarian"))
    assert [f.phase for f in fill.funded] == ["mes", "fill"]
    assert "met het geld dat nog over was" in sentences(fill)[1]
    greedy = explain(allocate(_textbook(), rule="greedy"))
    assert {f.phase for f in greedy.funded} == {"greedy"}
    assert greedy.not_funded[0].cost_reduction == 40


def test_the_summary_counts_money_in_dutch_notation():
    e = explain(allocate(parse(MIT_FILES["amsterdam166"]), completion="none"))
    assert summary(e).startswith("Er is € ")
    assert money(Fraction(123456789, 100)) == "€ 1.234.567,89"
    assert money(1200) == "€ 1.200"
    assert money(Fraction(1, 3), up=True) == "€ 1"
    assert money(5, "PLN") == "zł 5"


def test_messages_go_through_a_replaceable_translator():
    try:
        use_translator(
            lambda s: s.replace("gekozen", "CHOSEN"), lambda one, many, n: one if n == 1 else many
        )
        assert "CHOSEN" in sentences(explain(allocate(_textbook(), rule="greedy")))[0]
    finally:
        use_translator(lambda s: s, lambda one, many, n: one if n == 1 else many)
