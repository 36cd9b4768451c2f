"""`ervaring codebook import|export`: a survey's codebook as CSV, for editing elsewhere.

Export writes the codebook (the standard one, when the survey had none yet); import adds or
changes the file's codes and leaves others alone. A file with any error imports nothing
and every error is printed with its line.
"""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ervaring.analysis import codebook, codebook_services
from ervaring.questionnaires.models import Survey


class Command(BaseCommand):
    help = "Import or export a survey's codebook of open-answer themes as CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["import", "export"])
        parser.add_argument("--survey", required=True, help="survey slug")
        parser.add_argument("--file", required=True, help="the CSV to read or write")

    def handle(self, *args: object, **options: object) -> None:
        slug = str(options["survey"])
        survey = Survey.objects.select_related("organisation").filter(slug=slug).first()
        if survey is None:
            raise CommandError(f"Unknown survey '{slug}'.")
        path = Path(str(options["file"]))
        if options["action"] == "export":
            codebook_services.ensure_codebook(survey)
            rows = codebook_services.codebook_rows(survey)
            write_whole(path, "\ufeff" + codebook.to_csv(rows))
            self.stdout.write(f"exported {len(rows)} codes to {path}")
            return
        try:
            rows = codebook.parse_csv(path.read_text(encoding="utf-8-sig"))
            count = codebook_services.import_codebook(survey, list(rows), actor=None)
        except OSError as error:
            raise CommandError(f"Bestand niet te lezen: {error}") from error
        except UnicodeDecodeError as error:
            raise CommandError("Sla het bestand op als CSV UTF-8.") from error
        except codebook.CodebookError as error:
            raise CommandError("\n".join(error.errors)) from error
        self.stdout.write(f"imported {count} codes into {survey.slug}")


def write_whole(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, renamed once complete."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".codebook-", suffix=".csv")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as target:
            target.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
