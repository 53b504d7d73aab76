from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DebtsConfig(AppConfig):
    name = "leefwereld.debts"
    label = "debts"
    verbose_name = _("Schuldenfonds")

    def ready(self) -> None:
        from leefwereld.vault.export import register_section

        from .portal import export_section

        register_section("schuldenfonds", _("Schuldenfonds"), export_section)

        from leefwereld.vault.retention import register_dependency

        from .retention import dependencies

        register_dependency(dependencies)
