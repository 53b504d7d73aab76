from django.urls import path

from . import views

app_name = "support"
urlpatterns = [
    path("termijnen/", views.deadlines, name="deadlines"),
    path("inwoner/<int:resident_pk>/melding/", views.melding_new, name="melding_new"),
    path("melding/<int:pk>/", views.case, name="case"),
    path("melding/<int:pk>/gesprek/", views.intake, name="intake"),
    path("melding/<int:pk>/verslag/", views.report, name="report"),
    path("melding/<int:pk>/verslag.pdf", views.report_pdf, name="report_pdf"),
    path("melding/<int:pk>/aanvraag/", views.application_new, name="application_new"),
    path("aanvraag/<int:pk>/besluit/", views.decide, name="decide"),
    path("besluit/<int:pk>/", views.decision, name="decision"),
    path("besluit/<int:pk>/brief.pdf", views.letter_pdf, name="letter_pdf"),
    path("mijn/", views.my_support, name="my_support"),
    path("vragen/", views.ask, name="ask"),
    path("mijn/melding/<int:pk>/", views.receipt, name="receipt"),
    path("plan/<int:household_pk>/", views.plan, name="plan"),
    path("plan/<int:household_pk>/starten/", views.plan_start, name="plan_start"),
    path("plan/<int:household_pk>/wijzigen/", views.plan_edit, name="plan_edit"),
    path("plan/<int:household_pk>/tekenen/", views.plan_sign, name="plan_sign"),
    path("plan/<int:household_pk>/regisseur/", views.plan_coach, name="plan_coach"),
    path("plan/<int:household_pk>/meetekenen/", views.plan_cosigners, name="plan_cosigners"),
    path("plan/<int:household_pk>/versies/", views.plan_compare, name="plan_compare"),
    path("plan/<int:household_pk>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("plan/<int:household_pk>/meting/", views.measure, name="measure"),
]
