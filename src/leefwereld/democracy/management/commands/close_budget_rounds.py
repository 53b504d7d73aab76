"""Close neighbourhood-budget rounds whose voting date has passed (run daily, e.g. cron).

Voting runs up to and including a round's "stemmen tot" date; from the next day nobody can
vote any more (services.voting_closed_reason). This command then closes the round exactly as
a policy officer would: ballots are unlinked from the voters, unused codes revoked and the
result computed and stored (services.close_voting). Rounds without a date are closed by hand.
"""

import datetime

from django.core.management.base import BaseCommand, CommandParser

from leefwereld.democracy.services import close_due_rounds


class Command(BaseCommand):
    help = "Close budget rounds whose voting date has passed and compute their results."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="The day to count from (YYYY-MM-DD; default: today).",
        )

    def handle(self, *args, **options) -> None:
        closed = close_due_rounds(options["today"])
        for round_ in closed:
            self.stdout.write(f"Gesloten: {round_.title} (ronde {round_.pk}).")
        self.stdout.write(f"{len(closed)} ronde(s) gesloten.")
