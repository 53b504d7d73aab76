from django.urls import path

from . import views

app_name = "finance"
urlpatterns = [
    path("mijn-toewijzingen/", views.mine, name="mine"),
    path("herindicaties/", views.reassessments, name="reassessments"),
    path("besluit/<int:pk>/toewijzen/", views.allocate, name="allocate"),
    path("begroting/", views.budget, name="budget"),
    path("begroting/begroting.csv", views.budget_csv, name="budget_csv"),
    path("begroting/begroting.xlsx", views.budget_xlsx, name="budget_xlsx"),
    path("begroting/wijzigen/", views.budget_change, name="budget_change"),
    path("aanbieder/", views.provider, name="provider"),
    path("aanbieder/declareren/", views.declare, name="declare"),
    path("aanbieder/bestand/", views.declare_csv, name="declare_csv"),
    path("declaraties/", views.declarations, name="declarations"),
    path("declaraties/<int:pk>/", views.declaration, name="declaration"),
    path("betaalbatch/", views.batch_create, name="batch_create"),
    path("betaalbatch/<int:pk>/pain001.xml", views.batch_xml, name="batch_xml"),
    path("huishouden/<int:pk>/hardheid/", views.hardship_new, name="hardship_new"),
    path("hardheid/", views.hardship_list, name="hardship_list"),
    path("hardheid/<int:pk>/besluit/", views.hardship_decide, name="hardship_decide"),
    path("reserve/", views.reserve, name="reserve"),
    path("reserve/onttrekking/", views.drawdown, name="drawdown"),
]
