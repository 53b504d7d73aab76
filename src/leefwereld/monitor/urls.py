from django.urls import path

from . import views

app_name = "monitor"

urlpatterns = [
    path("", views.monitor_page, name="monitor"),
    path("cijfers.csv", views.monitor_csv, name="csv"),
    path("cijfers.xlsx", views.monitor_xlsx, name="xlsx"),
    path("evaluatie.pdf", views.report_pdf, name="report"),
    path("streefwaarde/", views.set_target, name="target"),
    path("open/", views.open_page, name="open"),
    path("open/wijkmonitor.csv", views.open_csv, name="open_csv"),
]
