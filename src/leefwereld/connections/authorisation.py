"""The connections' pages and the login protocols' routes as executable policies.

* the health page: administrators only (it shows configuration state, no residents);
* the login routes (OIDC, DigiD and its development login, eHerkenning and ours): public,
  part of logging in, never showing personal data. Which of them exist depends on the
  settings (development logins in the demo, SAML once configured), and so does this table:
  the matrix checks that every routed URL has a policy and no policy names a missing URL.
"""

from __future__ import annotations

from django.conf import settings

from leefwereld.core import policy
from leefwereld.core.roles import Role

ADMINISTRATORS = policy.roles(Role.ADMINISTRATOR)
LOGIN = "part of logging in; shows nothing personal"

URLS: dict[str, policy.Policy] = {
    "connections:health": policy.page("connection states, no residents", ADMINISTRATORS),
    "oidc_authentication_init": policy.public(LOGIN),
    "oidc_authentication_callback": policy.public(LOGIN),
    "oidc_logout": policy.public("logs out"),
}
if settings.LEEFWERELD_DEVELOPMENT_LOGINS:
    URLS |= {
        "connections:eherkenning_development_login": policy.public(LOGIN),
        "digid:login": policy.public(LOGIN),
        "digid:acs": policy.public(LOGIN),
        "digid:logout": policy.public("logs out"),
        "digid-mock:login": policy.public(LOGIN),
        "digid-mock:bsn": policy.public(LOGIN),
    }
else:
    if settings.LEEFWERELD_DIGID:
        URLS |= {
            f"digid:{name}": policy.public(LOGIN)
            for name in ("login", "acs", "logout", "slo-redirect", "slo-soap")
        }
    if settings.LEEFWERELD_EHERKENNING:
        URLS |= {f"eherkenning:{name}": policy.public(LOGIN) for name in ("login", "acs")}
if settings.LEEFWERELD_DIGID or settings.LEEFWERELD_EHERKENNING:
    URLS |= {
        f"metadata:{name}": policy.public("public SAML metadata")
        for name in ("digid", "eherkenning", "eh-dienstcatalogus")
    }
