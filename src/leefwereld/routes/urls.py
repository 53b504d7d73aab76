from django.urls import path

from . import views

app_name = "routes"
urlpatterns = [
    # Residents: "Waar sta ik?"
    path("", views.where_am_i, name="where_am_i"),
    path("vragen/", views.ask, name="ask"),
    path("vraag/nieuw/", views.request_new, name="request_new"),
    path("vraag/<int:pk>/", views.my_request, name="my_request"),
    path("vraag/<int:pk>/kastje-muur/", views.pillar_to_post, name="pillar_to_post"),
    path("vraag/<int:pk>/delen/", views.share, name="share"),
    path("vraag/<int:pk>/intrekken/", views.withdraw, name="withdraw"),
    path("betrokken-organisaties/", views.my_involvements, name="my_involvements"),
    # Case workers and the regie team.
    path("werk/", views.worklist, name="worklist"),
    path("werk/nieuw/", views.request_open_for, name="request_open_for"),
    path("werk/vraag/<int:pk>/", views.request_detail, name="request_detail"),
    path("werk/vraag/<int:pk>/doorverwijzen/", views.refer, name="refer"),
    path("werk/vraag/<int:pk>/accepteren/", views.accept, name="accept"),
    path("werk/vraag/<int:pk>/weigeren/", views.refuse, name="refuse"),
    path("werk/vraag/<int:pk>/escaleren/", views.escalate, name="escalate"),
    path("werk/vraag/<int:pk>/afronden/", views.close, name="close"),
    path("werk/vraag/<int:pk>/aantekening/", views.add_note, name="add_note"),
    path("werk/escalatie/<int:pk>/regie-nemen/", views.take_ownership, name="take_ownership"),
    # The involvement signal.
    path("betrokkenheid/", views.involvements, name="involvements"),
    path("betrokkenheid/nieuw/", views.involvement_new, name="involvement_new"),
    path("betrokkenheid/<int:pk>/beeindigen/", views.involvement_end, name="involvement_end"),
    path("signalen/<int:pk>/contact/", views.signal_contact, name="signal_contact"),
    path("betrokkenheid/team/", views.involvement_team, name="involvement_team"),
    # Council members and policy officers.
    path("cijfers/", views.figures_page, name="figures"),
]
