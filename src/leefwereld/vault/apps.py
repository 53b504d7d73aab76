from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VaultConfig(AppConfig):
    name = "leefwereld.vault"
    label = "vault"
    verbose_name = _("Kluis van de inwoner")
