from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "leefwereld.api"
    label = "api"
