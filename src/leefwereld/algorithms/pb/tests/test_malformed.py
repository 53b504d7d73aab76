"""Malformed `.pb` files: every one gives a PabulibError naming a line, or a correct
instance — never another exception, never a number too large to compute with."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from leefwereld.algorithms.pb import allocate
from leefwereld.algorithms.pb.cli import main
from leefwereld.algorithms.pb.pabulib import (
    MAX_DECIMALS,
    MAX_WHOLE_DIGITS,
    PabulibError,
    decode,
    parse,
    parse_text,
    write_text,
)

from .mutations import APPROVAL, HOSTILE, VALID, malformed

FILE = (
    "META\nkey;value\nbudget;{budget}\nPROJECTS\nproject_id;cost\n{pid};{cost}\n"
    "VOTES\nvoter_id;vote\n1;{pid}\n"
)


def _file(budget="100", pid="a", cost="40") -> str:
    return FILE.format(budget=budget, pid=pid, cost=cost)


def _check(data: bytes) -> None:
    """The reader's contract, for one input."""
    try:
        instance = parse_text(decode(data))
    except PabulibError as error:
        assert error.line is not None and error.line >= 1, error
        assert str(error).startswith(f"line {error.line}: ")
        return
    limit = 10 ** (MAX_WHOLE_DIGITS + MAX_DECIMALS)
    assert 0 <= instance.budget < limit
    assert all(0 <= p.cost < limit for p in instance.projects)
    ids = {p.id for p in instance.projects}
    assert len(ids) == len(instance.projects)
    assert all(set(v.projects) <= ids for v in instance.votes)
    again = parse_text(write_text(instance))
    # The writer may add standard columns (category when there are category caps).
    same = replace(
        again,
        meta=instance.meta,
        project_columns=instance.project_columns,
        vote_columns=instance.vote_columns,
    )
    assert same == instance
    if instance.vote_type in ("approval", "choose-1"):
        for rule in ("greedy", "mes"):
            outcome = allocate(instance, rule=rule)
            assert outcome.spent <= instance.budget or not outcome.caps


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (_file(budget="1e400"), 3, "too large"),
        (_file(cost="1e999999"), 6, "too large"),
        (_file(cost="-1e999999"), 6, "too large"),
        (_file(budget="12345678901234567890"), 3, "too large"),
        (_file(cost="1e-400"), 6, "decimals"),
        (_file(cost="NaN"), 6, "not a number"),
        (_file(cost="1" * 60), 6, "too long"),
        (
            "META\nPROJECTS\nproject_id;cost\nVOTES\nvoter_id;vote\n",
            2,
            "META (line 1) has no header",
        ),
        ("META\nkey;value\nbudget;1\nPROJECTS\nVOTES\nvoter_id;vote\n", 5, "PROJECTS (line 4)"),
        ("META\nkey;value\nbudget;1\nPROJECTS\nproject_id;cost\nVOTES\n", 7, "VOTES (line 6)"),
        ("", 1, "no META section"),
        ("META\nkey;value\nbudget;1\n", 4, "no PROJECTS section"),
        (_file(pid="p" * 201), 6, "at most 200"),
    ],
)
def test_a_malformed_file_is_refused_naming_the_line(text, line, words):
    with pytest.raises(PabulibError) as caught:
        parse_text(text)
    assert caught.value.line == line
    assert words in str(caught.value)


def test_non_utf8_bytes_are_refused_naming_the_line():
    data = _file().encode().replace(b"a;40", b"\xff;40")
    with pytest.raises(PabulibError, match="not UTF-8") as caught:
        decode(data)
    assert caught.value.line == 6


def test_amounts_within_bounds_are_read_exactly():
    inst = parse_text(_file(budget="999999999999999", cost="0.000001"))
    assert inst.decimals == 6
    assert inst.budget == 999_999_999_999_999 * 10**6
    assert inst.projects[0].cost == 1
    # Trailing zeros beyond six decimals do not change the value and are accepted.
    trailing = parse_text(_file(cost="40.5000000000"))
    assert (trailing.decimals, trailing.projects[0].cost) == (6, 40_500_000)
    assert parse_text(_file(cost="4e1")).projects[0].cost == 40


def test_a_shorter_id_limit_names_the_line():
    with pytest.raises(PabulibError, match="at most 40") as caught:
        parse_text(_file(pid="x" * 41), max_id_length=40)
    assert caught.value.line == 6


def test_cap_names_twice_and_negative_caps_are_refused():
    text = APPROVAL.replace("Groen,Spelen\nbudget_per", "Groen,Groen\nbudget_per")
    with pytest.raises(PabulibError, match="twice"):
        parse_text(text)
    with pytest.raises(PabulibError, match="negative"):
        parse_text(APPROVAL.replace("600,500", "600,-500"))


@pytest.mark.parametrize("data", [b"\xff\xfe", _file(cost="1e999999").encode(), b"META\nVOTES\n"])
def test_the_command_exits_non_zero_with_the_line(tmp_path: Path, data, capsys):
    path = tmp_path / "bad.pb"
    path.write_bytes(data)
    assert main([str(path)]) == 1
    assert "line " in capsys.readouterr().err
    with pytest.raises(CommandError, match="line "):
        call_command("pb", str(path))


def test_the_reader_on_disk_refuses_non_utf8(tmp_path: Path):
    path = tmp_path / "latin1.pb"
    path.write_bytes(_file(pid="é").encode("latin-1"))
    with pytest.raises(PabulibError, match="not UTF-8") as caught:
        parse(path)
    assert caught.value.line == 6


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32), steps=st.integers(min_value=1, max_value=5))
def test_mutated_files_give_a_line_or_a_correct_instance(seed, steps):
    _check(malformed(seed, steps))


@settings(max_examples=100, deadline=None)
@given(
    base=st.sampled_from(VALID),
    line=st.integers(min_value=0, max_value=20),
    value=st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30)),
)
def test_any_value_in_any_line_gives_a_line_or_a_correct_instance(base, line, value):
    lines = base.split("\n")
    i = line % len(lines)
    cells = lines[i].split(";")
    cells[line % len(cells)] = value
    lines[i] = ";".join(cells)
    _check("\n".join(lines).encode("utf-8", "surrogatepass"))
