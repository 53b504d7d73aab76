"""`leefwereld backup FILE`: a backup of the whole database and its manifest (core.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from leefwereld.core import backup


class Command(BaseCommand):
    help = (
        "Back up the database (PostgreSQL: pg_dump --format=custom; SQLite: the online "
        "backup API) to FILE, with FILE.manifest.json (checksum and rows per table). "
        "The master key is not in it: keep that separately."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--force", action="store_true", help="Overwrite FILE if it exists.")

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        if path.exists() and not options["force"]:
            raise CommandError(f"{path} exists already (use --force to overwrite it).")
        manifest = backup.backup(path)
        rows = manifest["rows"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {path}: {len(rows)} tables, {sum(rows.values())} rows "
                f"(sha256 {manifest['sha256'][:16]}…)."
            )
        )
