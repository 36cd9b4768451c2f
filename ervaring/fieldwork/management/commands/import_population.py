import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ervaring.fieldwork import population_services as services
from ervaring.fieldwork.management.commands._common import get_survey
from ervaring.fieldwork.population import limits, provisions
from ervaring.fieldwork.population.checking import problems_csv
from ervaring.questionnaires.models import Survey

# Files from this many rows get progress lines.
PROGRESS_FROM = 10_000


class Command(BaseCommand):
    help = (
        "Import a survey's population from a CSV or XLSX export; all or nothing. "
        "Prints every problem with row and column and exits non-zero when there is one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--survey", required=True, help="survey slug")
        parser.add_argument("file", help="CSV or XLSX file")
        parser.add_argument(
            "--mapping",
            help="a JSON file {field: column header}, or the name of a saved mapping; "
            "without it the recognised headers are used",
        )
        parser.add_argument("--save-mapping", metavar="NAME", help="save the mapping used")
        parser.add_argument("--problems-csv", metavar="PATH", help="write the problems here")
        parser.add_argument(
            "--provision",
            action="append",
            default=[],
            metavar="NAME=GROUP",
            help="the provision group for a provision name in the file that the questionnaire "
            "does not know (repeatable); GROUP '-' makes it a group of its own without a "
            "question block; the choice is saved for the organisation's next files",
        )
        parser.add_argument(
            "--append",
            action="store_true",
            help="continuous surveys: add the clients that are new, keep the rest",
        )

    def handle(self, *args: object, **options: str) -> None:
        self._last_progress: tuple[str, int] | None = None
        survey = get_survey(options["survey"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if path.stat().st_size > limits.MAX_FILE_BYTES:
            raise CommandError(limits.file_too_big(path.stat().st_size))
        mapping = self._mapping(survey, options["mapping"])
        choices = self._provision_choices(survey, options["provision"])
        try:
            with path.open("rb") as file:  # read as it goes: the file never all in memory
                result = services.import_population(
                    survey,
                    file,
                    mapping,
                    provision_choices=choices,
                    actor_label="import-population",
                    file_name=path.name,
                    progress=self._progress,
                    append=bool(options["append"]),
                )
        except services.PopulationError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("mapping: " + json.dumps(result.mapping, ensure_ascii=False))
        if result.problems:
            for problem in result.problems:
                where = f"rij {problem.row}, " if problem.row else ""
                column = f"kolom '{problem.column}': " if problem.column else ""
                value = f" [{problem.value}]" if problem.value else ""
                self.stderr.write(f"{where}{column}{problem.message}{value}")
            if options["problems_csv"]:
                Path(options["problems_csv"]).write_text(
                    problems_csv(result.problems), encoding="utf-8-sig"
                )
            raise CommandError(
                f"{len(result.problems)} problem(s) in {path.name}; nothing was imported."
            )
        if result.needs_provision_choices:
            self._ask_for_groups(survey, result)
            raise CommandError(
                f"{len(result.unmatched)} provision name(s) without a group; nothing was "
                "imported. Choose with --provision NAME=GROUP."
            )
        if options["save_mapping"]:
            services.save_column_mapping(
                survey.organisation, options["save_mapping"], result.mapping
            )
            self.stdout.write(f"saved mapping '{options['save_mapping']}'")
        if result.already_present:
            self.stdout.write(f"{result.already_present} clients were already in the population")
        for notice in result.notices:
            self.stderr.write(f"Let op: {notice.text}")
        self.stdout.write(f"imported {result.imported} clients")

    def _provision_choices(self, survey: Survey, given: list[str]) -> dict[str, str]:
        """NAME=GROUP arguments as a dict, each group checked against the survey's."""
        catalogue = services.provision_catalogue(survey)
        choices = {}
        for item in given:
            name, sep, group = item.rpartition("=")
            name, group = name.strip(), group.strip()
            if not sep or not name:
                raise CommandError(f"--provision '{item}': write NAME=GROUP.")
            if group != provisions.NO_BLOCK and catalogue.find(group) is None:
                known = ", ".join(g.slug for g in catalogue.groups)
                raise CommandError(f"--provision '{item}': unknown group; choose from {known}, -")
            choices[name] = group
        return choices

    def _ask_for_groups(self, survey: Survey, result: services.ImportResult) -> None:
        self.stderr.write("Voorzieningen die de vragenlijst niet kent:")
        for match in result.unmatched:
            hint = f"; lijkt op {match.suggestion}" if match.suggestion else ""
            self.stderr.write(f"  '{match.label}' ({match.clients} cliënten{hint})")
        self.stderr.write("Groepen (met vragenblok *):")
        for group in services.provision_catalogue(survey).groups:
            block = " *" if group.has_block else ""
            self.stderr.write(f"  {group.slug}{block}: {group.title}")
        self.stderr.write(f"  {provisions.NO_BLOCK}: een eigen groep, zonder vragenblok")

    def _mapping(self, survey: Survey, value: str | None) -> dict[str, str] | None:
        if not value:
            return None
        path = Path(value)
        if path.is_file():
            try:
                mapping = json.loads(path.read_text(encoding="utf-8"))
            except json.JSONDecodeError as error:
                raise CommandError(f"{path} is not valid JSON: {error}") from error
            if not isinstance(mapping, dict):
                raise CommandError(f"{path} must hold an object {{field: column}}.")
            return {str(k): str(v) for k, v in mapping.items()}
        saved = services.find_column_mapping(survey.organisation, value)
        if saved is None:
            raise CommandError(f"'{value}' is neither a file nor a saved mapping.")
        return dict(saved.mapping)

    def _progress(self, phase: str, done: int, total: int) -> None:
        """A line at every tenth of a big file read, and of its clients written."""
        if total < PROGRESS_FROM:
            return
        tenth = 10 * done // total
        if (phase, tenth) == self._last_progress:
            return
        self._last_progress = (phase, tenth)
        if phase == services.READING:
            about = "" if done == total else "about "
            line = f"read {done} of {about}{total} rows ({100 * done // total}%)"
        else:
            line = f"written {done} of {total} clients ({100 * done // total}%)"
        self.stderr.write(line)
