from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "leefwereld.support"
    label = "support"
    verbose_name = _("Ondersteuning")

    def ready(self) -> None:
        from leefwereld.vault.retention import register_dependency

        from . import export  # noqa: F401  registers the export sections
        from .retention import dependencies

        register_dependency(dependencies)
