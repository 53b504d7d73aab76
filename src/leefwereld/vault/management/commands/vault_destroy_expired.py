"""Destroy (crypto-shred) vault records whose legal retention term has ended.

Daily job. A record is destroyed when the law no longer requires keeping it (its rule in
`leefwereld.rules.retention`, or the later date its writing app stored) and no open case
depends on it; the tombstone keeps category, owner, dates, the law, the last day it had
to be kept and when it was destroyed. Idempotent: a second run the same day destroys
nothing more. See docs/retention.md.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from leefwereld.vault.retention import destroy_expired


class Command(BaseCommand):
    help = "Destroy vault records whose retention term has ended and that no open case needs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            help="Judge as on this day (YYYY-MM-DD), e.g. to see what a later run would do.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Count, destroy nothing.")

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError("--today takes a date as YYYY-MM-DD") from error
        report = destroy_expired(today, dry_run=options["dry_run"])
        verb = "would destroy" if options["dry_run"] else "destroyed"
        self.stdout.write(
            f"{verb} {report.destroyed} records; kept {report.kept_by_law} by law and "
            f"{report.kept_for_open_case} for an open case (as on {today:%Y-%m-%d})"
        )
