"""Append-only in one way: the base model refuses in Python, the trigger in the database.

The raw-SQL tests run on the database of the run: SQLite by default, PostgreSQL with
DATABASE_URL=postgres://… (the CI runs both).
"""

from __future__ import annotations

import datetime

import pytest
from django.db import DatabaseError, connection, transaction

from leefwereld.core.appendonly import (
    AppendOnlyError,
    AppendOnlyModel,
    append_only_tables,
    sanctioned_delete,
)
from leefwereld.debts import ledger, services
from leefwereld.debts.models import LedgerLine, LedgerTransaction

DAY = datetime.date(2025, 9, 1)

pytestmark = pytest.mark.django_db


@pytest.fixture
def posted() -> LedgerTransaction:
    services.post(ledger.contribution("bijdrage-1", DAY, 10_000))
    return LedgerTransaction.objects.get(key="bijdrage-1")


def _raw(sql: str, params: list) -> None:
    # Each attempt in its own savepoint: on PostgreSQL a refused statement aborts the
    # surrounding transaction otherwise.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_a_raw_update_of_a_ledger_line(posted):
    line = LedgerLine.objects.filter(transaction=posted).first()
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("UPDATE debts_ledgerline SET amount_cents = 1 WHERE id = %s", [line.pk])
    line.refresh_from_db()
    assert line.amount_cents != 1


def test_the_database_refuses_a_raw_delete_of_a_ledger_line(posted):
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM debts_ledgerline WHERE transaction_id = %s", [posted.pk])
    assert LedgerLine.objects.filter(transaction=posted).count() == 2


def test_the_database_refuses_a_raw_update_and_delete_of_a_ledger_transaction(posted):
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("UPDATE debts_ledgertransaction SET key = 'x' WHERE id = %s", [posted.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM debts_ledgertransaction WHERE id = %s", [posted.pk])
    assert LedgerTransaction.objects.filter(key="bijdrage-1").exists()


def test_the_base_model_refuses_saving_an_existing_row_and_deleting(posted):
    line = LedgerLine.objects.filter(transaction=posted).first()
    line.amount_cents = 1
    with pytest.raises(AppendOnlyError, match="grootboek"):
        line.save()
    with pytest.raises(AppendOnlyError):
        posted.delete()
    with pytest.raises(AppendOnlyError):
        LedgerLine.objects.filter(transaction=posted).update(amount_cents=0)
    with pytest.raises(AppendOnlyError):
        LedgerLine.objects.filter(transaction=posted).delete()
    # The error keeps both old contracts: the ledger's ValueError, the log's PermissionError.
    assert issubclass(AppendOnlyError, ValueError)
    assert issubclass(AppendOnlyError, PermissionError)


def test_a_sanctioned_delete_passes_only_for_the_named_table_and_never_updates(posted):
    with transaction.atomic(), sanctioned_delete(LedgerLine):
        with pytest.raises(DatabaseError, match="append-only"):
            _raw("UPDATE debts_ledgerline SET amount_cents = 1 WHERE id > %s", [0])
        with pytest.raises(DatabaseError, match="append-only"):
            _raw("DELETE FROM debts_ledgertransaction WHERE id = %s", [posted.pk])
        _raw("DELETE FROM debts_ledgerline WHERE transaction_id = %s", [posted.pk])
    assert not LedgerLine.objects.filter(transaction=posted).exists()
    # After the block the table is guarded again.
    services.post(ledger.contribution("bijdrage-2", DAY, 500))
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM debts_ledgerline WHERE id > %s", [0])


def test_every_append_only_model_has_its_trigger_after_all_migrations():
    tables = append_only_tables()
    assert {
        "debts_ledgerline",
        "debts_ledgertransaction",
        "debts_phasechange",
        "vault_accesslog",
        "routes_routeevent",
        "democracy_roundstatuschange",
        "democracy_initiativestatuschange",
        "democracy_blockingrulestatuschange",
        "democracy_challengestatuschange",
    } <= set(tables)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = c.relname || '_append_only' AND NOT t.tgisinternal"
            )
            guarded = {row[0] for row in cursor.fetchall()}
            assert set(tables) <= guarded
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            names = {row[0] for row in cursor.fetchall()}
            for table in tables:
                assert {f"{table}_no_update", f"{table}_no_delete"} <= names, table


def test_append_only_models_inherit_the_one_base():
    from leefwereld.democracy.models import RoundStatusChange
    from leefwereld.routes.models import RouteEvent
    from leefwereld.vault.models import AccessLog

    for model in (LedgerLine, LedgerTransaction, AccessLog, RouteEvent, RoundStatusChange):
        assert issubclass(model, AppendOnlyModel), model


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_append_only_tables():
    from django.core.management import call_command

    services.post(ledger.contribution("bijdrage-3", DAY, 100))
    call_command("flush", interactive=False, verbosity=0)
    assert not LedgerLine.objects.exists()
    assert not LedgerTransaction.objects.exists()
