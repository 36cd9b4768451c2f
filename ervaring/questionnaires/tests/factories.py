import factory

from ervaring.accounts.tests.factories import OrganisationFactory
from ervaring.questionnaires import services
from ervaring.questionnaires.models import Survey


class SurveyFactory(factory.django.DjangoModelFactory):
    """A survey from a standard template; `in_fieldwork=True` starts fieldwork."""

    class Meta:
        model = Survey

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Onderzoek {n}")
    template = "wmo"
    in_fieldwork = False

    @classmethod
    def _create(cls, model_class: type, *, organisation, name, template, in_fieldwork, **kw):
        survey = services.create_survey_from_template(organisation, template, name)
        if in_fieldwork:
            survey = services.start_fieldwork(survey)
        return survey


def in_every_language(text: str, languages=("nl", "en", "tr", "ar", "pl")) -> dict[str, str]:
    """A question text in every language of the standard Wmo template: a local question
    needs all of them before its version can go into fieldwork (the words are test stand-ins)."""
    return {code: text if code == "nl" else f"{text} [{code}]" for code in languages}
