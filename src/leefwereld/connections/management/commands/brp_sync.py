"""`leefwereld brp_sync`: residents and households from the BRP (Haal Centraal)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from leefwereld.connections import brp, brp_sync
from leefwereld.connections.models import AddressIdentity
from leefwereld.core.bsn import is_valid_bsn, normalise_bsn


class Command(BaseCommand):
    help = (
        "Ververs inwoners en huishoudens uit de BRP (Haal Centraal BRP Personen Bevragen). "
        "Zonder opties: alle bekende inwoners en de mensen op hun adressen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--bsn-file", type=Path, help="Een bestand met één BSN per regel.")
        parser.add_argument(
            "--all-addresses",
            action="store_true",
            help="Vraag per adres uit de BAG-import wie er woont (eerste vulling).",
        )

    def handle(self, *args, bsn_file: Path | None = None, all_addresses: bool = False, **options):
        try:
            client = brp.HaalCentraalClient()
            # None: every known resident (and whoever lives with them).
            asked: set[str] = set()
            if bsn_file is not None:
                asked |= _read_bsns(bsn_file)
            if all_addresses:
                objects = AddressIdentity.objects.exclude(adresseerbaar_object="")
                for identification in objects.values_list(
                    "adresseerbaar_object", flat=True
                ).distinct():
                    asked |= set(client.people_at_address(identification))
            bsns = asked if (bsn_file is not None or all_addresses) else None
            report = brp_sync.sync(client, bsns)
        except brp.BrpError as error:
            raise CommandError(f"{error} Er is niets gewijzigd.") from None
        for line in report.lines():
            self.stdout.write(line)
        if not report.changed:
            self.stdout.write("Niets gewijzigd: de registratie was al gelijk aan de BRP.")


def _read_bsns(path: Path) -> set[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise brp.BrpError(f"{path}: niet te lezen ({type(error).__name__}).") from None
    bsns = set()
    for number, line in enumerate(lines, start=1):
        value = line.strip()
        if not value or value.startswith("#"):
            continue
        if not is_valid_bsn(value):
            raise brp.BrpError(f"{path}, regel {number}: '{value}' is geen geldig BSN.")
        bsns.add(normalise_bsn(value))
    return bsns
