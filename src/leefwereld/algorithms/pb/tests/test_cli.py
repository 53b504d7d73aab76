from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path

import pytest

from leefwereld.algorithms.pb.cli import CLIError, main, run
from leefwereld.algorithms.pb.pabulib import parse

from .conftest import MIT_FILES

ASSEN = str(MIT_FILES["assen"])


def test_json_output_is_one_object_with_funded_ids_and_spent():
    data = json.loads(run([ASSEN, "--json"]))
    assert set(data) == {"funded", "spent"}
    assert all(isinstance(pid, str) for pid in data["funded"])
    costs = {p.id: p.cost for p in parse(ASSEN).projects}
    assert data["spent"] == sum(costs[pid] for pid in data["funded"])
    # Defaults: equal shares, add1, cost utility (pabutools agrees on this set).
    assert set(data["funded"]) == {"11", "12", "13", "14", "2", "3", "5", "6", "9"}


def test_options_select_rule_completion_and_utility():
    greedy = json.loads(run([ASSEN, "--rule", "greedy", "--json"]))
    assert set(greedy["funded"]) == {"11", "13", "14", "2", "3", "8", "9"}
    none = json.loads(run([ASSEN, "--completion", "none", "--utility", "cost", "--json"]))
    assert none["spent"] == 60_700
    approval = json.loads(run([ASSEN, "--completion", "none", "--utility", "approval", "--json"]))
    assert approval["funded"] != none["funded"]


def test_text_output_lists_the_funded_ids_and_the_amount_spent():
    text = run([ASSEN, "--completion", "none"])
    assert "funded (7): 3 9 2 13 11 14 12" in text
    assert "spent: 60700 of 100000" in text


def test_explain_adds_dutch_sentences():
    text = run([ASSEN, "--completion", "none", "--explain"])
    # 7200 / 43 voters
    assert "PopUp Podium is gekozen: 43 stemmers betaalden elk € 167,44." in text
    data = json.loads(run([ASSEN, "--completion", "none", "--explain", "--json"]))
    assert data["explanation"][0].startswith("Er is € 60.700")


def test_caps_are_applied_unless_switched_off():
    amsterdam = str(MIT_FILES["amsterdam166"])
    with_caps = json.loads(run([amsterdam, "--completion", "none", "--json"]))
    without = json.loads(run([amsterdam, "--completion", "none", "--no-caps", "--json"]))
    assert with_caps != without


def test_a_broken_file_is_reported_with_its_line(tmp_path: Path):
    broken = tmp_path / "broken.pb"
    broken.write_text(
        "META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\na;tien\nVOTES\nvoter_id;vote\n"
    )
    with pytest.raises(CLIError, match="line 6"):
        run([str(broken)])
    with pytest.raises(CLIError, match="cannot read"):
        run([str(tmp_path / "missing.pb")])
    assert main([str(broken)]) == 1


def test_the_django_command_wraps_the_same_function():
    if importlib.util.find_spec("django") is None:
        pytest.skip("Django is not installed")
    from django.conf import settings

    if not settings.configured:
        pytest.skip("Django settings are not configured (run under pytest-django)")
    from django.core.management import call_command, get_commands

    if "pb" not in get_commands():
        pytest.skip("leefwereld.democracy is not in INSTALLED_APPS")
    out = io.StringIO()
    call_command("pb", ASSEN, "--json", "--completion", "none", stdout=out)
    assert json.loads(out.getvalue()) == json.loads(run([ASSEN, "--json", "--completion", "none"]))
