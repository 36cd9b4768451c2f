from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    name = "ervaring.questionnaires"
    label = "questionnaires"
