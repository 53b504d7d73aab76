from django.http import HttpRequest, JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views


def not_found(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"detail": _("Niet gevonden.")}, status=404)


router = DefaultRouter()
router.register("municipalities", views.MunicipalityViewSet)
router.register("neighbourhoods", views.NeighbourhoodViewSet)
router.register("organisations", views.OrganisationViewSet)
router.register("households", views.HouseholdViewSet, basename="household")
router.register("residents", views.ResidentViewSet, basename="resident")

urlpatterns = [
    path("me/", views.MeView.as_view(), name="api-me"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api/swagger_ui.html"
        ),
        name="api-docs",
    ),
    path("", include(router.urls)),
    path("", include("leefwereld.vault.api.urls")),
    path("", include("leefwereld.socialmap.api.urls")),
    path("", include("leefwereld.democracy.api.urls")),
    path("", include("leefwereld.democracy.panels.api.urls")),
    path("", include("leefwereld.debts.api.urls")),
    path("", include("leefwereld.support.api.urls")),
    path("", include("leefwereld.routes.api.urls")),
    # Whatever no route above matches: a JSON 404 like the API's own, not the HTML page.
    re_path(r"^.*$", not_found, name="api-not-found"),
]
