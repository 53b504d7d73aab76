from django.core.management.base import BaseCommand

from leefwereld.debts import services


class Command(BaseCommand):
    help = "Mark debt cases whose four-week takeover clock ran out (run daily)."

    def handle(self, *args, **options):
        count = services.escalate_overdue(services.today())
        self.stdout.write(f"{count} zaken geëscaleerd")
