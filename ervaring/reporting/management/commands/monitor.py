from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from ervaring.reporting.management.commands._reporting import analyse, get_survey, write
from ervaring.reporting.monitor import monitor_csv


class Command(BaseCommand):
    help = (
        "Write the national monitor figures (Gemeentelijke Monitor Sociaal Domein) as CSV: per "
        "year the % (helemaal) mee eens with n on the standard Wmo/Jeugd questions."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--survey", required=True, help="survey slug")
        parser.add_argument("--out", required=True, help="the .csv file to write")

    def handle(self, *args: object, **options: object) -> None:
        survey = get_survey(str(options["survey"]))
        inputs = analyse(survey, self.stdout.write)
        write(Path(str(options["out"])), monitor_csv(inputs).encode("utf-8"), self.stdout.write)
