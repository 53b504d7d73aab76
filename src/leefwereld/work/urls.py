from django.urls import path

from . import views

app_name = "work"
urlpatterns = [
    path("regelingen/", views.schemes_check, name="schemes"),
    path("huishouden/<int:household_pk>/", views.household, name="household"),
    path(
        "huishouden/<int:household_pk>/inwoner/<int:resident_pk>/uitkering/",
        views.benefit,
        name="benefit",
    ),
    path(
        "huishouden/<int:household_pk>/inwoner/<int:resident_pk>/ladder/",
        views.ladder,
        name="ladder",
    ),
    path(
        "huishouden/<int:household_pk>/inwoner/<int:resident_pk>/dagbesteding/",
        views.daytime,
        name="daytime",
    ),
]
