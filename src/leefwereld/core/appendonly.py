"""Append-only tables, in one way: a base model for Python and a trigger for the database.

Histories that must never be rewritten — the debt fund's ledger, the vault's access log,
route events, status histories — inherit :class:`AppendOnlyModel` (it refuses `save()` of
an existing row, `delete()`, and the queryset's `update()` / `delete()`), and their
migration adds :class:`AppendOnly` (``AppendOnly("debts_ledgerline")``), which creates a
trigger refusing every UPDATE and DELETE in the database itself, on PostgreSQL and SQLite:

* PostgreSQL: one shared PL/pgSQL function `leefwereld_append_only()`, a `BEFORE UPDATE OR
  DELETE … FOR EACH ROW` trigger `<table>_append_only` per table.
* SQLite: `<table>_no_update` and `<table>_no_delete` triggers. The DELETE trigger asks the
  SQL function `leefwereld_append_only_delete(table)`, which this module registers on every
  SQLite connection Django opens; any other client (the sqlite3 shell) lacks the function,
  so its DELETE fails too.

**The one sanctioned way to delete** is :func:`sanctioned_delete`, a context manager for
the few jobs whose duty is to delete old rows (the access log's retention purge) and for
`flush` (the test runner empties SQLite tables with DELETE; on PostgreSQL it uses TRUNCATE,
which row triggers do not see — give the application's database role no TRUNCATE right
in production). On PostgreSQL it sets `leefwereld.append_only_delete` to the table names
for the current transaction only; on SQLite it tells the registered function. UPDATE is
never allowed.

Caveat (SQLite): Django rebuilds a table for most `AlterField`s on SQLite and the rebuild
drops the table's triggers; a migration that alters an append-only table must add its
`AppendOnly` again. `core/tests/test_appendonly.py` checks every append-only model's table
has its triggers after all migrations.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.signals import connection_created
from django.db.migrations.operations.base import Operation
from django.utils.translation import gettext_lazy as _

SETTING = "leefwereld.append_only_delete"
SQLITE_FUNCTION = "leefwereld_append_only_delete"


class AppendOnlyError(PermissionError, ValueError):
    """A change or deletion of a row of an append-only table was refused.

    A PermissionError (the access log's and route history's contract) and a ValueError
    (the ledger's), so callers of both keep working."""


# --- Python ---------------------------------------------------------------------------------


class AppendOnlyQuerySet(models.QuerySet):
    def _refuse(self):
        raise AppendOnlyError(str(self.model.append_only_message))

    def update(self, **kwargs):
        self._refuse()

    def delete(self):
        self._refuse()

    def bulk_update(self, objs, fields, batch_size=None):
        self._refuse()

    def update_or_create(self, defaults=None, create_defaults=None, **kwargs):
        self._refuse()


class AppendOnlyModel(models.Model):
    """A row is written once: never changed, never deleted (see the module docstring)."""

    append_only_message = _("Deze geschiedenis wordt alleen aangevuld, nooit gewijzigd.")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(str(self.append_only_message))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(str(self.append_only_message))


# --- the sanctioned delete -------------------------------------------------------------------

_allowed: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar(
    "leefwereld_append_only_delete", default=frozenset()
)


def _table(model_or_table: type[models.Model] | str) -> str:
    if isinstance(model_or_table, str):
        return model_or_table
    return model_or_table._meta.db_table


def _sqlite_allows(table: str) -> int:
    return int(table in _allowed.get())


def register_sqlite_function(connection) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, _sqlite_allows)


def _on_connection_created(sender, connection, **kwargs) -> None:
    register_sqlite_function(connection)


connection_created.connect(_on_connection_created, dispatch_uid="leefwereld_append_only")


@contextmanager
def sanctioned_delete(
    *models_or_tables: type[models.Model] | str, using: str = DEFAULT_DB_ALIAS
) -> Iterator[None]:
    """Allow DELETE (never UPDATE) on these append-only tables inside this block.

    On PostgreSQL the block must run inside `transaction.atomic()`: the permission is a
    transaction-local setting, and it is cleared again when the block ends.
    """
    tables = frozenset(_table(m) for m in models_or_tables)
    connection = connections[using]
    token = _allowed.set(_allowed.get() | tables)
    try:
        if connection.vendor == "postgresql":
            if not connection.in_atomic_block:
                raise RuntimeError("sanctioned_delete needs transaction.atomic() on PostgreSQL")
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config(%s, %s, true)", [SETTING, ",".join(sorted(tables))]
                )
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            register_sqlite_function(connection)
        yield
    finally:
        _allowed.reset(token)
        if connection.vendor == "postgresql" and connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, '', true)", [SETTING])


def append_only_tables() -> list[str]:
    """The tables of every installed append-only model."""
    from django.apps import apps

    return sorted(
        m._meta.db_table
        for m in apps.get_models()
        if issubclass(m, AppendOnlyModel) and not m._meta.proxy
    )


# --- the database trigger --------------------------------------------------------------------

POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION leefwereld_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND TG_TABLE_NAME = ANY(
        string_to_array(coalesce(current_setting('{SETTING}', true), ''), ',')
    ) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
"""


def _quote(table: str) -> str:
    if not table.replace("_", "").isalnum():
        raise ValueError(f"not a plain table name: {table!r}")
    return table


def forward_sql(vendor: str, table: str) -> list[str]:
    t = _quote(table)
    if vendor == "postgresql":
        return [
            POSTGRES_FUNCTION,
            f"DROP TRIGGER IF EXISTS {t}_append_only ON {t};",
            f"CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t} "
            f"FOR EACH ROW EXECUTE FUNCTION leefwereld_append_only();",
        ]
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {t}_no_update;",
            f"DROP TRIGGER IF EXISTS {t}_no_delete;",
            f"CREATE TRIGGER {t}_no_update BEFORE UPDATE ON {t} BEGIN "
            f"SELECT RAISE(ABORT, '{t} is append-only: UPDATE refused'); END;",
            f"CREATE TRIGGER {t}_no_delete BEFORE DELETE ON {t} "
            f"WHEN {SQLITE_FUNCTION}('{t}') = 0 BEGIN "
            f"SELECT RAISE(ABORT, '{t} is append-only: DELETE refused'); END;",
        ]
    return []


def backward_sql(vendor: str, table: str) -> list[str]:
    t = _quote(table)
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {t}_append_only ON {t};"]
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {t}_no_update;", f"DROP TRIGGER IF EXISTS {t}_no_delete;"]
    return []


class AppendOnly(Operation):
    """Migration operation: the database refuses UPDATE and DELETE on `table`.

    Replaces an older trigger of the same name (the vault's and the routes' own ones).
    """

    reduces_to_sql = True
    reversible = True

    def __init__(self, table: str):
        self.table = _quote(table)

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.table], {})

    def state_forwards(self, app_label, state):
        pass

    def _run(self, schema_editor, statements: list[str]) -> None:
        if schema_editor.connection.vendor == "sqlite":
            register_sqlite_function(schema_editor.connection)
        for sql in statements:
            # params=None: the PL/pgSQL body has a literal %, which is no placeholder.
            schema_editor.execute(sql, params=None)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._run(schema_editor, forward_sql(schema_editor.connection.vendor, self.table))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._run(schema_editor, backward_sql(schema_editor.connection.vendor, self.table))

    def describe(self):
        return f"Refuse UPDATE and DELETE on {self.table} in the database"

    @property
    def migration_name_fragment(self):
        return f"{self.table}_append_only"
