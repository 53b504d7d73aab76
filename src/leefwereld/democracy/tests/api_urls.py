"""The project's URLs plus the democracy API, so its tests run before the API includes it."""

from django.urls import include, path

from leefwereld.urls import handler403, handler404, handler500
from leefwereld.urls import urlpatterns as project_urls

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]

urlpatterns = [
    path("api/v1/", include("leefwereld.democracy.api.urls")),
    *project_urls,
]
