"""Rows in bulk: COPY on PostgreSQL, bulk INSERTs elsewhere.

Shared by the demo builder (leefwereld.demo.rows re-exports these) and production paths
that write many rows at once (finance: a declaration's lines). Imports no app, so any app
may use it without depending on the demo.
"""

from __future__ import annotations

import contextlib
import itertools
import operator
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import connection, models
from django.db.models.base import ModelState
from django.utils import timezone

BATCH = 5_000


def bulk_insert(model: type[models.Model], rows: Iterable[models.Model]) -> int:
    """Insert model instances in batches: COPY on PostgreSQL, bulk INSERTs elsewhere.

    COPY is several times faster than multi-row INSERTs for the rotterdam scale's millions
    of rows; SQLite has no COPY and is fast enough with bulk_create. Build large numbers of
    rows with `new_row` (or as plain tuples for `insert_values`): Model.__init__ costs more
    than writing the row.
    """
    if connection.vendor == "postgresql":
        return copy_rows(model, rows)
    count = 0
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, BATCH)):
        model.objects.bulk_create(batch)  # type: ignore[attr-defined]
        count += len(batch)
    return count


def new_row(model: type[models.Model], **values: Any) -> Any:
    """A model instance for bulk insertion, without Model.__init__ (a sixth of its cost).

    Every concrete field not given gets its default (a callable default is called, as
    Model.__init__ would); `pk` may be given for the primary key. Only for rows that are
    written with bulk_insert: no signals, no validation, like bulk_create.
    """
    plan = _ROW_PLANS.get(model)
    if plan is None:
        constant: dict[str, Any] = {}
        called: list[models.Field] = []
        for f in model._meta.concrete_fields:
            if f.has_default() and callable(f.default):
                called.append(f)
            else:
                constant[f.attname] = f.get_default()
        plan = _ROW_PLANS[model] = (constant, called)
    constant, called = plan
    if "pk" in values:
        values[model._meta.pk.attname] = values.pop("pk")
    obj = model.__new__(model)
    obj._state = ModelState()
    obj.__dict__.update(constant)
    for f in called:
        if f.attname not in values:
            obj.__dict__[f.attname] = f.get_default()
    obj.__dict__.update(values)
    return obj


_ROW_PLANS: dict[type[models.Model], tuple[dict[str, Any], list[models.Field]]] = {}


def _stamped(field: models.Field) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def _adapters(fields: Sequence[models.Field]) -> list[tuple[int, models.Field]]:
    """Columns whose Python value COPY cannot take as it is (JSON: a list would become an
    array); Django's own adapter prepares them."""
    return [(i, f) for i, f in enumerate(fields) if isinstance(f, models.JSONField)]


def copy_rows(model: type[models.Model], rows: Iterable[models.Model]) -> int:
    """COPY model instances into their table (PostgreSQL)."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return 0
    # Leave the primary key to its sequence when the rows do not set it.
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and getattr(first, f.attname) is None)
    ]
    # COPY skips Django's pre_save, so fill auto_now(_add) timestamps here, once for all
    # (bulk_create does the same on SQLite).
    now = timezone.now()
    stamped = [i for i, f in enumerate(fields) if _stamped(f)]
    adapters = _adapters(fields)
    values = operator.attrgetter(*(f.attname for f in fields))
    single = len(fields) == 1
    count = 0
    with _copy(model, fields) as copy:
        for obj in itertools.chain([first], iterator):
            row: list[Any] = [values(obj)] if single else list(values(obj))
            for i in stamped:
                row[i] = now
            for i, f in adapters:
                row[i] = f.get_db_prep_value(row[i], connection)
            copy.write_row(row)
            count += 1
    return count


def insert_values(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert rows given as plain tuples, one value per name in `columns` (attnames, `pk`
    for the primary key): COPY on PostgreSQL, bulk INSERTs elsewhere.

    Fields not named get what Model.__init__ and bulk_create would give them: now for
    auto_now(_add), else their default (a callable default is called per row); the primary
    key, when not named, comes from its sequence.
    """
    opts = model._meta
    names = [opts.pk.attname if c == "pk" else c for c in columns]
    if connection.vendor != "postgresql":
        return bulk_insert(model, (model(**dict(zip(names, row, strict=True))) for row in rows))
    by_name = {f.attname: f for f in opts.concrete_fields}
    fields = [by_name[n] for n in names]
    now = timezone.now()
    rest = [f for f in opts.concrete_fields if f.attname not in names and not f.primary_key]
    constant = tuple(
        now if _stamped(f) else f.get_default()
        for f in rest
        if _stamped(f) or not (f.has_default() and callable(f.default))
    )
    called = [f for f in rest if not _stamped(f) and f.has_default() and callable(f.default)]
    fields += [f for f in rest if _stamped(f) or not (f.has_default() and callable(f.default))]
    fields += called
    adapters = _adapters(fields)
    count = 0
    with _copy(model, fields) as copy:
        for row in rows:
            full = [*row, *constant, *(f.get_default() for f in called)]
            for i, f in adapters:
                full[i] = f.get_db_prep_value(full[i], connection)
            copy.write_row(full)
            count += 1
    return count


@contextlib.contextmanager
def _copy(model: type[models.Model], fields: Sequence[models.Field]) -> Iterator[Any]:
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    _written.add(model._meta.db_table)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, which speaks COPY
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            yield copy


# Tables written with COPY since the last ANALYZE (PostgreSQL).
_written: set[str] = set()


def analyze_written() -> None:
    """Give the planner statistics for the tables just filled (PostgreSQL).

    Without them it plans the next steps' queries as if those tables were nearly empty
    (nested loops over hundreds of thousands of rows). ANALYZE sees the rows this
    transaction wrote, and samples at most 30,000 rows per table.
    """
    if connection.vendor != "postgresql" or not _written:
        return
    tables = ", ".join(connection.ops.quote_name(t) for t in sorted(_written))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
    _written.clear()
