from django.urls import path

from . import advisory_views, views

app_name = "democracy"

urlpatterns = [
    path("", views.index, name="index"),
    # Neighbourhood budgets
    path("buurtbegroting/", views.round_list, name="round_list"),
    path("buurtbegroting/<int:pk>/", views.round_detail, name="round_detail"),
    path("buurtbegroting/<int:pk>/uitslag/", views.round_result, name="round_result"),
    path("buurtbegroting/<int:pk>/idee/", views.propose, name="propose"),
    path("buurtbegroting/<int:pk>/stemmen/", views.vote, name="vote"),
    path("buurtbegroting/<int:pk>/pabulib/", views.round_export, name="round_export"),
    path("buurtbegroting/project/<int:pk>/", views.project_detail, name="project_detail"),
    path("buurtbegroting/project/<int:pk>/steunen/", views.project_support, name="project_support"),
    path("stemcode/", views.vote_with_code, name="vote_with_code"),
    # The municipality runs rounds
    path("beheer/", views.manage, name="manage"),
    path("beheer/buurtbegroting/nieuw/", views.round_create, name="round_create"),
    path("beheer/buurtbegroting/importeren/", views.round_import, name="round_import"),
    path("beheer/buurtbegroting/<int:pk>/", views.round_manage, name="round_manage"),
    path("beheer/buurtbegroting/<int:pk>/fase/", views.round_transition, name="round_transition"),
    path("beheer/buurtbegroting/<int:pk>/stemcodes/", views.voting_codes, name="voting_codes"),
    path("beheer/project/<int:pk>/toets/", views.project_review, name="project_review"),
    path(
        "beheer/project/<int:pk>/uitvoering/",
        views.realisation_update,
        name="realisation_update",
    ),
    # Citizen initiatives
    path("initiatieven/", views.initiative_list, name="initiative_list"),
    path("initiatieven/nieuw/", views.initiative_create, name="initiative_create"),
    path("initiatieven/<int:pk>/", views.initiative_detail, name="initiative_detail"),
    path("initiatieven/<int:pk>/antwoord/", views.initiative_answer, name="initiative_answer"),
    path("initiatieven/<int:pk>/koppelen/", views.initiative_link, name="initiative_link"),
    path(
        "initiatieven/<int:pk>/contactpersoon/",
        views.initiative_contact,
        name="initiative_contact",
    ),
    path("initiatieven/<int:pk>/startsubsidie/", views.grant_create, name="grant_create"),
    path("startsubsidie/<int:pk>/resultaten/", views.grant_report, name="grant_report"),
    # Blocking rules
    path("blokkerende-regels/", views.rule_list, name="rule_list"),
    path("blokkerende-regels/melden/", views.rule_report, name="rule_report"),
    path("blokkerende-regels/<int:pk>/", views.rule_detail, name="rule_detail"),
    path("blokkerende-regels/<int:pk>/steunen/", views.rule_support, name="rule_support"),
    path("blokkerende-regels/<int:pk>/besluit/", views.rule_status, name="rule_status"),
    path(
        "blokkerende-regels/<int:pk>/hardheidsbesluit/",
        views.rule_hardship,
        name="rule_hardship",
    ),
    # Right to challenge
    path("uitdaagrecht/", views.challenge_list, name="challenge_list"),
    path("uitdaagrecht/nieuw/", views.challenge_create, name="challenge_create"),
    path("uitdaagrecht/<int:pk>/", views.challenge_detail, name="challenge_detail"),
    path("uitdaagrecht/<int:pk>/aansluiten/", views.challenge_join, name="challenge_join"),
    path("uitdaagrecht/<int:pk>/criteria/", views.challenge_criteria, name="challenge_criteria"),
    path("uitdaagrecht/<int:pk>/besluit/", views.challenge_decide, name="challenge_decide"),
    # The council
    path("raad/", views.council, name="council"),
    # The advisory council channel (issue 19)
    path("adviesraad/", advisory_views.advisory_list, name="advisory_list"),
    path("adviesraad/vragen/", advisory_views.advisory_ask, name="advisory_ask"),
    path(
        "adviesraad/ongevraagd/", advisory_views.advisory_unsolicited, name="advisory_unsolicited"
    ),
    path("adviesraad/<int:pk>/", advisory_views.advisory_detail, name="advisory_detail"),
    path("adviesraad/<int:pk>/advies/", advisory_views.advisory_advise, name="advisory_advise"),
    path("adviesraad/<int:pk>/reactie/", advisory_views.advisory_respond, name="advisory_respond"),
]
