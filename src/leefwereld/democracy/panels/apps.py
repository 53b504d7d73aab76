from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PanelsConfig(AppConfig):
    """Citizen panels by lot: a Django app of its own inside democracy/."""

    name = "leefwereld.democracy.panels"
    label = "panels"
    verbose_name = _("Burgerpanels door loting")
