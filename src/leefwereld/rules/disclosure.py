"""Disclosure control for published counts: no person recognisable from a figure.

Pure functions, no Django (the import rules forbid it). Every page that publishes counts
(the council monitor, the open data, the routes figures, the debt fund's economics, the
ombudsman's patterns) passes its tables through :func:`protect` and shows only what comes
back. The method, its sources and what it does *not* protect against are in
``docs/disclosure-control.md`` and ADR 0017.

The method (as in the ESSnet *Handbook on Statistical Disclosure Control*, ch. 5, whose
tools CBS builds and uses, and as CBS publishes small-area figures):

1. **Primary suppression**: a count of 1 up to ``threshold - 1`` (default 10) is not
   shown. Zero is shown: "nobody" discloses nothing about a person. The threshold is a
   parameter; 10 is the minimum frequency CBS sets for output from its microdata
   (``CBS_OUTPUT_RULES``).
2. **Secondary suppression**: a table is published with its margins (row totals, column
   totals, grand total). A suppressed cell must not be recoverable from those totals and
   the shown cells. Written as equations (every row and column of the table with its
   margins sums to zero when totals are taken negatively) a hidden cell's value is fixed
   by the published figures exactly when it is a *bridge* in the bipartite graph whose
   nodes are the rows and columns and whose edges are the hidden cells: a hidden cell on a
   cycle of hidden cells can be moved up and down along that cycle without changing any
   published figure. So we hide more cells, smallest first, until no hidden cell is a
   bridge (:func:`protect`). For several tables that share totals (the same table per
   year *and* for all years together; per filter *and* unfiltered) :func:`protect_linked`
   does the same over all their equations at once, checked by exact linear algebra.
3. **Rounding**: shown counts and totals are rounded to a multiple of ``rounding_base``
   (default 5, half up), each on its own, so totals need not add up. CBS rounds small-area
   counts and notes that totals may therefore differ from the sum of the parts
   (``CBS_WIJK_BUURT``); the base CBS uses differs per table, so it is a parameter and
   documented as such (``rounding_base_confirmed`` is False).

What this does not do: it does not protect against someone who knows every other person
in a cell (group disclosure, e.g. 100 % of a small group), nor against combining our
figures with other publications. The monitor only publishes per-year flows (never running
totals), so two years cannot be subtracted; tables that do share totals go through
:func:`protect_linked`.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from .sources import Source

CBS_OUTPUT_RULES = Source(
    "CBS, Outputrichtlijnen Microdata (minimaal 10 eenheden per cel)",
    "https://www.cbs.nl/nl-nl/onze-diensten/maatwerk-en-microdata/microdata-zelf-onderzoek-doen",
)
SDC_HANDBOOK = Source(
    "Hundepool e.a., Handbook on Statistical Disclosure Control, ESSnet SDC 2010, "
    "hoofdstuk 4-5 (tabellen: drempelregel, secundaire onderdrukking, afronding)",
    "https://research.cbs.nl/casc/handbook.htm",
)
CBS_WIJK_BUURT = Source(
    "CBS, Toelichting Wijk- en Buurtkaart 2020-2022, par. 4.1: gegevens kunnen ontbreken om "
    "redenen van geheimhouding; door afronding kunnen totalen afwijken van de som",
    "https://www.cbs.nl/nl-nl/longread/diversen/2022/toelichting-wijk-en-buurtkaart-2020-"
    "2021-en-2022/4-beschrijving-van-het-onderliggende-onderzoek",
    kind="secondary",
)
SOURCES = (CBS_OUTPUT_RULES, SDC_HANDBOOK, CBS_WIJK_BUURT)

DEFAULT_THRESHOLD = 10
DEFAULT_ROUNDING_BASE = 5
# The base of 5 is CBS practice for several small-area tables, not one rule for all of
# them: we could not confirm one published base for every table, so it is configurable.
rounding_base_confirmed = False

# Why a cell is not shown: the page says which (tests and docs use the same words).
PRIMARY = "primary"
SECONDARY = "secondary"


@dataclass(frozen=True)
class Shown:
    """One published figure: either a (rounded) count or hidden with a reason."""

    value: int | None
    hidden: str = ""  # "", PRIMARY or SECONDARY

    @property
    def is_hidden(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Protected:
    """A table as it may be published: cells, row and column totals and the grand total."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[Shown, ...], ...]
    row_totals: tuple[Shown, ...]
    column_totals: tuple[Shown, ...]
    total: Shown
    threshold: int
    rounding_base: int

    def cell(self, row: str, column: str) -> Shown:
        return self.cells[self.rows.index(row)][self.columns.index(column)]

    def row_total(self, row: str) -> Shown:
        return self.row_totals[self.rows.index(row)]

    def column_total(self, column: str) -> Shown:
        return self.column_totals[self.columns.index(column)]

    def hidden_count(self) -> int:
        every = [c for line in self.cells for c in line]
        every += [*self.row_totals, *self.column_totals, self.total]
        return sum(1 for c in every if c.is_hidden)


def round_to(value: int, base: int) -> int:
    """Round half up to a multiple of ``base`` (base 1 leaves the value as it is)."""
    if base <= 1:
        return value
    return (value + base // 2) // base * base


def is_primary(value: int, threshold: int = DEFAULT_THRESHOLD) -> bool:
    """Whether a count is too small to show (1 .. threshold-1); zero may be shown."""
    return 0 < value < threshold


def protect_count(value: int, *, threshold: int = DEFAULT_THRESHOLD, rounding_base: int = 1):
    """One count on its own (no totals it adds up to): threshold and rounding only."""
    if is_primary(value, threshold):
        return Shown(None, PRIMARY)
    return Shown(round_to(value, rounding_base))


def share_allowed(denominator: int, *, threshold: int = DEFAULT_THRESHOLD) -> bool:
    """A share, mean or median is shown only when it rests on at least ``threshold`` units."""
    return denominator >= threshold


# --- one table with margins -----------------------------------------------------------------


def _augmented(cells: Sequence[Sequence[int]]) -> list[list[int]]:
    """The table with its margins: row totals as the last column, column totals as the last
    row, the grand total in the corner."""
    n_cols = len(cells[0]) if cells else 0
    table = [[*row, sum(row)] for row in cells]
    table.append([sum(row[j] for row in table) for j in range(n_cols + 1)])
    return table


def _bridges(hidden: set[tuple[int, int]], n_rows: int, n_cols: int) -> list[tuple[int, int]]:
    """The hidden cells that are bridges of the bipartite row/column graph (Tarjan)."""
    # Nodes: rows 0..n_rows-1, columns n_rows..n_rows+n_cols-1. Edges: hidden cells.
    adjacency: dict[int, list[tuple[int, tuple[int, int]]]] = {}
    for r, c in hidden:
        adjacency.setdefault(r, []).append((n_rows + c, (r, c)))
        adjacency.setdefault(n_rows + c, []).append((r, (r, c)))
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    found: list[tuple[int, int]] = []
    counter = 0
    for start in sorted(adjacency):
        if start in order:
            continue
        order[start] = low[start] = counter
        counter += 1
        # Iterative DFS: (node, edge we came by, iterator over neighbours).
        stack: list[tuple[int, tuple[int, int] | None, Iterator[tuple[int, tuple[int, int]]]]]
        stack = [(start, None, iter(adjacency[start]))]
        while stack:
            node, via, neighbours = stack[-1]
            advanced = False
            for nxt, edge in neighbours:
                if edge == via:
                    continue
                if nxt in order:
                    low[node] = min(low[node], order[nxt])
                else:
                    order[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append((nxt, edge, iter(adjacency[nxt])))
                    advanced = True
                    break
            if not advanced:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent] and via is not None:
                        found.append(via)
    return sorted(found)


def _cost(value: int, ceiling: int) -> int:
    # Hide the smallest extra cells, but rather non-zero ones: a hidden zero next to a
    # hidden small count narrows the range an attacker can put the small count in.
    return value + 1 if value > 0 else ceiling


def _cheapest_cycle(table, hidden, bridge) -> list[tuple[int, int]]:
    """The cells to hide so that ``bridge`` lies on a cycle: the cheapest path from its row
    to its column over the other cells (hidden ones cost nothing), Dijkstra."""
    n_rows, n_cols = len(table), len(table[0])
    ceiling = sum(sum(line) for line in table) + 1
    start, goal = bridge[0], n_rows + bridge[1]
    best = {start: 0}
    back: dict[int, int] = {}
    queue = [(0, start)]
    while queue:
        dist, node = heapq.heappop(queue)
        if node == goal:
            break
        if dist > best.get(node, dist):
            continue
        if node < n_rows:
            steps = [(n_rows + j, (node, j)) for j in range(n_cols)]
        else:
            steps = [(i, (i, node - n_rows)) for i in range(n_rows)]
        for nxt, cell in steps:
            if cell == bridge:
                continue
            weight = 0 if cell in hidden else _cost(table[cell[0]][cell[1]], ceiling)
            if dist + weight < best.get(nxt, dist + weight + 1):
                best[nxt] = dist + weight
                back[nxt] = node
                heapq.heappush(queue, (dist + weight, nxt))
    path, node = [], goal
    while node != start:
        prev = back[node]
        path.append((prev, node - n_rows) if prev < n_rows else (node, prev - n_rows))
        node = prev
    return [cell for cell in path if cell not in hidden]


def secondary_suppression(
    table: Sequence[Sequence[int]], hidden: set[tuple[int, int]]
) -> set[tuple[int, int]]:
    """Add cells to ``hidden`` (positions in the table *with* margins) until no hidden cell
    can be computed from the rest. Deterministic: same table, same result."""
    hidden = set(hidden)
    n_rows, n_cols = len(table), len(table[0])
    while True:
        bridges = _bridges(hidden, n_rows, n_cols)
        if not bridges:
            return hidden
        hidden.update(_cheapest_cycle(table, hidden, bridges[0]))


def protect(
    rows: Sequence[str],
    columns: Sequence[str],
    cells: Sequence[Sequence[int]],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    rounding_base: int = DEFAULT_ROUNDING_BASE,
    also_hide: Sequence[tuple[str, str]] = (),
) -> Protected:
    """Protect a rows × columns table of counts with its totals for publication.

    ``also_hide`` names cells that must be hidden anyway (e.g. hidden in a linked table);
    use ``"*"`` as row or column name for a total.
    """
    if len(cells) != len(rows) or any(len(line) != len(columns) for line in cells):
        raise ValueError("De tabel heeft niet evenveel cellen als rijen en kolommen.")
    if any(v < 0 for line in cells for v in line):
        raise ValueError("Een aantal kan niet negatief zijn.")
    table = _augmented(cells) if rows and columns else [[0]]
    n_rows, n_cols = len(table), len(table[0])
    primary = {
        (i, j) for i in range(n_rows) for j in range(n_cols) if is_primary(table[i][j], threshold)
    }
    forced = set(primary)
    for row, column in also_hide:
        i = n_rows - 1 if row == "*" else list(rows).index(row)
        j = n_cols - 1 if column == "*" else list(columns).index(column)
        forced.add((i, j))
    hidden = secondary_suppression(table, forced)
    return _publish(rows, columns, table, hidden, primary, threshold, rounding_base)


def _publish(rows, columns, table, hidden, primary, threshold, rounding_base) -> Protected:
    def shown(i: int, j: int) -> Shown:
        if (i, j) in hidden:
            return Shown(None, PRIMARY if (i, j) in primary else SECONDARY)
        return Shown(round_to(table[i][j], rounding_base))

    n_rows, n_cols = len(table), len(table[0])
    return Protected(
        rows=tuple(rows),
        columns=tuple(columns),
        cells=tuple(tuple(shown(i, j) for j in range(n_cols - 1)) for i in range(n_rows - 1)),
        row_totals=tuple(shown(i, n_cols - 1) for i in range(n_rows - 1)),
        column_totals=tuple(shown(n_rows - 1, j) for j in range(n_cols - 1)),
        total=shown(n_rows - 1, n_cols - 1),
        threshold=threshold,
        rounding_base=rounding_base,
    )


# --- tables that share totals ---------------------------------------------------------------


def determined(
    values: Sequence[int], equations: Sequence[Sequence[int]], hidden: set[int]
) -> set[int]:
    """Which hidden values are fixed by the shown values and the equations (each equation
    lists positions whose values sum to zero, totals entered negatively: see
    :func:`linked_equations`).

    Exact Gauss-Jordan elimination on integer rows (fraction-free, each row divided by the
    gcd of its entries), kept sparse: a hidden value is fixed exactly when, after
    elimination, its pivot row holds no other unknown.
    """
    rows: list[dict[int, int]] = []
    for equation in equations:
        line: dict[int, int] = {}
        for signed in equation:
            pos = abs(signed) - 1
            if pos in hidden:
                line[pos] = line.get(pos, 0) + (1 if signed > 0 else -1)
        line = {k: v for k, v in line.items() if v}
        if line:
            rows.append(line)
    pivots: dict[int, dict[int, int]] = {}  # unknown -> its reduced row
    for line in rows:
        # Reduce the new row by every pivot found so far, then it becomes a pivot row itself.
        for col, prow in pivots.items():
            if col in line:
                line = _combine(line, prow, col)
        if not line:
            continue
        col = min(line)
        for other, orow in pivots.items():
            if col in orow:
                pivots[other] = _combine(orow, line, col)
        pivots[col] = line
    return {col for col, line in pivots.items() if len(line) == 1}


def _combine(line: dict[int, int], pivot: dict[int, int], col: int) -> dict[int, int]:
    """``line`` with ``col`` eliminated by ``pivot``, in integers divided by their gcd."""
    a, b = pivot[col], line[col]
    result = {k: v * a for k, v in line.items()}
    for k, v in pivot.items():
        result[k] = result.get(k, 0) - v * b
    result = {k: v for k, v in result.items() if v}
    divisor = math.gcd(*result.values()) if result else 1
    return {k: v // divisor for k, v in result.items()}


def linked_equations(shape: tuple[int, int], layers: int) -> list[list[int]]:
    """Equations of ``layers`` tables with margins (each ``shape`` with margins) and their
    sum layer (the last one). Positions are 1-based and signed: +p means value p counts
    positively, -p negatively, so that every equation sums to zero."""
    n_rows, n_cols = shape

    def pos(layer: int, i: int, j: int) -> int:
        return layer * n_rows * n_cols + i * n_cols + j + 1

    equations = []
    for layer in range(layers + 1):
        for i in range(n_rows):
            equations.append(
                [pos(layer, i, j) for j in range(n_cols - 1)] + [-pos(layer, i, n_cols - 1)]
            )
        for j in range(n_cols):
            equations.append(
                [pos(layer, i, j) for i in range(n_rows - 1)] + [-pos(layer, n_rows - 1, j)]
            )
    for i in range(n_rows):
        for j in range(n_cols):
            equations.append([pos(layer, i, j) for layer in range(layers)] + [-pos(layers, i, j)])
    return equations


def _partner(leak: int, values: Sequence[int], equations, hidden: set[int]) -> int:
    """A shown value to hide next to a leaking hidden one: the cheapest shown value in an
    equation with the leak; if those are all hidden, one equation further out."""
    ceiling = max(values) + 1
    reached = {leak}
    while True:
        near = [e for e in equations if any(abs(p) - 1 in reached for p in e)]
        positions = {abs(p) - 1 for e in near for p in e}
        shown = [k for k in positions if k not in hidden]
        if shown:
            return min(shown, key=lambda k: (_cost(values[k], ceiling), k))
        if positions <= reached:  # everything around it is hidden already
            raise AssertionError("onthulling niet te voorkomen")
        reached |= positions


def protect_linked(
    rows: Sequence[str],
    columns: Sequence[str],
    layers: Mapping[str, Sequence[Sequence[int]]],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    rounding_base: int = DEFAULT_ROUNDING_BASE,
) -> tuple[dict[str, Protected], Protected]:
    """Protect tables of the same shape (one per year, or per filter value) *together with*
    their sum, so that no hidden cell follows from subtracting one table from another.

    Returns the protected tables per layer and the protected sum table.
    """
    names = list(layers)
    tables = [_augmented(layers[name]) for name in names]
    n_rows, n_cols = (len(rows) + 1, len(columns) + 1)
    total = [[sum(t[i][j] for t in tables) for j in range(n_cols)] for i in range(n_rows)]
    tables.append(total)
    size = n_rows * n_cols
    values = [t[i][j] for t in tables for i in range(n_rows) for j in range(n_cols)]
    primary = {k for k, v in enumerate(values) if is_primary(v, threshold)}
    hidden = set(primary)
    equations = linked_equations((n_rows, n_cols), len(names))
    while True:
        # First make every table safe on its own (fast, exact), then check everything.
        for layer in range(len(tables)):
            base = layer * size
            mine = {divmod(k - base, n_cols) for k in hidden if base <= k < base + size}
            for i, j in secondary_suppression(tables[layer], mine):
                hidden.add(base + i * n_cols + j)
        leaks = determined(values, equations, hidden)
        if not leaks:
            break
        hidden.add(_partner(min(leaks), values, equations, hidden))
    result = {}
    for layer, name in enumerate([*names, "*"]):
        base = layer * size
        mine = {divmod(k - base, n_cols) for k in hidden if base <= k < base + size}
        prim = {divmod(k - base, n_cols) for k in primary if base <= k < base + size}
        result[name] = _publish(rows, columns, tables[layer], mine, prim, threshold, rounding_base)
    summed = result.pop("*")
    return result, summed
