"""`ervaring complaints import`: a year's overview of complaints from a file, as on the page.

For the complaint body's or the municipality's yearly overview (CSV or XLSX: jaar,
aanbieder, unieke cliënten, then one column per subject). The same reading and checks as
the page *Klachten*: a file with any error stores nothing and every error is printed with
its row and column.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ervaring.accounts.models import Organisation
from ervaring.analysis import complaint_services, complaints
from ervaring.analysis.models import ComplaintSource
from ervaring.questionnaires.models import Law


class Command(BaseCommand):
    help = "Import an overview of complaints per provider and year (CSV or XLSX)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["import"])
        parser.add_argument("--organisation", required=True, help="organisation slug")
        parser.add_argument("--law", required=True, choices=Law.values)
        parser.add_argument("--source", required=True, choices=ComplaintSource.values)
        parser.add_argument("--file", required=True, help="the CSV or XLSX to read")

    def handle(self, *args: object, **options: object) -> None:
        slug = str(options["organisation"])
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(f"Onbekende organisatie '{slug}'.")
        path = Path(str(options["file"]))
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Bestand niet te lezen: {error}") from error
        try:
            count = complaint_services.import_complaints(
                organisation, str(options["law"]), str(options["source"]), data, actor=None
            )
        except complaints.ComplaintImportError as error:
            raise CommandError("Er is niets ingelezen.\n" + "\n".join(error.errors)) from error
        self.stdout.write(f"imported {count} rows of complaints into {organisation.slug}")
