from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OmbudsmanConfig(AppConfig):
    name = "leefwereld.ombudsman"
    label = "ombudsman"
    verbose_name = _("Klachten en ombudsman")
