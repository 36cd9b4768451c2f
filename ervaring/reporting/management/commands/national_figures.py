from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ervaring.reporting.national_services import (
    NationalImportError,
    done_message,
    import_national,
)


class Command(BaseCommand):
    help = (
        "Import the national reference figures (Gemeentelijke Monitor Sociaal Domein): a CSV "
        "or XLSX with the columns jaar, wet, vraag (standard id such as wmo-2), percentage "
        "eens and optionally n. All or nothing; a year and law in the file replace what is "
        "stored for them. Installation-wide: the same for every organisation."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["import"], help="import: read a file")
        parser.add_argument("--file", required=True, help="the .csv or .xlsx file")
        parser.add_argument(
            "--source",
            default="",
            help="where the figures come from (default: Gemeentelijke Monitor Sociaal "
            "Domein <year>)",
        )

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["file"]))
        if not path.is_file():
            raise CommandError(f"Het bestand {path} bestaat niet.")
        try:
            result = import_national(
                path.read_bytes(),
                source_text=str(options["source"]),
                actor_label="national-figures import",
            )
        except NationalImportError as error:
            raise CommandError(
                "Niets ingelezen:\n" + "\n".join(f"- {p}" for p in error.problems)
            ) from error
        self.stdout.write(done_message(result))
