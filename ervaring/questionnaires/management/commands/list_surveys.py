from django.core.management.base import BaseCommand, CommandError, CommandParser

from ervaring.accounts.models import Organisation
from ervaring.accounts.services import get_organisation
from ervaring.questionnaires.models import Survey


class Command(BaseCommand):
    help = "List one organisation's surveys (never another organisation's)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="organisation slug")

    def handle(self, *args: object, **options: str) -> None:
        try:
            organisation = get_organisation(options["organisation"])
        except Organisation.DoesNotExist as missing:
            raise CommandError(f"Unknown organisation '{options['organisation']}'.") from missing
        for survey in Survey.objects.filter(organisation=organisation).order_by("slug"):
            self.stdout.write(f"{survey.slug}\t{survey.get_status_display()}\t{survey.name}")
