from django.conf import settings
from django.urls import include, path

from . import views

app_name = "connections"

urlpatterns = [
    path("status/", views.health, name="health"),
]
if settings.LEEFWERELD_DEVELOPMENT_LOGINS:
    urlpatterns.append(
        path(
            "eherkenning-ontwikkel/",
            views.eherkenning_development_login,
            name="eherkenning_development_login",
        )
    )


def login_patterns() -> list:
    """The login protocols' own routes, for the root URLconf (outside /koppelingen/ because
    the identity providers are registered with these paths)."""
    patterns = [path("oidc/", include("mozilla_django_oidc.urls"))]
    if settings.LEEFWERELD_DEVELOPMENT_LOGINS:
        # The library's DigiD development login: its "IdP" page where you type a BSN.
        patterns += [
            path("digid/", include("digid_eherkenning.mock.digid_urls")),
            path("digid-ontwikkel/", include("digid_eherkenning.mock.idp.digid_urls")),
        ]
    elif settings.LEEFWERELD_DIGID:
        patterns.append(path("digid/", include("digid_eherkenning.digid_urls")))
    if settings.LEEFWERELD_EHERKENNING and not settings.LEEFWERELD_DEVELOPMENT_LOGINS:
        patterns.append(path("eherkenning/", include("digid_eherkenning.eherkenning_urls")))
    if settings.LEEFWERELD_DIGID or settings.LEEFWERELD_EHERKENNING:
        patterns.append(path("saml/", include("digid_eherkenning.metadata_urls")))
    return patterns
