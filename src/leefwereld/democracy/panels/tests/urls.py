"""The project's URLs plus the panels API, for tests that must not wait for the shared
api/urls.py to include it."""

from django.urls import include, path

from leefwereld.urls import handler403, handler404, handler500
from leefwereld.urls import urlpatterns as project

urlpatterns = [path("api/v1/", include("leefwereld.democracy.panels.api.urls")), *project]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
