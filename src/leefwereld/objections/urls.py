from django.urls import path

from . import views

app_name = "objections"
urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/hoorzitting/", views.hearing, name="hearing"),
    path("<int:pk>/beslissen/", views.decide, name="decide"),
]
