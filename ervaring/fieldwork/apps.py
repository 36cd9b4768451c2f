from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "ervaring.fieldwork"
    label = "fieldwork"

    def ready(self) -> None:
        """When fieldwork starts, the project leader hears which of the survey's own message
        texts are not yet in every language it offers (questionnaires cannot import us)."""
        from ervaring.fieldwork.wording_services import untranslated_notice
        from ervaring.questionnaires.services import START_NOTICES

        if untranslated_notice not in START_NOTICES:
            START_NOTICES.append(untranslated_notice)
