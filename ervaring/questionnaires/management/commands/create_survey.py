from django.core.management.base import BaseCommand, CommandError, CommandParser

from ervaring.accounts.models import Organisation
from ervaring.accounts.services import get_organisation
from ervaring.questionnaires import services, standard


class Command(BaseCommand):
    help = "Create a survey from a standard template; prints the new survey's slug last."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="organisation slug")
        parser.add_argument("--template", required=True, choices=sorted(standard.TEMPLATES))
        parser.add_argument("--name", required=True)

    def handle(self, *args: object, **options: str) -> None:
        try:
            organisation = get_organisation(options["organisation"])
        except Organisation.DoesNotExist as missing:
            raise CommandError(f"Unknown organisation '{options['organisation']}'.") from missing
        try:
            survey = services.create_survey_from_template(
                organisation, options["template"], options["name"], actor_label="create-survey"
            )
        except services.SurveyError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Created '{survey.name}' for {organisation.name} (version 1).")
        self.stdout.write(survey.slug)
