from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from ervaring.reporting.management.commands._reporting import analyse, get_survey, write
from ervaring.reporting.tablebook import build_tablebook


class Command(BaseCommand):
    help = (
        "Write the table book (XLSX): every question overall and per breakdown, with counts, "
        "%, n, 95% interval and suppression marks, and a contents sheet with links."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--survey", required=True, help="survey slug")
        parser.add_argument("--out", required=True, help="the .xlsx file to write")

    def handle(self, *args: object, **options: object) -> None:
        survey = get_survey(str(options["survey"]))
        inputs = analyse(survey, self.stdout.write)
        self.stdout.write("writing the table book ...")
        write(Path(str(options["out"])), build_tablebook(inputs), self.stdout.write)
