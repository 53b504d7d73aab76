from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "leefwereld.support"
    label = "support"
    verbose_name = _("Ondersteuning")

    def ready(self) -> None:
        from . import export  # noqa: F401  registers the export sections
