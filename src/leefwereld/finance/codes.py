"""The plain-Dutch reason for each refusal code of finance/checks.py (translated)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from . import checks

REASONS = {
    checks.UNKNOWN_ALLOCATION: _("Dit toewijzingsnummer bestaat niet."),
    checks.OTHER_PROVIDER: _("Deze toewijzing is niet aan uw organisatie gegeven."),
    checks.PRODUCT_MISMATCH: _("De productcode hoort niet bij deze toewijzing."),
    checks.PERIOD_OUTSIDE: _("De periode valt (deels) buiten de looptijd van de toewijzing."),
    checks.VOLUME_EXCEEDED: _("Met deze regel komt u boven de toegewezen omvang."),
    checks.TARIFF_MISMATCH: _("Het tarief is niet het tarief uit de toewijzing."),
    checks.DOUBLE: _("Deze periode is voor deze toewijzing al gedeclareerd."),
    checks.AMOUNT_WRONG: _("Het bedrag is niet gelijk aan aantal maal tarief."),
    checks.UNREADABLE: _("Deze regel is niet te lezen: controleer datums en aantal."),
    checks.PERIOD_SPLIT: _(
        "Een regel gaat over één kalendermaand: begin en einde in dezelfde maand."
    ),
}


def reason(code: str) -> str:
    return str(REASONS.get(code, code))
