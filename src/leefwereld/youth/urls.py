from django.urls import path

from . import views

app_name = "youth"
urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.register, name="register"),
    path("besluit/<int:pk>/", views.detail, name="detail"),
    path("besluit/<int:pk>/beslissen/", views.decide, name="decide"),
    path("besluit/<int:pk>/mijn-mening/", views.voice, name="voice"),
]
