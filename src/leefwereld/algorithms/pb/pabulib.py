"""Read and write the pabulib ``.pb`` format.

A ``.pb`` file has three sections, META, PROJECTS and VOTES. Each section
starts with a line holding only its name, then a header line, then rows; all
lines are ``;``-separated and fields may be quoted as in CSV (Stolicki, Szufa,
Talmon, "Pabulib: A Participatory Budgeting Library").

Caps on what may be spent per category or per district are not part of the
pabulib standard. We read them the way the Amsterdam files in pabulib encode
them, as two parallel comma-separated META lists::

    categories;Armoede,Eenzaamheid
    budget_per_category;52000,37000

    neighborhoods;Oostelijke Eilanden,Other      (project column "neighborhood")
    budget_per_neighborhood;150000,250000

and, for our own files, the same pattern with ``districts`` /
``budget_per_district`` and a project column ``district``.

Every number and size is bounded (see the ``MAX_*`` constants): a file beyond them is
refused with a :class:`PabulibError` naming the line, never read into a number Python
takes minutes to build (``1e999999``) or the algorithms cannot hold.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

from leefwereld.algorithms.pb.model import (
    VOTE_TYPES,
    Instance,
    Project,
    Vote,
    format_amount,
)

SECTIONS = ("meta", "projects", "votes")
CATEGORY_COLUMNS = ("category", "categories")
# Project columns that can carry a district, in order of preference.
DISTRICT_FIELDS = ("district", "neighborhood", "neighbourhood")
_MISSING = frozenset({"", "none"})

# Bounds on what a file may hold. Łódź 2022, the largest file in pabulib we use, is 5 MB
# with 160 projects and 90,494 votes; Warsaw's are of the same order.
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_PROJECTS = 10_000
MAX_VOTES = 2_000_000
# An amount (budget, cost, cap, points) has at most 15 digits before the decimal point
# and at most 6 after: every amount, scaled to the finest unit used, stays below 10**21
# and sums of them stay exact Python ints; a trillion euros is far above any budget.
MAX_WHOLE_DIGITS = 15
MAX_DECIMALS = 6
MAX_NUMBER_CHARS = 40
# Project and voter ids; the web import stores fewer characters and asks for less.
MAX_ID_LENGTH = 200


class PabulibError(ValueError):
    """A ``.pb`` file that cannot be read; ``line`` is the 1-based line number."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        self.reason = message
        super().__init__(f"line {line}: {message}" if line is not None else message)


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (first line number, fields) for every non-blank row."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    previous_end = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise PabulibError(
                f"cannot split the line into fields ({exc})", previous_end + 1
            ) from exc
        start = previous_end + 1
        previous_end = reader.line_num
        if not row or (not row[0].strip() and all(not cell.strip() for cell in row)):
            continue
        yield start, row


def _decimal(text: str, what: str, line: int) -> Decimal:
    """A bounded decimal: at most MAX_WHOLE_DIGITS before and MAX_DECIMALS after the point.

    The text is checked for length before Decimal sees it, and the exponent before the
    value is used: Decimal('1e999999') is cheap, but scaling or printing it is not."""
    raw = text.strip()
    shown = raw if len(raw) <= MAX_NUMBER_CHARS else raw[:MAX_NUMBER_CHARS] + "…"
    if len(raw) > MAX_NUMBER_CHARS:
        raise PabulibError(f"{what} {shown!r} is too long to be an amount", line)
    try:
        value = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        raise PabulibError(f"{what} {shown!r} is not a number", line) from None
    if not value.is_finite():
        raise PabulibError(f"{what} {shown!r} is not a number", line)
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite
    if exponent < -MAX_DECIMALS:
        # 1.5000000 is allowed (trailing zeros dropped by hand: Decimal.normalize would
        # round to 28 digits and make 1.000…0001 equal to 1), 1.0000001 is not.
        kept = list(digits)
        while exponent < -MAX_DECIMALS and len(kept) > 1 and kept[-1] == 0:
            kept.pop()
            exponent += 1
        if exponent < -MAX_DECIMALS and any(kept):
            raise PabulibError(f"{what} {shown!r} has more than {MAX_DECIMALS} decimals", line)
        value = Decimal((sign, tuple(kept), exponent)) if any(kept) else Decimal(0)
    if value and len(digits) + exponent > MAX_WHOLE_DIGITS:
        raise PabulibError(
            f"{what} {shown!r} is too large (at most {MAX_WHOLE_DIGITS} digits)", line
        )
    if exponent > 0:
        value = value.quantize(Decimal(1))
    return value


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # finite values have an integer exponent
    return max(0, -exponent)


def _scaled(value: Decimal, decimals: int) -> int:
    scaled = value.scaleb(decimals)
    assert scaled == scaled.to_integral_value()
    return int(scaled)


def _split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def decode(data: bytes) -> str:
    """The text of a ``.pb`` file's bytes (UTF-8, with or without a byte-order mark)."""
    if len(data) > MAX_FILE_BYTES:
        raise PabulibError(f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB", 1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PabulibError(
            f"the file is not UTF-8 text (byte {data[exc.start]:#04x}); save it as UTF-8", line
        ) from None


def parse_text(
    text: str, *, max_id_length: int = MAX_ID_LENGTH, max_name_length: int | None = None
) -> Instance:
    """Parse the contents of a ``.pb`` file. Raises :class:`PabulibError` naming the line.

    ``max_id_length`` bounds project and voter ids, ``max_name_length`` (if given) the
    names of categories and districts: a caller that stores fewer characters asks for
    less, so two ids never become one when cut off."""
    text = text.removeprefix("\ufeff")
    if len(text) > MAX_FILE_BYTES:
        raise PabulibError(f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB", 1)
    last_line = text.count("\n") + 1
    meta: dict[str, str] = {}
    meta_lines: dict[str, int] = {}
    project_header: list[str] = []
    vote_header: list[str] = []
    project_rows: list[tuple[int, list[str]]] = []
    vote_rows: list[tuple[int, list[str]]] = []
    section = ""
    seen: set[str] = set()
    expect_header = False
    section_lines: dict[str, int] = {}

    for line, row in _rows(text):
        first = row[0].strip().lower()
        if first in SECTIONS and all(not cell.strip() for cell in row[1:]):
            if expect_header:
                raise PabulibError(
                    f"section {section.upper()} (line {section_lines[section]}) has no header line",
                    line,
                )
            if first in seen:
                raise PabulibError(f"section {first.upper()} appears twice", line)
            seen.add(first)
            section = first
            section_lines[first] = line
            expect_header = True
            continue
        if not section:
            raise PabulibError("data before the first section (expected META)", line)
        if expect_header:
            header = [cell.strip() for cell in row]
            if section == "projects":
                project_header = header
                _require_columns(header, ("project_id", "cost"), "PROJECTS", line)
            elif section == "votes":
                vote_header = header
                _require_columns(header, ("voter_id", "vote"), "VOTES", line)
            expect_header = False
            continue
        if section == "meta":
            if len(row) < 2:
                raise PabulibError("a META line needs a key and a value", line)
            key = row[0].strip()
            if key in meta:
                raise PabulibError(f"META key {key!r} appears twice", line)
            # An unquoted ';' inside a free-text value would split it; glue it back.
            meta[key] = ";".join(row[1:]).strip()
            meta_lines[key] = line
        elif section == "projects":
            if len(project_rows) >= MAX_PROJECTS:
                raise PabulibError(f"more than {MAX_PROJECTS} projects", line)
            project_rows.append((line, row))
        else:
            if len(vote_rows) >= MAX_VOTES:
                raise PabulibError(f"more than {MAX_VOTES} votes", line)
            vote_rows.append((line, row))

    if expect_header:
        raise PabulibError(
            f"section {section.upper()} (line {section_lines[section]}) has no header line",
            last_line,
        )
    for name in SECTIONS:
        if name not in seen:
            raise PabulibError(f"the file has no {name.upper()} section", last_line)
    meta_line = section_lines["meta"]
    if "budget" not in meta:
        raise PabulibError("META has no 'budget'", meta_line)
    vote_type = meta.get("vote_type", "approval").strip().lower()
    if vote_type not in VOTE_TYPES:
        raise PabulibError(
            f"vote_type {vote_type!r} is not one of {', '.join(sorted(VOTE_TYPES))}",
            meta_lines.get("vote_type", meta_line),
        )

    district_field = _district_field(project_header, meta, meta_lines)
    category_column = next((c for c in CATEGORY_COLUMNS if c in project_header), None)

    # First pass over every amount: the file's money unit is the finest one used.
    budget_value = _decimal(meta["budget"], "budget", meta_lines["budget"])
    raw_costs: list[Decimal] = []
    cost_col = project_header.index("cost")
    for line, row in project_rows:
        if len(row) != len(project_header):
            raise PabulibError(
                f"expected {len(project_header)} fields (as the PROJECTS header), found {len(row)}",
                line,
            )
        raw_costs.append(_decimal(row[cost_col], "cost", line))
    raw_caps: dict[str, list[tuple[str, Decimal]]] = {}
    for kind, names_key, budgets_key in _cap_keys(district_field):
        if budgets_key not in meta:
            continue
        line = meta_lines[budgets_key]
        if names_key not in meta:
            raise PabulibError(f"{budgets_key} is given but {names_key} is missing", line)
        names = _split_list(meta[names_key])
        amounts = _split_list(meta[budgets_key])
        if len(names) != len(amounts):
            raise PabulibError(
                f"{budgets_key} has {len(amounts)} amounts but {names_key} has {len(names)} names",
                line,
            )
        if len(set(names)) != len(names):
            raise PabulibError(f"{names_key} names the same {kind} twice", line)
        _check_names(names, max_name_length, line)
        raw_caps[kind] = [
            (name, _decimal(amount, budgets_key, line))
            for name, amount in zip(names, amounts, strict=True)
        ]
        if any(value < 0 for _name, value in raw_caps[kind]):
            raise PabulibError(f"{budgets_key} may not be negative", line)
    every_amount = [budget_value, *raw_costs] + [v for caps in raw_caps.values() for _, v in caps]
    if budget_value < 0:
        raise PabulibError("budget may not be negative", meta_lines["budget"])
    decimals = max((_places(v) for v in every_amount), default=0)

    projects: list[Project] = []
    ids: set[str] = set()
    special = {"project_id", "cost", "name", category_column, district_field}
    for (line, row), cost in zip(project_rows, raw_costs, strict=True):
        if cost < 0:
            raise PabulibError("cost may not be negative", line)
        cells = {key: value.strip() for key, value in zip(project_header, row, strict=True)}
        project_id = cells["project_id"]
        if not project_id:
            raise PabulibError("empty project_id", line)
        if len(project_id) > max_id_length:
            raise PabulibError(
                f"project_id is {len(project_id)} characters long; at most {max_id_length}"
                " can be kept",
                line,
            )
        if project_id in ids:
            raise PabulibError(f"project {project_id!r} appears twice", line)
        ids.add(project_id)
        categories: tuple[str, ...] = ()
        if category_column and cells[category_column].lower() not in _MISSING:
            categories = tuple(_split_list(cells[category_column]))
        district = None
        if district_field in cells and cells[district_field].lower() not in _MISSING:
            district = cells[district_field]
        _check_names([*categories, *([district] if district else [])], max_name_length, line)
        projects.append(
            Project(
                id=project_id,
                cost=_scaled(cost, decimals),
                name=cells.get("name", ""),
                categories=categories,
                district=district,
                fields={k: v for k, v in cells.items() if k not in special},
            )
        )

    votes = _parse_votes(vote_rows, vote_header, vote_type, ids, max_id_length)

    caps = {
        kind: {name: _scaled(value, decimals) for name, value in entries}
        for kind, entries in raw_caps.items()
    }
    return Instance(
        budget=_scaled(budget_value, decimals),
        projects=projects,
        votes=votes,
        vote_type=vote_type,
        decimals=decimals,
        meta=meta,
        category_caps=caps.get("category", {}),
        district_caps=caps.get("district", {}),
        district_field=district_field,
        project_columns=project_header,
        vote_columns=vote_header,
    )


def _check_names(names: list[str], max_length: int | None, line: int) -> None:
    if max_length is None:
        return
    for name in names:
        if len(name) > max_length:
            raise PabulibError(
                f"the name {name[:40]!r}… is {len(name)} characters long; at most {max_length}"
                " can be kept",
                line,
            )


def _require_columns(header: list[str], needed: tuple[str, ...], section: str, line: int) -> None:
    for column in needed:
        if column not in header:
            raise PabulibError(f"the {section} header has no {column!r} column", line)
    if len(set(header)) != len(header):
        raise PabulibError(f"the {section} header names a column twice", line)


def _cap_keys(district_field: str) -> list[tuple[str, str, str]]:
    return [
        ("category", "categories", "budget_per_category"),
        ("district", f"{district_field}s", f"budget_per_{district_field}"),
    ]


def _district_field(header: list[str], meta: dict[str, str], meta_lines: dict[str, int]) -> str:
    for name in DISTRICT_FIELDS:
        if name in header:
            return name
    for name in DISTRICT_FIELDS:
        key = f"budget_per_{name}"
        if key in meta:
            raise PabulibError(
                f"{key} is given but PROJECTS has no {name!r} column", meta_lines[key]
            )
    return DISTRICT_FIELDS[0]


def _parse_votes(
    rows: list[tuple[int, list[str]]],
    header: list[str],
    vote_type: str,
    ids: set[str],
    max_id_length: int = MAX_ID_LENGTH,
) -> list[Vote]:
    # Tight loop: Łódź has 90,000 ballots, so column positions are looked up once.
    width = len(header)
    voter_col = header.index("voter_id")
    vote_col = header.index("vote")
    points_col = header.index("points") if "points" in header else None
    cardinal = vote_type in ("scoring", "cumulative")
    extra = [
        (i, name) for i, name in enumerate(header) if name not in ("voter_id", "vote", "points")
    ]
    votes: list[Vote] = []
    seen: set[str] = set()
    for line, row in rows:
        if len(row) != width:
            raise PabulibError(
                f"expected {width} fields as in the VOTES header, found {len(row)}", line
            )
        voter_id = row[voter_col].strip()
        if not voter_id:
            raise PabulibError("empty voter_id", line)
        if len(voter_id) > max_id_length:
            raise PabulibError(f"voter_id is longer than {max_id_length} characters", line)
        if voter_id in seen:
            raise PabulibError(f"voter {voter_id!r} appears twice", line)
        seen.add(voter_id)
        chosen = _id_list(row[vote_col])
        if not ids.issuperset(chosen):
            unknown = next(p for p in chosen if p not in ids)
            raise PabulibError(f"vote for unknown project {unknown!r}", line)
        if len(set(chosen)) != len(chosen):
            raise PabulibError("the vote names a project twice", line)
        points: tuple[Fraction, ...] | None = None
        if cardinal:
            parts = _id_list(row[points_col]) if points_col is not None else ()
            if len(parts) != len(chosen):
                raise PabulibError(
                    f"the vote lists {len(chosen)} projects but {len(parts)} points", line
                )
            points = tuple(Fraction(_decimal(p, "points", line)) for p in parts)
            if any(p < 0 for p in points):
                raise PabulibError("points may not be negative", line)
        fields = {name: row[i].strip() for i, name in extra}
        votes.append(Vote(voter_id, chosen, points, fields))
    return votes


def _id_list(text: str) -> tuple[str, ...]:
    text = text.strip()
    if not text or text.lower() == "none":
        return ()
    parts = tuple(part.strip() for part in text.split(","))
    return parts if all(parts) else tuple(p for p in parts if p)


def parse(
    path: str | Path, *, max_id_length: int = MAX_ID_LENGTH, max_name_length: int | None = None
) -> Instance:
    """Read a ``.pb`` file from disk (bounded: see MAX_FILE_BYTES)."""
    with open(path, "rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    return parse_text(decode(data), max_id_length=max_id_length, max_name_length=max_name_length)


def _points_text(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    decimal = Decimal(value.numerator) / Decimal(value.denominator)
    if Fraction(decimal) != value:
        raise ValueError(f"points {value} cannot be written as a decimal number")
    return format(decimal, "f")


def write_text(instance: Instance) -> str:
    """Render an instance as ``.pb`` text; ``parse_text(write_text(x)) == x`` for parsed files."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    d = instance.decimals
    meta = dict(instance.meta)
    meta["budget"] = format_amount(instance.budget, d)
    meta["vote_type"] = instance.vote_type
    meta["num_projects"] = str(len(instance.projects))
    meta["num_votes"] = str(len(instance.votes))
    for kind, names_key, budgets_key in _cap_keys(instance.district_field):
        caps = instance.category_caps if kind == "category" else instance.district_caps
        if caps:
            meta[names_key] = ",".join(caps)
            meta[budgets_key] = ",".join(format_amount(v, d) for v in caps.values())
        else:
            meta.pop(budgets_key, None)
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    for key, value in meta.items():
        writer.writerow([key, value])

    columns = _project_columns(instance)
    category_column = next((c for c in CATEGORY_COLUMNS if c in columns), "category")
    writer.writerow(["PROJECTS"])
    writer.writerow(columns)
    for p in instance.projects:
        values = {
            "project_id": p.id,
            "cost": format_amount(p.cost, d),
            "name": p.name,
            category_column: ",".join(p.categories),
            instance.district_field: p.district or "",
        }
        writer.writerow([values[c] if c in values else p.fields.get(c, "") for c in columns])

    vote_columns = _vote_columns(instance)
    writer.writerow(["VOTES"])
    writer.writerow(vote_columns)
    for v in instance.votes:
        values = {"voter_id": v.voter_id, "vote": ",".join(v.projects)}
        if v.points is not None:
            values["points"] = ",".join(_points_text(x) for x in v.points)
        writer.writerow([values[c] if c in values else v.fields.get(c, "") for c in vote_columns])
    return out.getvalue()


def _project_columns(instance: Instance) -> list[str]:
    columns = list(instance.project_columns) or ["project_id", "cost"]
    wanted = ["project_id", "cost"]
    if any(p.name for p in instance.projects):
        wanted.append("name")
    has_categories = any(p.categories for p in instance.projects) or instance.category_caps
    if has_categories and not any(c in columns for c in CATEGORY_COLUMNS):
        wanted.append("category")
    if any(p.district for p in instance.projects) or instance.district_caps:
        wanted.append(instance.district_field)
    for p in instance.projects:
        wanted.extend(p.fields)
    for column in wanted:
        if column not in columns:
            columns.append(column)
    return columns


def _vote_columns(instance: Instance) -> list[str]:
    columns = list(instance.vote_columns) or ["voter_id", "vote"]
    wanted = ["voter_id", "vote"]
    if instance.is_cardinal:
        wanted.append("points")
    for v in instance.votes:
        wanted.extend(v.fields)
    for column in wanted:
        if column not in columns:
            columns.append(column)
    return columns


def write(instance: Instance, path: str | Path) -> None:
    """Write an instance to a ``.pb`` file (UTF-8)."""
    Path(path).write_text(write_text(instance), encoding="utf-8")
