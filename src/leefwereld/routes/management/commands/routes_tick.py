"""`leefwereld routes_tick`: everything time-driven on the help routes, idempotent.

Run it often (e.g. every 15 minutes from cron or the task worker). It escalates requests
whose receiving organisation did not accept in time, flags escalations the regie team did
not take on in time, archives involvements after two years and purges the archive after
five. Pages run the same route checks lazily, so they are right even if this has not run.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from leefwereld.routes import services


class Command(BaseCommand):
    help = "Escalate overdue handovers, flag overdue escalations, purge expired involvements."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            help="Act as if it is this moment (ISO 8601, e.g. 2026-12-29T09:00); for replays",
        )

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        if options.get("now"):
            now = datetime.datetime.fromisoformat(options["now"])
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        counts = services.catch_up(now)
        counts.update(services.purge_expired_involvements(now))
        self.stdout.write(" ".join(f"{key}={value}" for key, value in sorted(counts.items())))
