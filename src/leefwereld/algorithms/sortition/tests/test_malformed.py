"""Malformed quota tables, pools and panel sizes: a clear error naming the file, line and
column (and a non-zero exit), or a correct problem — never a traceback or a wrong result."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from leefwereld.algorithms.sortition.cli import main
from leefwereld.algorithms.sortition.io import (
    check_bounds,
    parse_pool,
    parse_quotas,
    read_table,
)
from leefwereld.algorithms.sortition.model import (
    MAX_COUNT,
    InputError,
    Problem,
    SortitionError,
    TypeSpace,
)

from .mutations import HOSTILE, POOL, QUOTAS, SIZES, malformed_tables


def _files(tmp_path: Path, quotas: str = QUOTAS, pool: str = POOL) -> tuple[str, str]:
    (tmp_path / "q.csv").write_text(quotas)
    (tmp_path / "p.csv").write_text(pool)
    return str(tmp_path / "q.csv"), str(tmp_path / "p.csv")


def _solve(tmp_path: Path, size: str, quotas: str = QUOTAS, pool: str = POOL) -> list[str]:
    q, p = _files(tmp_path, quotas, pool)
    return ["--quotas", q, "--pool", p, "--size", size, "--method", "maximin"]


@pytest.mark.parametrize(
    ("size", "words"),
    [
        ("100000000000000000000", "larger than"),
        ("0", "between 1 and"),
        ("-3", "between 1 and"),
        ("²", "not a whole number"),
        ("7", "larger than the pool (6 people"),
    ],
)
def test_a_panel_size_out_of_bounds_exits_non_zero_with_a_message(tmp_path, size, words, capsys):
    argv = _solve(tmp_path, size)
    assert main(argv) != 0
    assert words in capsys.readouterr().err
    with pytest.raises(CommandError) as caught:
        call_command("sortition", "--", *argv)
    assert words in str(caught.value)
    assert caught.value.returncode != 0


@pytest.mark.parametrize(
    ("bound", "words"),
    [
        ("100000000000000000000", "line 2, field 'max': 100000000000000000000 is larger"),
        ("9223372036854775808", "line 2, field 'max': 9223372036854775808 is larger"),
        ("5", "line 2, field 'max': max 5 for 'geslacht: vrouw' is larger than the panel size 4"),
        ("1_000", "line 2, field 'max': '1_000' is not a whole number"),
    ],
)
def test_quota_bounds_out_of_range_name_the_line_and_column(tmp_path, bound, words):
    quotas = QUOTAS.replace("vrouw,1,3", f"vrouw,1,{bound}")
    with pytest.raises(CommandError) as caught:
        call_command("sortition", "--", *_solve(tmp_path, "4", quotas=quotas))
    assert words in str(caught.value)


def test_non_utf8_pool_names_the_line(tmp_path):
    q, p = _files(tmp_path)
    Path(p).write_bytes(POOL.encode() + b"p7,\x81,Zuid\n")
    with pytest.raises(CommandError, match="line 8: not UTF-8"):
        call_command("sortition", "--", "--quotas", q, "--pool", p, "--size", "4")


def test_a_good_problem_still_solves(tmp_path):
    out = io.StringIO()
    call_command("sortition", "--", *_solve(tmp_path, "4"), "--json", stdout=out)
    assert json.loads(out.getvalue())["size"] == 4
    # and the bounds themselves stay permissive for what is valid
    check_bounds(
        parse_quotas(read_table(QUOTAS, "q")),
        parse_pool(read_table(POOL, "p"), parse_quotas(read_table(QUOTAS, "q"))),
        4,
        "q",
        "p",
    )


def _check(quotas_text: str, pool_text: str, size: int) -> None:
    try:
        quotas = parse_quotas(read_table(quotas_text, "q.csv"))
        people = parse_pool(read_table(pool_text, "p.csv"), quotas)
        check_bounds(quotas, people, size, "q.csv", "p.csv")
        problem = Problem.build(quotas, people, size)
    except InputError as error:
        assert error.source in ("q.csv", "p.csv", "--size"), error
        assert error.line is not None or error.source == "--size" or "empty" in error.message
        return
    except SortitionError as error:  # only the model's own last line of defence
        assert "panel size" in str(error) or "bounds" in str(error)
        return
    # A correct problem: every bound within 0..size, every person a known value.
    assert 1 <= problem.size <= len(problem.people) <= 10
    for quota in problem.quotas:
        assert 0 <= quota.min <= quota.max <= problem.size <= MAX_COUNT
    for person in problem.people:
        assert all(0 <= c < len(problem.values[f]) for f, c in enumerate(person.codes))
    TypeSpace.build(problem)


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32), steps=st.integers(min_value=1, max_value=4))
def test_mutated_tables_give_a_clear_error_or_a_correct_problem(seed, steps):
    _check(*malformed_tables(seed, steps))


@settings(max_examples=100, deadline=None)
@given(
    row=st.integers(min_value=0, max_value=6),
    column=st.integers(min_value=0, max_value=3),
    value=st.one_of(st.sampled_from(HOSTILE), st.text(max_size=20)),
    size=st.sampled_from(SIZES),
    in_pool=st.booleans(),
)
def test_any_cell_and_size_give_a_clear_error_or_a_correct_problem(
    row, column, value, size, in_pool
):
    lines = (POOL if in_pool else QUOTAS).rstrip("\n").split("\n")
    i = row % len(lines)
    cells = lines[i].split(",")
    cells[column % len(cells)] = value
    lines[i] = ",".join(cells)
    text = "\n".join(lines) + "\n"
    _check(QUOTAS if in_pool else text, text if in_pool else POOL, size)
