"""`{% login_options as options %}`: which ways to log in this installation offers."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse

register = template.Library()


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


@register.simple_tag
def login_options() -> dict[str, object]:
    development = bool(settings.LEEFWERELD_DEVELOPMENT_LOGINS)
    eherkenning = (
        _url("connections:eherkenning_development_login")
        if development
        else _url("eherkenning:login")
    )
    return {
        "development": development,
        "digid": _url("digid:login"),
        "eherkenning": eherkenning,
        "staff": _url("oidc_authentication_init") if settings.OIDC_RP_CLIENT_ID else "",
    }
