from django.urls import path

from . import views

app_name = "socialmap"
urlpatterns = [
    path("", views.offer_search, name="search"),
    path("aanbod/<int:pk>/", views.offer_detail, name="detail"),
    path("wijk/<str:cbs_code>/afdrukken/", views.neighbourhood_print, name="print"),
    path("sociale-kaart.csv", views.export_csv, name="export"),
    path("mijn-aanbod/", views.my_offers, name="my_offers"),
    path("mijn-aanbod/<int:organisation_pk>/nieuw/", views.propose, name="propose_new"),
    path(
        "mijn-aanbod/<int:organisation_pk>/<int:offer_pk>/wijzigen/",
        views.propose,
        name="propose_change",
    ),
    path("beoordelen/", views.review_queue, name="review_queue"),
    path("beoordelen/<int:pk>/", views.review, name="review"),
    path("beoordelen/inlezen/", views.import_csv, name="import"),
]
