from django.apps import AppConfig


class ScheduleConfig(AppConfig):
    name = "ervaring.schedule"
    verbose_name = "planning"
