"""`leefwereld ombudsman_tick`: everything time-driven at the ombudsman desk, idempotent.

Run it daily (or as often as routes_tick). It marks open complaints whose Awb term has
passed as late, hands a complaint that is three terms late to the action team, and deletes
the contact details of complaints closed more than a year ago.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from leefwereld.ombudsman import services


class Command(BaseCommand):
    help = "Mark late complaints, escalate three-times-late ones, delete expired contacts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", help="Act as if it is this moment (ISO 8601, e.g. 2027-03-01T09:00)"
        )

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        if options.get("now"):
            now = datetime.datetime.fromisoformat(options["now"])
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        counts = services.tick(now)
        self.stdout.write(" ".join(f"{key}={value}" for key, value in sorted(counts.items())))
