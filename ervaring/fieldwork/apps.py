from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "ervaring.fieldwork"
    label = "fieldwork"
