"""``ervaring analyse``: arguments in, the results file out (the work is `analysis.analyse`).

A million respondents take two to three seconds of CPU, and a third of it goes to importing
pandas, SciPy and the rest, which used to happen before the file was opened. Now the command
starts PyArrow's parse of the respondent file on a thread of its own first
(`columnar.Background`: PyArrow parses without Python's lock) and imports those libraries
while it runs; this module therefore imports nothing heavy at its top.
"""

from __future__ import annotations

import ctypes
import json
import sys
from argparse import RawDescriptionHelpFormatter
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ervaring.analysis import columnar
from ervaring.stats.suppression import DEFAULT_MIN_N

if TYPE_CHECKING:
    from ervaring.analysis.analyse import Weighting

#: glibc's `mallopt` parameters (malloc.h) and the values `_keep_freed_memory` sets.
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
NEVER_TRIM, LARGEST_FROM_HEAP = 2**31 - 1, 32 * 1024 * 1024

QUESTIONS_HELP = """\
Q.yaml (optional) says how answers are coded and which columns are questions:

  codes:                  # codes in the file -> answer, for every question column
    1: helemaal mee eens
    2: mee eens
    3: neutraal
    4: niet mee eens
    5: helemaal niet mee eens
    8: weet niet
    9: niet van toepassing
  questions:              # when given, only these columns are questions
    v1: Ik wist waar ik moest zijn met mijn hulpvraag.   # column: text
    v2:
      text: Ik werd snel geholpen.
      codes: {a: mee eens, b: niet mee eens}           # codes for this column only
  ignore: [postcode]      # columns to skip without a warning

Without Q.yaml a column is a question when at least half of its filled cells are the agree
scale's Dutch labels (any case or spacing); SPSS value labels count as labels. See
docs/analyse.md."""


class Command(BaseCommand):
    help = (
        "Analyse a respondent file from outside the product (CSV, XLSX or SPSS .sav): per "
        "group and in total n, % eens/neutraal/oneens with a 95% interval, small groups "
        "suppressed, and per group the margin of error. Writes JSON or CSV; on any error "
        "(an unknown answer names its row and column) nothing is written."
    )
    # It reads and writes files only: the installation's checks (database, security
    # settings) say nothing about it, and an analyst waits for them on every run.
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: object) -> CommandParser:
        parser = super().create_parser(
            prog_name, subcommand, formatter_class=RawDescriptionHelpFormatter, **kwargs
        )
        parser.epilog = QUESTIONS_HELP
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--responses", required=True, help="one row per respondent")
        parser.add_argument("--population", required=True, help="columns group,population")
        parser.add_argument(
            "--by", required=True, help="the column with the group (also the sample stratum)"
        )
        parser.add_argument("--questions", help="Q.yaml: answer codes and question columns")
        parser.add_argument("--format", choices=("json", "csv"), default="json")
        parser.add_argument("--out", required=True, help="the results file to write")
        parser.add_argument(
            "--min-n",
            type=int,
            default=DEFAULT_MIN_N,
            help=f"fewest valid answers for a published percentage (default {DEFAULT_MIN_N})",
        )

        parser.add_argument(
            "--weight-by",
            help="rake to population margins on these columns (comma-separated), "
            "e.g. geslacht,leeftijdsgroep; default: unweighted",
        )
        parser.add_argument(
            "--margins", help="with --weight-by: columns variable,category,population"
        )
        parser.add_argument(
            "--trim", help="with --weight-by: keep weights within LOW,HIGH times the mean"
        )

    def run_from_argv(self, argv: list[str]) -> None:
        """On the command line (a process of its own): keep freed memory (see below)."""
        _keep_freed_memory()
        super().run_from_argv(argv)

    def handle(self, *args: object, **options: object) -> None:
        min_n = int(options["min_n"])  # type: ignore[arg-type]
        if min_n < 1:
            raise CommandError("--min-n must be at least 1")
        responses = Path(str(options["responses"]))
        parsing = columnar.Background(responses)
        try:
            # Loaded while the file is parsed (see the module's docstring).
            from ervaring.analysis.analyse import analyse_table, to_csv
            from ervaring.analysis.files import (
                AnalyseError,
                QuestionsFile,
                load_questions_file,
                read_population,
                read_table,
            )

            try:
                questions = (
                    load_questions_file(Path(str(options["questions"])))
                    if options["questions"]
                    else QuestionsFile()
                )
                population = read_population(Path(str(options["population"])))
                table = read_table(responses, parsing)
                weighting = _weighting(options)
                analysis = analyse_table(
                    table,
                    str(options["by"]),
                    population,
                    questions,
                    min_n=min_n,
                    weighting=weighting,
                )
            except AnalyseError as error:
                raise CommandError(str(error)) from error
        finally:
            parsing.wait()  # an error above ends the command only once the parse has ended
        for warning in analysis.warnings:
            self.stderr.write(f"warning: {warning}")
        if options["format"] == "csv":
            text = to_csv(analysis.document)
        else:
            text = json.dumps(analysis.document, ensure_ascii=False, indent=2, allow_nan=False)
        out = Path(str(options["out"]))
        if str(out) == "-":
            sys.stdout.write(text)
            return
        out.write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
        questions_n = len(analysis.document["questions"])
        self.stdout.write(f"{questions_n} questions, {len(population)} groups -> {out}")


def _weighting(options: dict[str, object]) -> Weighting | None:
    from ervaring.analysis.analyse import Weighting
    from ervaring.analysis.calibration import parse_trim, read_margins
    from ervaring.analysis.files import AnalyseError

    if not options.get("weight_by"):
        if options.get("margins") or options.get("trim"):
            raise AnalyseError("--margins and --trim go with --weight-by")
        return None
    if not options.get("margins"):
        raise AnalyseError("--weight-by needs --margins (variable,category,population)")
    variables = tuple(v.strip() for v in str(options["weight_by"]).split(",") if v.strip())
    return Weighting(
        variables, read_margins(Path(str(options["margins"]))), parse_trim(options.get("trim"))
    )


def _keep_freed_memory() -> None:
    """Let glibc keep the memory numpy frees, for the arrays that follow to reuse.

    Each statement of a million respondents goes through a few arrays of 8 MB that are
    freed at once. By default glibc hands such memory back to the system as soon as it is
    free, and the next array has every page of it zeroed and mapped again: 80,000 to
    100,000 page faults per run at a million respondents, and a few tenths of a second of
    system time, more on a busy machine. Kept, the pages are reused (about 48,000 faults)
    and the peak stays the same (560-580 MB), since the arrays of one statement are freed
    before the next. Other C libraries lack `mallopt`; there nothing changes.
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt(M_TRIM_THRESHOLD, NEVER_TRIM)
    mallopt(M_MMAP_THRESHOLD, LARGEST_FROM_HEAP)
