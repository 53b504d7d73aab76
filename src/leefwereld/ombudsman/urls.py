from django.urls import path

from . import views

app_name = "ombudsman"
urlpatterns = [
    # Anyone.
    path("", views.file, name="file"),
    path("ontvangen/", views.receipt, name="receipt"),
    path("volgen/", views.follow, name="follow"),
    # Residents: "Waar sta ik?"
    path("mijn/", views.mine, name="mine"),
    path("mijn/<int:pk>/", views.my_complaint, name="my_complaint"),
    path("mijn/<int:pk>/tevredenheid/", views.my_feedback, name="my_feedback"),
    path("mijn/<int:pk>/kastje-muur/", views.my_pillar_to_post, name="my_pillar_to_post"),
    # The ombudsman.
    path("balie/", views.desk, name="desk"),
    path("registreren/", views.register, name="register"),
    path("balie/<int:pk>/", views.case, name="case"),
    path("balie/<int:pk>/stap/", views.step, name="step"),
    path("balie/<int:pk>/oorzaak/", views.cause, name="cause"),
    path("categorieen/", views.categories, name="categories"),
    # The action team (the regie team of the help routes).
    path("actieteam/", views.team, name="team"),
    path("actieteam/<int:pk>/", views.team_case, name="team_case"),
    path("actieteam/<int:pk>/opgelost/", views.resolve, name="resolve"),
    # From complaints to policy.
    path("patronen/", views.patterns, name="patterns"),
    path("signalen/", views.signals, name="signals"),
    path("signalen/nieuw/", views.signal_new, name="signal_new"),
    path("signalen/<int:pk>/", views.signal, name="signal"),
    path("signalen/<int:pk>/opvolging/", views.signal_follow_up, name="signal_follow_up"),
    path("rapportage/", views.report, name="report"),
    path("rapportage/pdf/", views.report_pdf, name="report_pdf"),
]
