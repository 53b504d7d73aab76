"""Strings the vault adds to shared templates (the main menu in base.html and the role home
pages). Listed here so that `makemessages` keeps their English translations in the vault's
own catalogue."""

from django.utils.translation import gettext_noop

SHARED_TEMPLATE_STRINGS = (
    gettext_noop("Mijn gegevens"),
    gettext_noop("Wie keek in mijn gegevens?"),
    gettext_noop("Wie mag mijn gegevens zien?"),
    gettext_noop("Mijn cliënten"),
    gettext_noop("Gedeelde gegevens"),
    gettext_noop("Noodtoegang controleren"),
    gettext_noop("Uw kluis"),
    gettext_noop(
        "Uw persoonlijke gegevens staan versleuteld in uw eigen kluis. U bepaalt wie ze mag "
        "zien en u ziet wie er keek."
    ),
    gettext_noop("Gegevens van inwoners"),
    gettext_noop(
        "U ziet gegevens van een inwoner alleen met diens toestemming, op grond van de wet, of "
        "in een noodgeval. De inwoner ziet wie keek."
    ),
    gettext_noop("Gegevens die met u gedeeld zijn"),
)
