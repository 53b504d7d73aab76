"""`leefwereld restore FILE`: restore a backup into an EMPTY database (core.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from leefwereld.core import backup


class Command(BaseCommand):
    help = (
        "Restore FILE (made by `leefwereld backup`) into the configured database, which must "
        "be empty. Checks the file against FILE.manifest.json before and the rows per table "
        "after. Run `leefwereld migrate` afterwards (a no-op when the versions match)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options) -> None:
        counts = backup.restore(options["file"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(counts.values())} rows in {len(counts)} tables; "
                "every table matches the backup's manifest."
            )
        )
