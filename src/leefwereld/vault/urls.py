from django.urls import path

from . import views

app_name = "vault"

urlpatterns = [
    # The resident (or a legal representative acting for a child).
    path("", views.overview, name="overview"),
    path("namens/", views.choose_subject, name="choose_subject"),
    path("gegevens/nieuw/", views.record_create, name="record_create"),
    path("gegevens/<uuid:record_id>/", views.record_detail, name="record_detail"),
    path("gegevens/<uuid:record_id>/verwijderen/", views.record_erase, name="record_erase"),
    path("toegang/", views.access_overview, name="access"),
    path("toegang/nieuw/", views.grant_create, name="grant_create"),
    path("toegang/<int:pk>/intrekken/", views.grant_revoke, name="grant_revoke"),
    path("verzoeken/<int:pk>/", views.request_decide, name="request_decide"),
    path("logboek/", views.access_log, name="log"),
    path("netwerk/", views.network, name="network"),
    path("netwerk/<int:pk>/stoppen/", views.network_end, name="network_end"),
    path(
        "netwerk/uitnodigingen/<int:pk>/intrekken/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("uitnodiging/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("downloaden/", views.export_page, name="export"),
    path("downloaden/mijn-gegevens.json", views.export_json, name="export_json"),
    path("downloaden/mijn-gegevens.pdf", views.export_pdf, name="export_pdf"),
    # Professionals and network members: what residents shared with them.
    path("werk/", views.caseload_page, name="caseload"),
    path("werk/zoeken/", views.find_resident, name="find_resident"),
    path("inzage/<int:resident_id>/", views.resident_records, name="resident_records"),
    path(
        "inzage/<int:resident_id>/nieuw/",
        views.resident_record_create,
        name="resident_record_create",
    ),
    path("inzage/<int:resident_id>/verzoek/", views.request_create, name="request_create"),
    path("inzage/<int:resident_id>/noodtoegang/", views.break_glass_create, name="break_glass"),
    path(
        "inzage/<int:resident_id>/grondslag/",
        views.legal_basis_create,
        name="legal_basis_create",
    ),
    path("grondslagen/<int:pk>/beeindigen/", views.legal_basis_end, name="legal_basis_end"),
    # The ombudsman reviews break-glass access.
    path("controle/noodtoegang/", views.break_glass_reviews, name="break_glass_reviews"),
    path("controle/noodtoegang/<int:pk>/", views.break_glass_review, name="break_glass_review"),
]
