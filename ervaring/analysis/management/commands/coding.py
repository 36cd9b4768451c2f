"""`ervaring coding import|export`: the coding of open answers and interview fragments as CSV.

For coding done elsewhere. Export writes every readable (scrubbed) answer and fragment
with its codes (`id;vraag;tekst;codes`); import reads `id` and `codes` back as the first
coder's codes, all or nothing: a file with an unknown id or code imports nothing and every
faulty row is printed with its line.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ervaring.accounts.models import Staff
from ervaring.analysis import codebook_services, coding_csv
from ervaring.analysis.management.commands.codebook import write_whole
from ervaring.questionnaires.models import Survey


class Command(BaseCommand):
    help = "Export or import the coding of open answers and interview fragments as CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["import", "export"])
        parser.add_argument("--survey", required=True, help="survey slug")
        parser.add_argument("--file", required=True, help="the CSV to read or write")
        parser.add_argument(
            "--coder", help="username of the staff member the imported codes are from"
        )

    def handle(self, *args: object, **options: object) -> None:
        slug = str(options["survey"])
        survey = Survey.objects.select_related("organisation").filter(slug=slug).first()
        if survey is None:
            raise CommandError(f"Unknown survey '{slug}'.")
        path = Path(str(options["file"]))
        if options["action"] == "export":
            codebook_services.ensure_codebook(survey)
            rows = coding_csv.export_rows(survey)
            write_whole(path, "\ufeff" + coding_csv.to_csv(rows))
            self.stdout.write(f"exported {len(rows)} texts to {path}")
            return
        coder = Staff.objects.filter(
            organisation=survey.organisation, username=options["coder"] or ""
        ).first()
        if coder is None:
            raise CommandError("Give --coder: the username of a staff member of this organisation.")
        try:
            rows = coding_csv.parse_csv(path.read_text(encoding="utf-8-sig"))
            changed = coding_csv.import_coding(survey, rows, coder=coder)
        except OSError as error:
            raise CommandError(f"Bestand niet te lezen: {error}") from error
        except UnicodeDecodeError as error:
            raise CommandError("Sla het bestand op als CSV UTF-8.") from error
        except coding_csv.CodingCsvError as error:
            raise CommandError("\n".join(["Niets ingelezen.", *error.errors])) from error
        self.stdout.write(f"imported {len(rows)} rows into {survey.slug} ({changed} changed)")
