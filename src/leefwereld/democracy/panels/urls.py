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
    # After the draw: what the panel advised, the college's answer and its implementation.
    path("advies/", views.accountability, name="accountability"),
    path(
        "<int:pk>/advies/<int:number>/", views.recommendation_public, name="recommendation_public"
    ),
    # Members sign in with the code from their letter, see the next meeting and vote.
    path("<int:pk>/lid/", views.member, name="member"),
    path("<int:pk>/lid/stemmen/<int:recommendation_pk>/", views.member_vote, name="member_vote"),
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
    path("beheer/<int:pk>/bijeenkomsten/", views.meetings, name="meetings"),
    path("beheer/<int:pk>/bijeenkomsten/<int:meeting_pk>/", views.meeting, name="meeting"),
    path("beheer/<int:pk>/advies/", views.advice, name="advice"),
    path(
        "beheer/<int:pk>/advies/<int:recommendation_pk>/",
        views.recommendation,
        name="recommendation",
    ),
    path(
        "beheer/<int:pk>/advies/<int:recommendation_pk>/stap/",
        views.recommendation_step,
        name="recommendation_step",
    ),
    path(
        "beheer/<int:pk>/advies/<int:recommendation_pk>/antwoord/",
        views.answer,
        name="answer",
    ),
    path(
        "beheer/<int:pk>/advies/<int:recommendation_pk>/uitvoering/",
        views.implementation,
        name="implementation",
    ),
    path(
        "beheer/<int:pk>/leden/<int:volunteer_pk>/afmelden/",
        views.dropout,
        name="dropout",
    ),
]
