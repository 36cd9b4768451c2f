from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ervaring.accounts.services import log_event
from ervaring.analysis.dataset import build_dataset
from ervaring.questionnaires.services import get_document
from ervaring.reporting.exports import (
    FORMATS,
    DisclosureError,
    build_data_file,
    write_data_file,
)
from ervaring.reporting.management.commands._reporting import get_survey, write


class Command(BaseCommand):
    help = (
        "Write the anonymised data file (CSV, XLSX or SPSS .sav with labels): no identifiers, "
        "coarse attributes, no open answers; refused when a combination of attributes would "
        "single out fewer respondents than the survey's minimum (drop attributes with --drop)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--survey", required=True, help="survey slug")
        parser.add_argument("--format", choices=FORMATS, required=True)
        parser.add_argument("--out", required=True, help="the file to write")
        parser.add_argument(
            "--drop",
            default="",
            help="attributes to leave out, comma separated: team, district, age_band, "
            "respondent_role, law, channel, provision_groups",
        )

    def handle(self, *args: object, **options: object) -> None:
        survey = get_survey(str(options["survey"]))
        self.stdout.write(f"reading the responses of {survey.slug} ...")
        dataset = build_dataset(survey)
        self.stdout.write(f"... {len(dataset.frame)} respondents; checking disclosure ...")
        try:
            data = build_data_file(
                dataset, get_document(survey.current_version), str(options["drop"]).split(",")
            )
        except (DisclosureError, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"... smallest group on {', '.join(data.checked_attributes) or 'no attributes'}: "
            f"{data.smallest_group} (minimum {dataset.min_n})"
        )
        for note in data.notes[:1]:
            self.stdout.write(note)
        write(
            Path(str(options["out"])),
            write_data_file(data, str(options["format"])),
            self.stdout.write,
        )
        log_event(
            "reporting.export",
            organisation=survey.organisation,
            actor_label="export",
            target=survey.slug,
            format=options["format"],
            dropped=str(options["drop"]),
            rows=len(data.frame),
        )
