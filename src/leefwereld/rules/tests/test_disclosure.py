"""Disclosure control, attacked: an attacker who knows the method and every published figure
tries to recover hidden counts from totals, from differences between years and filters.

The attacker here is written independently of the module: it solves the published
equations by rank (a hidden value is fixed when removing it lowers the rank of the system
of hidden unknowns), with exact fractions, and by bounds on non-negative counts.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leefwereld.rules import disclosure as d

# --- the attacker ---------------------------------------------------------------------------


def _rank(matrix: list[list[int]]) -> int:
    """Rank over the rationals by fraction-free elimination on integer rows."""
    rows = [list(r) for r in matrix if any(r)]
    rank, col = 0, 0
    width = len(rows[0]) if rows else 0
    while rank < len(rows) and col < width:
        pivot = next((k for k in range(rank, len(rows)) if rows[k][col] != 0), None)
        if pivot is None:
            col += 1
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        lead = rows[rank][col]
        for k in range(rank + 1, len(rows)):
            f = rows[k][col]
            if f:
                line = [a * lead - f * b for a, b in zip(rows[k], rows[rank], strict=True)]
                g = math.gcd(*line) or 1
                rows[k] = [v // g for v in line]
        rank += 1
        col += 1
    return rank


def recoverable(cells: dict, equations: list[list[tuple[object, int]]]) -> set:
    """The hidden cells (value None) whose value follows from the equations.

    ``cells`` maps a name to its published value or None; each equation is a list of
    (name, sign) that sums to zero. A hidden x is fixed iff the system's rank drops when x
    is pinned... equivalently iff the column of x is not needed: rank(A) > rank(A without x)
    would mean x is free; we test whether e_x is in the row space: rank(A) == rank(A + e_x).
    """
    unknowns = sorted((k for k, v in cells.items() if v is None), key=repr)
    if not unknowns:
        return set()
    col = {k: n for n, k in enumerate(unknowns)}
    matrix: list[list[int]] = []
    for equation in equations:
        line = [0] * len(unknowns)
        for name, sign in equation:
            if name in col:
                line[col[name]] += sign
        matrix.append(line)
    base = _rank(matrix)
    found = set()
    for name in unknowns:
        unit = [0] * len(unknowns)
        unit[col[name]] = 1
        if _rank([*matrix, unit]) == base:
            found.add(name)
    return found


def table_equations(p: d.Protected, tag: object = None) -> tuple[dict, list]:
    """The published cells of one table and its sum equations, named (tag, row, column)."""
    cells = {}
    for i, r in enumerate(p.rows):
        for j, c in enumerate(p.columns):
            cells[(tag, r, c)] = p.cells[i][j].value
        cells[(tag, r, "*")] = p.row_totals[i].value
    for j, c in enumerate(p.columns):
        cells[(tag, "*", c)] = p.column_totals[j].value
    cells[(tag, "*", "*")] = p.total.value
    equations = []
    for r in [*p.rows, "*"]:
        equations.append([((tag, r, c), 1) for c in p.columns] + [((tag, r, "*"), -1)])
    for c in [*p.columns, "*"]:
        equations.append([((tag, r, c), 1) for r in p.rows] + [((tag, "*", c), -1)])
    return cells, equations


def no_rounding(rows, columns, cells, **kw):
    # The attack runs on exact figures: rounding only adds protection, so the proof must
    # hold without it.
    return d.protect(rows, columns, cells, rounding_base=1, **kw)


# --- behaviour ------------------------------------------------------------------------------


def test_a_count_below_ten_is_not_shown_and_zero_is():
    p = no_rounding(["Noord", "Zuid"], ["a", "b"], [[3, 0], [40, 50]])
    assert p.cell("Noord", "a").hidden == d.PRIMARY
    assert p.cell("Noord", "b").value == 0


def test_a_single_small_cell_cannot_be_read_from_its_row_total():
    # Hand-worked: Noord a=3 is hidden; Noord's total 43 would give it away (43-40), so a
    # second cell in row Noord and one in column a must go too: the cheapest cycle hides
    # Noord b (40), Zuid a (20) and Zuid b (25), all other figures stay.
    p = no_rounding(["Noord", "Zuid", "West"], ["a", "b"], [[3, 40], [20, 25], [30, 31]])
    hidden = {(r, c) for r in p.rows for c in p.columns if p.cell(r, c).is_hidden}
    assert hidden == {("Noord", "a"), ("Noord", "b"), ("Zuid", "a"), ("Zuid", "b")}
    assert p.row_total("Noord").value == 43
    assert p.column_total("a").value == 53
    cells, equations = table_equations(p)
    assert recoverable(cells, equations) == set()


def test_totals_minus_shown_cells_give_nothing_back_in_a_one_row_table():
    # One wijk, three themes: the column totals equal the cells, so they must be hidden too.
    p = no_rounding(["Noord"], ["a", "b", "c"], [[4, 30, 25]])
    assert p.column_total("a").is_hidden
    cells, equations = table_equations(p)
    assert recoverable(cells, equations) == set()


def test_rounding_is_to_five_half_up_by_default():
    p = d.protect(["Noord"], ["a", "b"], [[12, 13]])
    assert (p.cell("Noord", "a").value, p.cell("Noord", "b").value) == (10, 15)
    assert p.row_total("Noord").value == 25
    assert d.round_to(17, 5) == 15 and d.round_to(18, 5) == 20 and d.round_to(7, 1) == 7


def test_the_threshold_is_a_parameter():
    p = no_rounding(["Noord", "Zuid"], ["a", "b"], [[12, 30], [30, 30]], threshold=15)
    assert p.cell("Noord", "a").hidden == d.PRIMARY


def test_bad_tables_are_refused_in_dutch():
    with pytest.raises(ValueError, match="negatief"):
        d.protect(["a"], ["x"], [[-1]])
    with pytest.raises(ValueError, match="rijen en kolommen"):
        d.protect(["a", "b"], ["x"], [[1]])


def test_shares_rest_on_at_least_the_threshold():
    assert not d.share_allowed(9) and d.share_allowed(10)
    assert d.protect_count(4) == d.Shown(None, d.PRIMARY)
    assert d.protect_count(0) == d.Shown(0)


def test_the_same_table_is_protected_the_same_way_every_time():
    cells = [[3, 40, 12], [20, 5, 25], [30, 31, 0]]
    assert no_rounding(["a", "b", "c"], ["x", "y", "z"], cells) == no_rounding(
        ["a", "b", "c"], ["x", "y", "z"], cells
    )


def test_a_dumbbell_of_two_safe_blocks_joined_by_one_cell_is_closed():
    # Every row and column with a hidden cell has two, yet one hidden cell is a bridge: the
    # classic "two per line" rule misses this; the bridge test does not.
    cells = [
        [3, 4, 50, 50],
        [4, 3, 50, 50],
        [50, 50, 3, 4],
        [50, 50, 4, 3],
    ]
    p = no_rounding(["a", "b", "c", "d"], ["w", "x", "y", "z"], cells)
    published, equations = table_equations(p)
    assert recoverable(published, equations) == set()


# --- differencing across years and filters ----------------------------------------------------


def test_a_year_cannot_be_read_as_all_years_minus_the_other_year():
    # Hand-worked: Noord had 4 cases in 2025 and 30 in 2026. Protected per year only, "all
    # years" shows 34 and 2026 shows 30: 34 - 30 = 4. Linked protection hides a partner.
    years = {"2025": [[4, 20], [30, 40]], "2026": [[30, 25], [35, 40]]}
    per_year, summed = d.protect_linked(["Noord", "Zuid"], ["a", "b"], years, rounding_base=1)
    cells: dict = {}
    equations: list = []
    for year, p in [*per_year.items(), ("*", summed)]:
        c, e = table_equations(p, year)
        cells.update(c)
        equations += e
    for r in ["Noord", "Zuid", "*"]:
        for c in ["a", "b", "*"]:
            equations.append([(("2025", r, c), 1), (("2026", r, c), 1), (("*", r, c), -1)])
    assert per_year["2025"].cell("Noord", "a").hidden == d.PRIMARY
    assert recoverable(cells, equations) == set()


def test_unlinked_protection_would_leak_across_years():
    # The same figures protected one table at a time: the attacker does find the 4. This is
    # why the monitor links a table to its "all years" sum (or publishes no running totals).
    years = {"2025": [[4, 20], [30, 40]], "2026": [[30, 25], [35, 40]]}
    cells: dict = {}
    equations: list = []
    total = [[sum(v[i][j] for v in years.values()) for j in range(2)] for i in range(2)]
    for year, table in [*years.items(), ("*", total)]:
        c, e = table_equations(no_rounding(["Noord", "Zuid"], ["a", "b"], table), year)
        cells.update(c)
        equations += e
    for r in ["Noord", "Zuid", "*"]:
        for c in ["a", "b", "*"]:
            equations.append([(("2025", r, c), 1), (("2026", r, c), 1), (("*", r, c), -1)])
    assert ("2025", "Noord", "a") in recoverable(cells, equations)


def test_a_filter_cannot_be_differenced_from_the_unfiltered_table():
    # Filter "only 'schulden'" vs no filter: the filtered-out part is the other layer.
    layers = {"schulden": [[12, 14], [30, 33]], "overig": [[5, 40], [22, 21]]}
    per_layer, summed = d.protect_linked(
        ["Noord", "Zuid"], ["2025", "2026"], layers, rounding_base=1
    )
    cells: dict = {}
    equations: list = []
    for name, p in [*per_layer.items(), ("*", summed)]:
        c, e = table_equations(p, name)
        cells.update(c)
        equations += e
    for r in ["Noord", "Zuid", "*"]:
        for c in ["2025", "2026", "*"]:
            equations.append([(("schulden", r, c), 1), (("overig", r, c), 1), (("*", r, c), -1)])
    assert per_layer["overig"].cell("Noord", "2025").is_hidden
    assert recoverable(cells, equations) == set()


# --- invariants (Hypothesis) ----------------------------------------------------------------

counts = st.one_of(st.integers(0, 12), st.integers(0, 200))


@st.composite
def tables(draw, max_side=4):
    n_rows = draw(st.integers(1, max_side))
    n_cols = draw(st.integers(1, max_side))
    cells = [[draw(counts) for _ in range(n_cols)] for _ in range(n_rows)]
    return [f"r{i}" for i in range(n_rows)], [f"c{j}" for j in range(n_cols)], cells


@settings(max_examples=200, deadline=None)
@given(tables())
def test_no_hidden_cell_is_ever_recoverable_from_one_table(table):
    rows, columns, cells = table
    p = no_rounding(rows, columns, cells)
    published, equations = table_equations(p)
    assert recoverable(published, equations) == set()


@settings(max_examples=200, deadline=None)
@given(tables())
def test_every_shown_count_is_zero_or_at_least_the_threshold(table):
    rows, columns, cells = table
    p = no_rounding(rows, columns, cells)
    every = [c for line in p.cells for c in line]
    every += [*p.row_totals, *p.column_totals, p.total]
    assert all(c.value is None or c.value == 0 or c.value >= 10 for c in every)
    # and shown figures are the true ones (without rounding)
    for i, line in enumerate(p.cells):
        for j, shown in enumerate(line):
            assert shown.value in (None, cells[i][j])


@settings(max_examples=200, deadline=None)
@given(tables(), st.sampled_from([5, 10]))
def test_rounded_figures_are_within_half_a_base_of_the_truth(table, base):
    rows, columns, cells = table
    p = d.protect(rows, columns, cells, rounding_base=base)
    for i, line in enumerate(p.cells):
        for j, shown in enumerate(line):
            if shown.value is not None:
                assert shown.value % base == 0
                assert abs(shown.value - cells[i][j]) <= base // 2


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 3), st.integers(1, 3), st.integers(2, 3), st.data())
def test_no_hidden_cell_is_recoverable_across_linked_tables(n_rows, n_cols, n_layers, data):
    rows = [f"r{i}" for i in range(n_rows)]
    columns = [f"c{j}" for j in range(n_cols)]
    layers = {
        f"y{k}": [[data.draw(counts) for _ in columns] for _ in rows] for k in range(n_layers)
    }
    per_layer, summed = d.protect_linked(rows, columns, layers, rounding_base=1)
    cells: dict = {}
    equations: list = []
    for name, p in [*per_layer.items(), ("*", summed)]:
        c, e = table_equations(p, name)
        cells.update(c)
        equations += e
    for r in [*rows, "*"]:
        for c in [*columns, "*"]:
            equations.append([((name, r, c), 1) for name in layers] + [(("*", r, c), -1)])
    assert recoverable(cells, equations) == set()
