"""`flush`, allowed past the append-only triggers (leefwereld.core.appendonly).

Emptying the whole database is the one sanctioned bulk delete besides the retention jobs:
the test runner flushes after every transactional test, and on SQLite Django empties each
table with DELETE, which the append-only triggers would refuse. On PostgreSQL flush uses
TRUNCATE, which row triggers do not see; the block changes nothing there.
"""

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import DEFAULT_DB_ALIAS, transaction

from leefwereld.core.appendonly import append_only_tables, sanctioned_delete


class Command(DjangoFlush):
    def handle(self, **options):
        database = options.get("database") or DEFAULT_DB_ALIAS
        with (
            transaction.atomic(using=database),
            sanctioned_delete(*append_only_tables(), using=database),
        ):
            return super().handle(**options)
