"""`leefwereld bag_import FILE`: addresses from a BAG extract (format: connections/bag.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from leefwereld.connections import bag


class Command(BaseCommand):
    help = "Importeer adressen uit een BAG-extract (CSV, zie docs/going-live.md). Alles of niets."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                f"{file}: niet te lezen als UTF-8 ({type(error).__name__})."
            ) from None
        try:
            report = bag.import_rows(bag.read(text))
        except bag.BagImportError as error:
            raise CommandError(
                "Niets geïmporteerd; los deze regels op:\n" + "\n".join(error.problems)
            ) from None
        except IntegrityError as error:
            raise CommandError(f"Niets geïmporteerd: {error}") from None
        self.stdout.write(
            f"Nieuw: {report.created}, gekoppeld aan een bestaand adres: {report.linked}, "
            f"bijgewerkt: {report.updated}, ongewijzigd: {report.unchanged}."
        )
