"""Authentication backends: the libraries' protocols, our services verbs for the accounts.

* DigiD: `django-digid-eherkenning`'s SAML backend (`DigiDSamlBackend`) and its development
  login (`DigiDBackend`, where you type a BSN; only with LEEFWERELD_DEVELOPMENT_LOGINS).
* eHerkenning: the library's SAML backend (`EHerkenningSamlBackend`) and our development
  login (`EHerkenningBackend`: the library has none for eHerkenning).
* Staff: `mozilla-django-oidc` (`StaffOIDCBackend`).

Django picks the backend whose `authenticate` takes the given keywords, so the password
form, the two SAML responses, the development logins and OIDC never meet.
"""

from __future__ import annotations

from typing import Any

from digid_eherkenning.backends import DigiDBackend as LibraryDigiDSamlBackend
from digid_eherkenning.backends import eHerkenningBackend as LibraryEHerkenningSamlBackend
from digid_eherkenning.mock.backends import DigiDBackend as LibraryDigiDMockBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from leefwereld.core.middleware import IDP_SECOND_FACTOR_SESSION_KEY

from . import identity

# The eHerkenning attributes (Afsprakenstelsel Elektronische Toegangsdiensten 1.11/1.13).
KVK_ATTRIBUTE = "urn:etoegang:1.11:attribute-represented:KvKnr"
BRANCH_ATTRIBUTE = "urn:etoegang:1.9:ServiceRestriction:Vestigingsnr"


class DigiDBackend(LibraryDigiDMockBackend):
    """The library's DigiD development login: a typed BSN. Refused unless switched on."""

    def authenticate(self, request, bsn=None):  # type: ignore[override]
        if not settings.LEEFWERELD_DEVELOPMENT_LOGINS:
            return None
        return super().authenticate(request, bsn=bsn)

    def get_or_create_user_from_bsn(self, request, bsn):
        return identity.resident_account(bsn)


class DigiDSamlBackend(LibraryDigiDSamlBackend):
    """Real DigiD: the library resolves the SAML artifact and gives the BSN."""

    def get_or_create_user_from_bsn(self, request, bsn):
        return identity.resident_account(bsn)


class EHerkenningBackend(ModelBackend):
    """The eHerkenning development login (KvK number, branch, a name for the person)."""

    def authenticate(self, request, kvk=None, branch=None, subject=None, **kwargs):  # type: ignore[override]
        if kvk is None or subject is None or not settings.LEEFWERELD_DEVELOPMENT_LOGINS:
            return None
        return identity.organisation_account(kvk, branch or "", subject)


class EHerkenningSamlBackend(LibraryEHerkenningSamlBackend):
    """Real eHerkenning: KvK number and branch from the attributes, the NameID as the
    pseudonym of the person acting."""

    def get_or_create_user(self, request, saml_response, saml_attributes):
        kvk = self.get_kvk_number(saml_attributes)
        branches = saml_attributes.get(BRANCH_ATTRIBUTE, [])
        subject = saml_response.get_nameid()
        user = identity.organisation_account(kvk, branches[0] if branches else "", subject)
        return user, False


class StaffOIDCBackend(OIDCAuthenticationBackend):
    """Staff single sign-on; the claims go to `identity.staff_account`."""

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        # The subject and the groups are checked by identity.staff_account.
        return bool(claims.get("sub"))

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]):
        claims = self.get_userinfo(access_token, id_token, payload)
        claims = {**payload, **claims}
        user = identity.staff_account(claims)
        if user is not None and self.request is not None:
            # Only where the municipality's identity provider enforces a second factor
            # itself (a setting, ADR 0016) does its login count as the staff second factor.
            self.request.session[IDP_SECOND_FACTOR_SESSION_KEY] = bool(
                settings.LEEFWERELD_OIDC_IDP_ENFORCES_SECOND_FACTOR
            )
        return user
