from django.core.management.base import BaseCommand

from leefwereld.debts import services


class Command(BaseCommand):
    help = (
        "Escalate debt cases whose four-week takeover clock ran out: e-mail the officer and "
        "the team leads and list them on the dashboards. Run daily; running it twice tells "
        "nobody twice."
    )

    def handle(self, *args, **options):
        count = services.escalate_overdue(services.today())
        self.stdout.write(f"{count} zaken geëscaleerd")
