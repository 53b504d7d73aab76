from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest

from leefwereld.algorithms.pb.model import Instance
from leefwereld.algorithms.pb.pabulib import PabulibError, parse, parse_text, write, write_text

from .conftest import MIT_FILES, lodz_path

SMALL = """META
key;value
description;"A test; with a semicolon"
budget;100
vote_type;approval
PROJECTS
project_id;cost;name;category
a;40;"Park ""De Wei"" Noord";Groen
b;60;Bankjes;Groen,Spelen
c;30;Speeltuin;Spelen
VOTES
voter_id;vote;age
1;a,b;30
2;b;41
3;c,a;none
"""


def _same_after_round_trip(inst: Instance) -> None:
    """Writing adds the standard num_projects/num_votes keys; everything else must survive."""
    again = parse_text(write_text(inst))
    assert replace(again, meta=inst.meta) == inst
    assert {k: v for k, v in again.meta.items() if k in inst.meta} == inst.meta
    assert again.meta["num_projects"] == str(len(inst.projects))


def test_it_reads_the_three_sections_with_quoted_fields():
    inst = parse_text(SMALL)
    assert inst.budget == 100
    assert inst.meta["description"] == "A test; with a semicolon"
    assert [p.id for p in inst.projects] == ["a", "b", "c"]
    assert inst.projects[0].name == 'Park "De Wei" Noord'
    assert inst.projects[1].categories == ("Groen", "Spelen")
    assert inst.votes[2].projects == ("c", "a")
    assert inst.votes[0].fields == {"age": "30"}


@pytest.mark.parametrize("name", sorted(MIT_FILES))
def test_writing_and_reading_back_gives_the_same_instance(name, tmp_path: Path):
    inst = parse(MIT_FILES[name])
    again = parse_text(write_text(inst))
    assert again == inst
    write(inst, tmp_path / "copy.pb")
    assert parse(tmp_path / "copy.pb") == inst


def test_it_reads_lodz_including_a_name_with_escaped_quotes():
    inst = parse(lodz_path())
    assert len(inst.projects) == 160
    assert len(inst.votes) == 90_494
    assert inst.project("L132").name.endswith('senora"')


def test_it_reads_amsterdam_category_caps():
    inst = parse(MIT_FILES["amsterdam166"])
    assert inst.category_caps["Armoede"] == 52_000
    assert sum(inst.category_caps.values()) == 250_000
    assert inst.project("12431").categories == ("Armoede",)


def test_it_reads_amsterdam_neighbourhood_caps_as_district_caps():
    inst = parse(MIT_FILES["amsterdam252"])
    assert inst.district_field == "neighborhood"
    assert inst.district_caps == {
        "Oostelijke Eilanden": 150_000,
        "Haarlemmerhouttuinen": 100_000,
        "Other": 250_000,
    }
    assert inst.project("35352").district == "Oostelijke Eilanden"


def test_it_reads_our_own_district_caps():
    text = SMALL.replace("category\n", "category;district\n").replace(
        "budget;100\n", "budget;100\ndistricts;Noord,Zuid\nbudget_per_district;50,70\n"
    )
    text = text.replace(";Groen\n", ";Groen;Noord\n").replace(
        ";Groen,Spelen\n", ';"Groen,Spelen";Zuid\n'
    )
    text = text.replace(";Spelen\n", ";Spelen;Noord\n")
    inst = parse_text(text)
    assert inst.district_caps == {"Noord": 50, "Zuid": 70}
    assert [p.district for p in inst.projects] == ["Noord", "Zuid", "Noord"]
    _same_after_round_trip(inst)


def test_costs_with_cents_are_kept_as_integer_cents():
    inst = parse_text(SMALL.replace("a;40;", "a;40,5;").replace("budget;100", "budget;100.25"))
    assert inst.decimals == 2
    assert inst.budget == 10_025
    assert [p.cost for p in inst.projects] == [4050, 6000, 3000]
    _same_after_round_trip(inst)


def test_it_reads_and_writes_cardinal_points():
    text = (
        "META\nkey;value\nbudget;10\nvote_type;scoring\n"
        "PROJECTS\nproject_id;cost\nx;5\ny;5\n"
        "VOTES\nvoter_id;vote;points\nv1;x,y;3,1.5\n"
    )
    inst = parse_text(text)
    assert inst.votes[0].points == (Fraction(3), Fraction(3, 2))
    _same_after_round_trip(inst)


def _error(text: str) -> PabulibError:
    with pytest.raises(PabulibError) as info:
        parse_text(text)
    return info.value


def test_a_vote_for_an_unknown_project_names_its_line():
    err = _error(SMALL.replace("2;b;41", "2;zz;41"))
    assert err.line == 14
    assert "line 14" in str(err)
    assert "zz" in str(err)


def test_a_cost_that_is_not_a_number_names_its_line():
    err = _error(SMALL.replace("c;30;", "c;dertig;"))
    assert err.line == 10
    assert "dertig" in str(err)


def test_a_row_with_too_few_fields_names_its_line():
    err = _error(SMALL.replace("b;60;Bankjes;Groen,Spelen", "b;60;Bankjes"))
    assert err.line == 9


def test_a_quoted_field_spanning_lines_keeps_later_line_numbers_right():
    text = SMALL.replace('"A test; with a semicolon"', '"two\nlines"').replace("2;b;41", "2;q;41")
    assert _error(text).line == 15


def test_missing_budget_is_reported_at_the_meta_section():
    err = _error(SMALL.replace("budget;100\n", ""))
    assert err.line == 1
    assert "budget" in str(err)


def test_a_missing_section_is_reported():
    err = _error(SMALL[: SMALL.index("VOTES")])
    assert "VOTES" in str(err)


def test_cap_lists_of_different_length_name_the_line():
    text = SMALL.replace(
        "budget;100\n", "budget;100\ncategories;Groen,Spelen\nbudget_per_category;50\n"
    )
    err = _error(text)
    assert err.line == 6
    assert "budget_per_category" in str(err)


def test_a_duplicate_project_names_its_line():
    err = _error(SMALL.replace("c;30;Speeltuin", "a;30;Speeltuin"))
    assert err.line == 10


def test_a_duplicate_voter_names_its_line():
    assert _error(SMALL.replace("2;b;41", "1;b;41")).line == 14


def test_an_unknown_vote_type_is_rejected():
    err = _error(SMALL.replace("vote_type;approval", "vote_type;quadratic"))
    assert err.line == 5
