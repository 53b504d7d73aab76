"""Rows in bulk: the helpers the demo builder and every app's demo module share.

The demo builder (`build.py`) imports every app's `demo` module; those modules write their
rows with these helpers. Kept apart from the builder and importing no app, so the apps'
demo modules do not import the builder back (an import cycle; `make check` refuses it,
see docs/adr/0014-import-rules.md).

Rows get their primary keys here, not from the database, so that a household's members,
addresses and history can be inserted in large batches without a round trip per row; the
sequences are reset afterwards (PostgreSQL).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence

from django.core.management.color import no_style
from django.db import connection, models

# The row writers live in leefwereld.core.bulk (production code uses them too); the demo
# modules keep importing them from here.
from leefwereld.core.bulk import (  # noqa: F401 - re-exported
    BATCH,
    analyze_written,
    bulk_insert,
    copy_rows,
    insert_values,
    new_row,
)

DEMO_PASSWORD = "leefwereld-demo"  # noqa: S105 - the demo's published password, no real data


def next_id(model: type[models.Model]) -> int:
    last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


@contextlib.contextmanager
def foreign_keys_checked_at_the_end() -> Iterator[None]:
    """Check every foreign key once, set-based, after the build (PostgreSQL).

    Django's foreign keys are deferred: each inserted row queues a check that runs at
    commit, one index probe per row and key (about ten million at rotterdam scale). The
    build drops the constraints inside its transaction and adds them back (same name, same
    definition) at the end; adding a foreign key validates every row in one join. If any
    row is wrong the build fails and rolls back, drop included. The PostgreSQL manual
    recommends this for bulk loading ("Populating a Database").
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        # Rows written earlier in this transaction are checked now: a table with pending
        # checks cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' "
            "AND connamespace = current_schema()::regnamespace ORDER BY conrelid, conname"
        )
        constraints = cursor.fetchall()
        for table, name, _definition in constraints:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for table, name, definition in constraints:
            cursor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
            )
        # Back to each constraint's own timing (Django's foreign keys: deferred).
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def reset_sequences(models_: Sequence[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
