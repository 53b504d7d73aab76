"""Delete access-log rows older than the retention period (default 5 years, NEN 7513 [U]).

The only way to delete log rows: the model refuses it, and the database trigger
(leefwereld.core.appendonly) allows a DELETE only inside `sanctioned_delete`, for this
command's own transaction. We chose a sanctioned path over a trigger that itself allows
deleting old rows: the term is the municipality's setting (not a constant a trigger could
hold), and a trigger that lets old rows go would let anyone with SQL access delete them
too. Run it yearly, e.g. from cron.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from leefwereld.core.appendonly import sanctioned_delete
from leefwereld.vault.models import AccessLog


class Command(BaseCommand):
    help = "Delete access-log rows older than the retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--years",
            type=int,
            default=int(getattr(settings, "LEEFWERELD_ACCESS_LOG_RETENTION_YEARS", 5)),
        )
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options) -> None:
        years = options["years"]
        if years < 5:
            self.stderr.write("Warning: NEN 7513 practice keeps access logs at least 5 years.")
        cutoff = timezone.now() - datetime.timedelta(days=round(365.25 * years))
        table = connection.ops.quote_name(AccessLog._meta.db_table)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE occurred_at < %s", [cutoff])  # noqa: S608
            (count,) = cursor.fetchone()
            if not options["dry_run"] and count:
                with sanctioned_delete(AccessLog):
                    cursor.execute(f"DELETE FROM {table} WHERE occurred_at < %s", [cutoff])  # noqa: S608
        verb = "would delete" if options["dry_run"] else "deleted"
        self.stdout.write(f"{verb} {count} access-log rows from before {cutoff:%Y-%m-%d}")
