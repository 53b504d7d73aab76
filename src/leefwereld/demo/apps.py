from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "leefwereld.demo"
    label = "demo"
