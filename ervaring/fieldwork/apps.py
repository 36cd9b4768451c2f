from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "ervaring.fieldwork"
    label = "fieldwork"

    def ready(self) -> None:
        """Fieldwork does not start while a survey's own message text lacks a language it
        offers (checked by questionnaires.services.start_fieldwork, which cannot import us)."""
        from ervaring.fieldwork.wording_services import untranslated_problem
        from ervaring.questionnaires.services import START_CHECKS

        if untranslated_problem not in START_CHECKS:
            START_CHECKS.append(untranslated_problem)
