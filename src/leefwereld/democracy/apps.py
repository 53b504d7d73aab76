from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemocracyConfig(AppConfig):
    name = "leefwereld.democracy"
    label = "democracy"
    verbose_name = _("Inwoners beslissen mee")

    def ready(self) -> None:
        # The PB kernel has no Django; its explanations go through Django's translations
        # so the result page speaks the reader's language.
        from django.utils.translation import gettext, ngettext

        from leefwereld.algorithms.pb.messages import use_translator

        use_translator(gettext, ngettext)

        # The council page groups hardship decisions under blocking rules through the
        # hook; this app's own register is the first provider (others may add theirs).
        from . import hooks, services

        hooks.register_hardship_provider(services.hardship_counts)
