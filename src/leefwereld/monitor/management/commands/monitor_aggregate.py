"""Nightly: recompute the council monitor's figures (``leefwereld monitor_aggregate``)."""

from django.core.management.base import BaseCommand

from leefwereld.monitor import aggregate


class Command(BaseCommand):
    help = "Berekent de cijfers van de raadsmonitor opnieuw (elke nacht)."

    def handle(self, *args, **options):
        result = aggregate.run()
        self.stdout.write(
            f"{result.figures} cijfers berekend in {result.seconds:.1f} s "
            f"(stand {result.computed_at:%Y-%m-%d %H:%M})."
        )
