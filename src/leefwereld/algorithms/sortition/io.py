"""Reading quota tables and pools from CSV.

Two quota layouts are in use and both are accepted:

* Sortition Foundation: ``feature,value,min,max[,min_flex,max_flex]`` (older files
  say ``category,name`` for ``feature,value``);
* Flanigan et al. replication data: ``category,feature,min,max`` -- here *category*
  is the feature ("gender") and *feature* is its value ("female").

Which column holds what is decided from the header alone. Header names are
matched case-insensitively; the delimiter may be a comma, semicolon (Dutch Excel)
or tab. Every error names the file, the line and the field.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from leefwereld.algorithms.sortition.households import household_key
from leefwereld.algorithms.sortition.model import (
    MAX_COUNT,
    MAX_POOL,
    InputError,
    Person,
    Problem,
    Quota,
)

# Columns taken to be the person id when no id column is named.
_WHOLE = re.compile(r"[+-]?[0-9]{1,12}")
ID_COLUMN_NAMES = ("id", "person_id", "persoon_id", "nationbuilder_id", "respondent_id", "pool_id")


# A quota table or pool larger than this is not a citizens' panel's (a pool of 100,000
# people with a few hundred bytes each is 30 MB).
MAX_FILE_BYTES = 100 * 1024 * 1024


@dataclass(frozen=True)
class Table:
    source: str
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line number, cells)


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # Excel on Windows still writes cp1252; accept it rather than refuse the file.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            line = data[: exc.start].count(b"\n") + 1
            raise InputError(
                source, line, None, f"not UTF-8 text (byte {data[exc.start]:#04x})"
            ) from None


def read_table(text: str, source: str) -> Table:
    # The delimiter is whichever of , ; or tab occurs most in the header line. The csv
    # module's Sniffer guesses from quoting patterns too and is wrong on small files.
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            line = start
            start = reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = [cell.strip() for cell in cells]
                continue
            if len(rows) >= MAX_POOL:
                raise InputError(source, line, None, f"more than {MAX_POOL} rows")
            rows.append((line, [cell.strip() for cell in cells]))
    except csv.Error as exc:
        raise InputError(source, start, None, f"unreadable CSV ({exc})") from None
    if header is None:
        raise InputError(source, None, None, "the file is empty")
    seen: dict[str, int] = {}
    for i, name in enumerate(header):
        key = name.casefold()
        if not name:
            raise InputError(source, 1, f"column {i + 1}", "empty column name in the header")
        if key in seen:
            raise InputError(
                source, 1, name, f"column name appears twice (columns {seen[key] + 1} and {i + 1})"
            )
        seen[key] = i
    return Table(source, header, rows)


def load_table(path: str | Path) -> Table:
    source = str(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(source, None, None, f"cannot read the file ({exc.strerror})") from exc
    if len(data) > MAX_FILE_BYTES:
        raise InputError(
            source, None, None, f"the file is larger than {MAX_FILE_BYTES // 2**20} MB"
        )
    return read_table(_decode(data, source), source)


def _column(table: Table, *names: str) -> int | None:
    lowered = [h.casefold() for h in table.header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def _cell(table: Table, line: int, cells: list[str], col: int) -> str:
    if col >= len(cells):
        raise InputError(
            table.source, line, table.header[col], "missing value (the row is too short)"
        )
    return cells[col]


def _short(text: str) -> str:
    return text if len(text) <= 30 else text[:30] + "…"


def _int_cell(
    table: Table, line: int, cells: list[str], col: int, *, optional: bool = False
) -> int | None:
    if optional and col >= len(cells):
        return None
    raw = _cell(table, line, cells, col)
    if raw == "":
        if optional:
            return None
        raise InputError(table.source, line, table.header[col], "a whole number is required here")
    # ASCII digits only: int() also reads '1_000', '٣' and '１'; and a short text only.
    if re.fullmatch(r"[+-]?[0-9]{13,}", raw):
        raise InputError(
            table.source, line, table.header[col], f"{_short(raw)} is larger than {MAX_COUNT}"
        )
    if not _WHOLE.fullmatch(raw):
        raise InputError(
            table.source, line, table.header[col], f"'{_short(raw)}' is not a whole number"
        )
    value = int(raw)
    if value < 0:
        raise InputError(table.source, line, table.header[col], f"{value} is negative")
    if value > MAX_COUNT:
        raise InputError(
            table.source, line, table.header[col], f"{value} is larger than {MAX_COUNT}"
        )
    return value


def parse_quotas(table: Table) -> list[Quota]:
    """Interpret a table as quotas (see the module docstring for the layouts)."""
    lowered = [h.casefold() for h in table.header]
    if "value" in lowered or "name" in lowered:
        feature_col = _column(table, "feature", "category")
        value_col = _column(table, "value", "name")
    elif "category" in lowered and "feature" in lowered:
        feature_col = _column(table, "category")
        value_col = _column(table, "feature")
    else:
        feature_col = value_col = None
    if feature_col is None or value_col is None:
        raise InputError(
            table.source,
            1,
            None,
            "cannot tell the feature and value columns apart; expected 'feature,value,min,max' "
            "or 'category,feature,min,max'",
        )
    min_col = _column(table, "min")
    max_col = _column(table, "max")
    for name, col in (("min", min_col), ("max", max_col)):
        if col is None:
            raise InputError(table.source, 1, name, "required column is missing")
    assert min_col is not None and max_col is not None
    min_flex_col = _column(table, "min_flex")
    max_flex_col = _column(table, "max_flex")

    quotas: list[Quota] = []
    seen: dict[tuple[str, str], int] = {}
    for line, cells in table.rows:
        feature = _cell(table, line, cells, feature_col)
        value = _cell(table, line, cells, value_col)
        if not feature:
            raise InputError(table.source, line, table.header[feature_col], "empty feature name")
        if not value:
            raise InputError(table.source, line, table.header[value_col], "empty value name")
        lo = _int_cell(table, line, cells, min_col)
        hi = _int_cell(table, line, cells, max_col)
        assert lo is not None and hi is not None
        if lo > hi:
            raise InputError(
                table.source, line, table.header[min_col], f"min {lo} is larger than max {hi}"
            )
        min_flex = (
            _int_cell(table, line, cells, min_flex_col, optional=True)
            if min_flex_col is not None
            else None
        )
        max_flex = (
            _int_cell(table, line, cells, max_flex_col, optional=True)
            if max_flex_col is not None
            else None
        )
        if min_flex is not None and min_flex > lo:
            assert min_flex_col is not None
            raise InputError(
                table.source,
                line,
                table.header[min_flex_col],
                f"min_flex {min_flex} is larger than min {lo}",
            )
        if max_flex is not None and max_flex < hi:
            assert max_flex_col is not None
            raise InputError(
                table.source,
                line,
                table.header[max_flex_col],
                f"max_flex {max_flex} is smaller than max {hi}",
            )
        key = (feature.casefold(), value.casefold())
        if key in seen:
            raise InputError(
                table.source,
                line,
                table.header[value_col],
                f"'{feature}: {value}' was already given on line {seen[key]}",
            )
        seen[key] = line
        # Feature names are matched case-insensitively; keep the first spelling.
        for q in quotas:
            if q.feature.casefold() == feature.casefold():
                feature = q.feature
                break
        quotas.append(Quota(feature, value, lo, hi, min_flex, max_flex, line))
    if not quotas:
        raise InputError(table.source, None, None, "no quotas in the file")
    return quotas


def read_quotas(path: str | Path) -> list[Quota]:
    return parse_quotas(load_table(path))


def parse_pool(
    table: Table,
    quotas: list[Quota],
    *,
    id_column: str | None = None,
    household_column: str | None = None,
    address_columns: Sequence[str] = (),
) -> list[Person]:
    """Interpret a table as the pool of candidates.

    Ids come from `id_column`, else from a column with a usual id name (see
    ID_COLUMN_NAMES), else they are the data row numbers "1", "2", ... (the header
    is not counted). Households come from `household_column` (compared after
    address normalisation) or from the combined `address_columns`.
    """
    features: list[str] = []
    values: dict[str, dict[str, int]] = {}
    for quota in quotas:
        if quota.feature not in values:
            features.append(quota.feature)
            values[quota.feature] = {}
        values[quota.feature][quota.value.casefold()] = len(values[quota.feature])

    def find(name: str, purpose: str) -> int:
        col = _column(table, name.casefold())
        if col is None:
            raise InputError(table.source, 1, name, f"{purpose} column not found in the header")
        return col

    feature_cols = [find(f, "feature") for f in features]
    id_col = find(id_column, "id") if id_column is not None else _column(table, *ID_COLUMN_NAMES)
    household_cols: list[int] = []
    if household_column is not None:
        household_cols = [find(household_column, "household")]
    elif address_columns:
        household_cols = [find(c, "address") for c in address_columns]

    people: list[Person] = []
    id_lines: dict[str, int] = {}
    for row_number, (line, cells) in enumerate(table.rows, start=1):
        if id_col is not None:
            pid = _cell(table, line, cells, id_col)
            if not pid:
                raise InputError(table.source, line, table.header[id_col], "empty id")
        else:
            pid = str(row_number)
        if pid in id_lines:
            field = table.header[id_col] if id_col is not None else None
            raise InputError(
                table.source, line, field, f"id '{pid}' was already used on line {id_lines[pid]}"
            )
        id_lines[pid] = line
        codes: list[int] = []
        for feature, col in zip(features, feature_cols, strict=True):
            raw = _cell(table, line, cells, col)
            code = values[feature].get(raw.casefold())
            if code is None:
                allowed = ", ".join(q.value for q in quotas if q.feature == feature)
                what = f"'{raw}'" if raw else "an empty value"
                raise InputError(
                    table.source,
                    line,
                    table.header[col],
                    f"{what} is not a value of {feature} (allowed: {allowed})",
                )
            codes.append(code)
        household = (
            household_key([_cell(table, line, cells, c) for c in household_cols])
            if household_cols
            else None
        )
        people.append(Person(pid, line, tuple(codes), household))
    if not people:
        raise InputError(table.source, None, None, "the pool is empty")
    return people


def read_problem(
    quotas_path: str | Path,
    pool_path: str | Path,
    size: int,
    *,
    id_column: str | None = None,
    household_column: str | None = None,
    address_columns: Sequence[str] = (),
) -> Problem:
    quotas = read_quotas(quotas_path)
    people = parse_pool(
        load_table(pool_path),
        quotas,
        id_column=id_column,
        household_column=household_column,
        address_columns=address_columns,
    )
    check_bounds(quotas, people, size, str(quotas_path), str(pool_path))
    return Problem.build(quotas, people, size)


def check_bounds(
    quotas: list[Quota], people: list[Person], size: int, quotas_source: str, pool_source: str
) -> None:
    """The panel size is positive and at most the pool; 0 <= min <= max <= panel size."""
    if size < 1:
        raise InputError("--size", None, None, f"the panel size must be at least 1 (got {size})")
    if size > len(people):
        raise InputError(
            "--size",
            None,
            None,
            f"the panel size {size} is larger than the pool ({len(people)} people in "
            f"{pool_source})",
        )
    for quota in quotas:
        for column, value in (("min", quota.min), ("max", quota.max)):
            if value > size:
                raise InputError(
                    quotas_source,
                    quota.line,
                    column,
                    f"{column} {value} for '{quota.feature}: {quota.value}' is larger than the "
                    f"panel size {size}",
                )
