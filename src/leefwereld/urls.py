from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from leefwereld.connections import urls as connections_urls
from leefwereld.core import views as core_views
from leefwereld.core.forms import LoginForm

admin.site.site_header = _("Leefwereld beheer")
admin.site.site_title = _("Leefwereld beheer")

urlpatterns = [
    path("", core_views.home, name="home"),
    path("gezond/", core_views.health, name="health"),
    path("mijn-leefwereld/", core_views.resident_home, name="resident_home"),
    path("mijn-werk/", core_views.professional_home, name="professional_home"),
    path("raad/", core_views.council_home, name="council_home"),
    path("beheer/", core_views.administrator_home, name="administrator_home"),
    path(
        "account/inloggen/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=LoginForm
        ),
        name="login",
    ),
    path("account/uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/tweede-factor/", core_views.second_factor, name="second_factor"),
    path("mijn-gegevens/", include("leefwereld.vault.urls")),
    path("meedoen/", include("leefwereld.democracy.urls")),
    path("burgerpanels/", include("leefwereld.democracy.panels.urls")),
    path("sociale-kaart/", include("leefwereld.socialmap.urls")),
    path("schulden/", include("leefwereld.debts.urls")),
    path("ondersteuning/", include("leefwereld.support.urls")),
    path("hulp/", include("leefwereld.routes.urls")),
    path("raad/monitor/", include("leefwereld.monitor.urls")),
    path("koppelingen/", include("leefwereld.connections.urls")),
    path("financien/", include("leefwereld.finance.urls")),
    path("klachten/", include("leefwereld.ombudsman.urls")),
    path("werk/", include("leefwereld.work.urls")),
    path("jeugd/", include("leefwereld.youth.urls")),
    path("bezwaar/", include("leefwereld.objections.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("leefwereld.api.urls")),
]

# DigiD, eHerkenning and staff single sign-on: which routes exist follows the settings.
urlpatterns += connections_urls.login_patterns()

handler403 = "leefwereld.core.views.error_403"
handler404 = "leefwereld.core.views.error_404"
handler500 = "leefwereld.core.views.error_500"

if settings.DEBUG:
    # Lets a developer look at the error pages as residents would see them.
    from django.views.generic import TemplateView

    urlpatterns += [
        path(f"fout/{code}/", TemplateView.as_view(template_name=f"errors/{code}.html"))
        for code in ("403", "404", "500")
    ]
