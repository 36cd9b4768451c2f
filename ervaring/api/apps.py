from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ervaring.api"
    label = "api"
    verbose_name = "API"
