from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialMapConfig(AppConfig):
    name = "leefwereld.socialmap"
    label = "socialmap"
    verbose_name = _("Sociale kaart")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (registers the receivers)
