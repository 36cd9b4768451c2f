from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ervaring.fieldwork import printing
from ervaring.fieldwork.management.commands._common import get_survey
from ervaring.fieldwork.models import LetterBatch
from ervaring.fieldwork.population_summary import address_gaps


class Command(BaseCommand):
    help = (
        "Write the survey's queued letters (invitations, or reminder N) into one print-ready "
        "PDF and mark them printed, so the next run does not print them again; --batch ID "
        "writes an earlier print run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--survey", required=True, help="survey slug")
        parser.add_argument("--out", required=True, help="the PDF to write")
        parser.add_argument("--stratum", default="", help="only this group (e.g. begeleiding)")
        parser.add_argument("--reminder", type=int, default=0, help="reminder 1 or 2")
        parser.add_argument("--batch", type=int, help="print an earlier batch again")

    def handle(self, *args: object, **options: object) -> None:
        survey = get_survey(str(options["survey"]))
        out = Path(str(options["out"]))
        if options["batch"]:
            batch = LetterBatch.objects.filter(survey=survey, pk=options["batch"]).first()
            if batch is None:
                raise CommandError(f"No letter batch {options['batch']} in this survey.")
            pages = printing.render_batch(batch, out)
            self.stdout.write(f"wrote {pages} letters of batch {batch.pk} to {out}")
            return
        if warning := address_gaps(survey).warning:
            self.stderr.write(f"Let op: {warning}")
        try:
            batch = printing.print_letters(
                survey,
                out,
                reminder_number=int(options["reminder"]),  # type: ignore[call-overload]
                stratum=str(options["stratum"]),
                actor_label="letters",
                progress=lambda n: self.stdout.write(f"... {n} letters"),
            )
        except printing.PrintError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"wrote {batch.letters} letters to {out} (batch {batch.pk})")
