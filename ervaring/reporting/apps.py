from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "ervaring.reporting"
    label = "reporting"
