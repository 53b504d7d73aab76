from django.urls import path

from . import views

app_name = "panels"
urlpatterns = [
    # Public: anyone follows a panel and residents with a letter sign up.
    path("", views.panel_list, name="list"),
    path("<int:pk>/", views.panel_public, name="public"),
    path("<int:pk>/loting.json", views.lottery_file, name="lottery_file"),
    path(
        "<int:pk>/vervangers-<int:round_number>.json",
        views.replacement_file,
        name="replacement_file",
    ),
    path("<int:pk>/aanmelden/", views.register, name="register"),
    path("<int:pk>/aanmelden/bedankt/", views.registered, name="registered"),
    # The municipality sets panels up, recruits, selects and draws.
    path("beheer/", views.manage, name="manage"),
    path("beheer/nieuw/", views.panel_create, name="create"),
    path("beheer/<int:pk>/", views.manage_panel, name="manage_panel"),
    path("beheer/<int:pk>/wijzigen/", views.panel_edit, name="edit"),
    path("beheer/<int:pk>/status/", views.transition, name="transition"),
    path("beheer/<int:pk>/quota/", views.quotas, name="quotas"),
    path("beheer/<int:pk>/quota/voorstellen/", views.resuggest, name="resuggest"),
    path("beheer/<int:pk>/kenmerken/", views.add_category, name="add_category"),
    path(
        "beheer/<int:pk>/kenmerken/<int:category_pk>/verwijderen/",
        views.remove_category,
        name="remove_category",
    ),
    path("beheer/<int:pk>/uitnodigen/", views.invite, name="invite"),
    path("beheer/<int:pk>/pool/", views.pool, name="pool"),
    path("beheer/<int:pk>/pool/inlezen/", views.import_pool, name="import_pool"),
    path(
        "beheer/<int:pk>/pool/<int:volunteer_pk>/terugtrekken/",
        views.withdraw,
        name="withdraw",
    ),
    path("beheer/<int:pk>/selectie/", views.selection_page, name="selection"),
    path("beheer/<int:pk>/selectie/starten/", views.start_selection, name="start_selection"),
    path("beheer/berekening/<int:run_pk>/", views.run_detail, name="run"),
    path("beheer/berekening/<int:run_pk>/voortgang/", views.run_progress, name="run_progress"),
    path("beheer/berekening/<int:run_pk>/stoppen/", views.cancel_run, name="cancel_run"),
    path("beheer/berekening/<int:run_pk>/versoepelen/", views.relax, name="relax"),
    path("beheer/<int:pk>/bekendmaken/", views.publish, name="publish"),
    path("beheer/<int:pk>/trekking/", views.draw, name="draw"),
    path(
        "beheer/<int:pk>/trekking/vervangers/",
        views.prepare_replacements,
        name="prepare_replacements",
    ),
    path(
        "beheer/<int:pk>/leden/<int:volunteer_pk>/afmelden/",
        views.dropout,
        name="dropout",
    ),
]
