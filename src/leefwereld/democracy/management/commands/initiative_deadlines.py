"""Record "ja, tenzij" for initiatives whose answer period has passed (run daily, e.g. cron).

The pages already show such an initiative as "yes"; this command writes the yes into the
initiative's status and history, so reports and the API agree with what residents see.
"""

import datetime

from django.core.management.base import BaseCommand, CommandParser

from leefwereld.democracy.services import settle_overdue_initiatives


class Command(BaseCommand):
    help = 'Record "ja, tenzij" for initiatives without an answer after their deadline.'

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="The day to count from (YYYY-MM-DD; default: today).",
        )

    def handle(self, *args, **options) -> None:
        settled = settle_overdue_initiatives(options["today"])
        self.stdout.write(
            f"{settled} initiatief/initiatieven kregen 'ja' omdat de termijn voorbij is."
        )
