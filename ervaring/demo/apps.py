from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "ervaring.demo"
    label = "demo"
    verbose_name = "Demo-gemeente"
