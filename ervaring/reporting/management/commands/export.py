from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ervaring.accounts.services import log_event
from ervaring.analysis.dataset import build_dataset
from ervaring.analysis.open_results import code_columns
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
        "no open answers, attributes generalised until every combination holds at least the "
        "survey's minimum group size, and the design columns (stratum, gewicht, "
        "populatie_stratum) that reproduce the report's weighted percentages. What was "
        "coarsened is printed and written to the notes (a sheet in XLSX, a "
        "<out>.toelichting.txt file beside CSV and SAV)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--survey", required=True, help="survey slug")
        parser.add_argument("--format", choices=FORMATS, required=True)
        parser.add_argument("--out", required=True, help="the file to write")
        parser.add_argument(
            "--drop",
            default="",
            help="attributes to leave out as well, comma separated: team, district, "
            "age_band, respondent_role, law, channel, provision_groups",
        )

    def handle(self, *args: object, **options: object) -> None:
        survey = get_survey(str(options["survey"]))
        self.stdout.write(f"reading the responses of {survey.slug} ...")
        dataset = build_dataset(survey)
        self.stdout.write(f"... {len(dataset.frame)} respondents; generalising ...")
        try:
            data = build_data_file(
                dataset,
                get_document(survey.current_version),
                str(options["drop"]).split(","),
                codes=code_columns(survey),
            )
        except (DisclosureError, ValueError) as error:
            raise CommandError(str(error)) from error
        for step in data.coarsened or ("nothing needed coarsening",):
            self.stdout.write(f"  {step}")
        self.stdout.write(
            f"... smallest group on {', '.join(data.checked_attributes)}: "
            f"{data.smallest_group} (minimum {dataset.min_n})"
        )
        out = Path(str(options["out"]))
        fmt = str(options["format"])
        write(out, write_data_file(data, fmt), self.stdout.write)
        if fmt != "xlsx":
            notes = out.with_name(out.name + ".toelichting.txt")
            write(notes, "\n".join(data.notes).encode("utf-8") + b"\n", self.stdout.write)
        log_event(
            "reporting.export",
            organisation=survey.organisation,
            actor_label="export",
            target=survey.slug,
            format=fmt,
            dropped=str(options["drop"]),
            coarsened=len(data.coarsened),
            rows=len(data.frame),
        )
