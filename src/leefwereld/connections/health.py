"""Health checks per connection, for the administrator's page (`connections:health`).

Each check asks the outside service something that carries no personal data: the BRP
gets a request without BSNs (a reachable BRP with a valid key answers 400 "parameters
missing"; a wrong key answers 401), the identity provider its public keys. A check never
raises: it answers what it found.
"""

from __future__ import annotations

from dataclasses import dataclass

import requests
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import outgoing
from .models import AddressIdentity, OrganisationIdentity, StaffGroup

OK, WARNING, ERROR, OFF = "ok", "warning", "error", "off"
TIMEOUT = 5


@dataclass(frozen=True)
class Check:
    name: str
    state: str  # OK, WARNING, ERROR or OFF
    detail: str

    @property
    def label(self) -> str:
        return str(
            {
                OK: _("werkt"),
                WARNING: _("let op"),
                ERROR: _("werkt niet"),
                OFF: _("niet ingesteld"),
            }[self.state]
        )


def brp() -> Check:
    name = str(_("BRP (Haal Centraal)"))
    if not settings.BRP_API_URL:
        return Check(name, OFF, str(_("BRP_API_URL is leeg.")))
    cert = (settings.BRP_CLIENT_CERT, settings.BRP_CLIENT_KEY) if settings.BRP_CLIENT_CERT else None
    try:
        response = outgoing.send(
            "brp",
            "health",
            "POST",
            settings.BRP_API_URL.rstrip("/") + "/personen",
            json={"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": []},
            headers={"X-API-KEY": settings.BRP_API_KEY},
            timeout=TIMEOUT,
            cert=cert,
        )
    except requests.RequestException as error:
        return Check(name, ERROR, str(_("Niet bereikbaar: %(e)s.") % {"e": type(error).__name__}))
    if response.status_code in (401, 403):
        return Check(
            name,
            ERROR,
            str(
                _("Bereikbaar, maar de API-sleutel of het certificaat wordt geweigerd (%(s)s).")
                % {"s": response.status_code}
            ),
        )
    if response.status_code == 400:
        return Check(name, OK, str(_("Bereikbaar, sleutel geaccepteerd.")))
    return Check(name, WARNING, str(_("Onverwacht antwoord %(s)s.") % {"s": response.status_code}))


def oidc() -> Check:
    name = str(_("Medewerkers-login (OpenID Connect)"))
    if not settings.OIDC_RP_CLIENT_ID:
        return Check(name, OFF, str(_("OIDC_RP_CLIENT_ID is leeg.")))
    if not StaffGroup.objects.exists():
        return Check(
            name,
            WARNING,
            str(_("Geen medewerkersgroepen gekoppeld aan een rol: niemand kan inloggen.")),
        )
    try:
        response = outgoing.send(
            "oidc", "jwks", "GET", settings.OIDC_OP_JWKS_ENDPOINT, timeout=TIMEOUT
        )
        keys = response.json().get("keys", []) if response.status_code == 200 else []
    except (requests.RequestException, ValueError) as error:
        return Check(
            name, ERROR, str(_("Sleutels niet op te halen: %(e)s.") % {"e": type(error).__name__})
        )
    if not keys:
        return Check(
            name,
            ERROR,
            str(
                _("De identity provider geeft geen sleutels (%(s)s).") % {"s": response.status_code}
            ),
        )
    return Check(name, OK, str(_("Bereikbaar, %(n)s sleutel(s).") % {"n": len(keys)}))


def _saml(name: str, enabled: bool, model_name: str) -> Check:
    if settings.LEEFWERELD_DEVELOPMENT_LOGINS:
        return Check(
            name,
            WARNING,
            str(
                _("Alleen de ontwikkel-login staat aan: niet voor echte inwoners of organisaties.")
            ),
        )
    if not enabled:
        return Check(name, OFF, str(_("Staat uit.")))
    from digid_eherkenning import models

    config = getattr(models, model_name).get_solo()
    if not config.idp_metadata_file:
        return Check(
            name, ERROR, str(_("De metadata van de identity provider ontbreekt (beheer)."))
        )
    try:
        config.select_certificates()
    except Exception as error:
        return Check(
            name, ERROR, str(_("Geen geldig certificaat: %(e)s") % {"e": type(error).__name__})
        )
    return Check(name, OK, str(_("Certificaat en metadata ingesteld.")))


def digid() -> Check:
    return _saml("DigiD", settings.LEEFWERELD_DIGID, "DigidConfiguration")


def eherkenning() -> Check:
    check = _saml("eHerkenning", settings.LEEFWERELD_EHERKENNING, "EherkenningConfiguration")
    if check.state == OK and not OrganisationIdentity.objects.exists():
        return Check(check.name, WARNING, str(_("Geen KvK-nummers gekoppeld aan een organisatie.")))
    return check


def bag() -> Check:
    name = str(_("BAG-adressen"))
    count = AddressIdentity.objects.count()
    if not count:
        return Check(name, OFF, str(_("Nog geen BAG-import gedaan.")))
    return Check(name, OK, str(_("%(n)s adressen met nummeraanduiding.") % {"n": count}))


def all_checks() -> list[Check]:
    return [brp(), oidc(), digid(), eherkenning(), bag()]
