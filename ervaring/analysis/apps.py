from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "ervaring.analysis"
    label = "analysis"
