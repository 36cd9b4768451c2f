from django.apps import AppConfig


class ResponsesConfig(AppConfig):
    name = "ervaring.responses"
    label = "responses"
