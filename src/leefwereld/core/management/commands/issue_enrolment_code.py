"""`leefwereld issue_enrolment_code USERNAME [--reset]`: the one-time code that lets a staff
member set up their authenticator app (leefwereld.core.enrolment)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from leefwereld.core import enrolment
from leefwereld.core.models import User


class Command(BaseCommand):
    help = (
        "Issue a one-time enrolment code for a staff account's second factor (TOTP). "
        "Hand it over in person or by phone, not with the password."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Also remove the account's current authenticator (lost or new phone).",
        )

    def handle(self, *args, **options) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist as exc:
            raise CommandError(f"Geen gebruiker met de naam {options['username']!r}.") from exc
        if not user.is_active:
            raise CommandError(f"{user.username} is geen actieve gebruiker.")
        code = enrolment.issue(user, reset=options["reset"])
        self.stdout.write(
            f"Inschrijfcode voor {user.username}: {code}\n"
            f"Eenmalig te gebruiken, {enrolment.days_valid()} dagen geldig. Geef de code "
            "persoonlijk of telefonisch door, niet in dezelfde e-mail als het wachtwoord."
        )
