from django.urls import path

from . import views

app_name = "debts"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("signalen/", views.signal_list, name="signals"),
    path("signalen/inlezen/", views.signal_import, name="signal_import"),
    path("signalen/<int:pk>/controleren/", views.signal_review, name="signal_review"),
    path("vroegsignalering/", views.outreach_list, name="outreach"),
    path("vroegsignalering/<int:pk>/", views.outreach_detail, name="outreach_detail"),
    path("vroegsignalering/<int:pk>/contact/", views.outreach_contact, name="outreach_contact"),
    path("vroegsignalering/<int:pk>/afsluiten/", views.outreach_close, name="outreach_close"),
    path("vroegsignalering/<int:pk>/zaak/", views.outreach_open_case, name="outreach_open_case"),
    path("zaken/", views.case_list, name="cases"),
    path("zaken/<int:pk>/", views.case_detail, name="case_detail"),
    path("zaken/<int:pk>/fase/", views.case_advance, name="case_advance"),
    path("zaken/<int:pk>/moratorium/", views.case_moratorium, name="case_moratorium"),
    path("zaken/<int:pk>/schuld/", views.case_add_debt, name="case_add_debt"),
    path("zaken/<int:pk>/afloscapaciteit/", views.case_capacity, name="case_capacity"),
    path("zaken/<int:pk>/aanbod/", views.case_offers, name="case_offers"),
    path("zaken/<int:pk>/overname/", views.case_takeover, name="case_takeover"),
    path("zaken/<int:pk>/aflossing/", views.case_repayment, name="case_repayment"),
    path("zaken/<int:pk>/doel/", views.case_goal, name="case_goal"),
    path("aanbod/<int:pk>/antwoord/", views.offer_respond, name="offer_respond"),
    path("betaling/<int:pk>/betaald/", views.instruction_paid, name="instruction_paid"),
    path("doel/<int:pk>/behaald/", views.goal_reached, name="goal_reached"),
    path("weigeringen/", views.refusals, name="refusals"),
    path("fonds/", views.fund, name="fund"),
    path("fonds/cijfers.csv", views.fund_csv, name="fund_csv"),
    path("fonds/inleg/", views.fund_contribute, name="fund_contribute"),
    path("fonds/betalingen.xml", views.sepa_export, name="sepa_export"),
    path("signaalpartner/", views.partner_status, name="partner"),
    path("mijn-schulden/", views.my_debts, name="mine"),
    path("mijn-schulden/geen-hulp/<int:pk>/", views.decline, name="decline"),
]
