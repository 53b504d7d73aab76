import datetime
import logging
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from leefwereld.demo.build import (
    DemoAccount,
    build_demo,
    database_is_empty,
    existing_demo_accounts,
)
from leefwereld.demo.population import SCALES, build_population
from leefwereld.demo.rows import DEMO_PASSWORD

logger = logging.getLogger("leefwereld.demo.build")


def dutch_number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class Command(BaseCommand):
    help = "Build the demo municipality Leefdam (deterministic for a seed and reference date)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--reference-date",
            type=datetime.date.fromisoformat,
            default=None,
            help="The 'today' ages and dates are counted from (YYYY-MM-DD; default: today).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) when the database already holds data.",
        )

    def handle(self, *args, **options) -> None:
        if not database_is_empty():
            if options["if_empty"]:
                self.stdout.write(
                    "De database bevat al gegevens; de demo wordt niet opnieuw gebouwd."
                )
                self.print_accounts(existing_demo_accounts())
                return
            raise CommandError(
                "De database bevat al gegevens. Bouw de demo in een lege database "
                "(bijvoorbeeld: verwijder var/leefwereld.sqlite3 en draai `make run` opnieuw)."
            )
        scale = SCALES[options["scale"]]
        today = options["reference_date"] or datetime.date.today()
        started = time.perf_counter()
        population = build_population(scale, options["seed"], today)
        generated = time.perf_counter()
        # Logged with the builder's parts (LOG_LEVEL=INFO; bench/demo_build.py shows them).
        logger.info("demo generate: %.1f s", generated - started)
        counts, _accounts, needs = build_demo(population, scale, options["seed"], today)
        finished = time.perf_counter()

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo-gemeente Leefdam gebouwd (schaal {scale.name}, seed {options['seed']}) "
                f"in {finished - started:.1f} s (genereren {generated - started:.1f} s, "
                f"wegschrijven {finished - generated:.1f} s)."
            )
        )
        for key, value in counts.items():
            self.stdout.write(f"  {key}: {dutch_number(value)}")
        self.stdout.write(
            f"  profiel: {dutch_number(len(needs.wmo_clients))} Wmo-cliënten, "
            f"{dutch_number(len(needs.debt_households))} huishoudens met problematische "
            f"schulden, {dutch_number(len(needs.youth_care))} jongeren met jeugdhulp"
        )
        # The feature steps' own accounts too (a provider, the budget holder).
        self.print_accounts(existing_demo_accounts())

    def print_accounts(self, accounts: list[DemoAccount]) -> None:
        if not accounts:
            return
        self.stdout.write("")
        self.stdout.write(f"Demo-accounts (wachtwoord voor alle accounts: {DEMO_PASSWORD}):")
        for account in accounts:
            self.stdout.write(
                f"  {account.username:<12} {account.role.label:<26} {account.description}"
            )
