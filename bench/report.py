"""Benchmark: the full report (PDF) of a 40-statement survey with 5 breakdowns.

Run: `.venv/bin/python bench/report.py [--respondents 1000]`.

Sets up a throw-away SQLite database with the standard Wmo questionnaire plus a local theme
of extra statements (40 agree statements in all, besides yes/no and choice questions), a
client list, invitations and completed responses, then times in the same run:

- **analysis**: dataset + every result row (overall, per provision group and the five
  breakdowns team, district, age band, channel, respondent role) + year-on-year tests;
- **html**: the report context (sections, sentences, charts) rendered as HTML;
- **pdf**: the same rendered as tagged PDF/UA-1 by WeasyPrint (the first PDF of the
  process also pays for importing WeasyPrint and loading the fonts, about a second);
- **full**: `ervaring report --format pdf` end to end (analysis + report + PDF), the figure
  the target (under 20 s) is about;
- **table book**: the XLSX from the same analysis.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
WORK = Path(tempfile.mkdtemp(prefix="ervaring-bench-report-"))
os.environ.setdefault("ERVARING_DEV", "1")
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ervaring.settings")

import django  # noqa: E402
import yaml  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from ervaring.accounts.models import Organisation  # noqa: E402
from ervaring.questionnaires import services as questionnaires  # noqa: E402
from ervaring.questionnaires.document import dump_yaml  # noqa: E402
from ervaring.reporting.report import build_report, collect_inputs  # noqa: E402
from ervaring.reporting.report_render import render_html, render_pdf  # noqa: E402
from ervaring.reporting.tablebook import build_tablebook  # noqa: E402
from ervaring.reporting.tests.survey_data import populate  # noqa: E402

STATEMENTS = 40


def survey_with_statements(respondents: int):
    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(slug="bench", name="Gemeente Bench")
    survey = questionnaires.create_survey_from_template(organisation, "wmo", "Bench")
    document = questionnaires.get_document(survey.current_version)
    agree = sum(q.type == "agree" for q in document.questions())
    raw = yaml.safe_load(dump_yaml(document))
    raw["themes"].insert(
        1,
        {
            "id": "lokaal",
            "title": {"nl": "Lokale vragen"},
            "questions": [
                {"id": f"lokaal_{i}", "type": "agree", "text": {"nl": f"Lokale stelling {i}."}}
                for i in range(1, STATEMENTS - agree + 1)
            ],
        },
    )
    questionnaires.save_version(survey, yaml.safe_dump(raw, allow_unicode=True), None, "bench")
    survey = questionnaires.start_fieldwork(survey)
    return populate(survey, respondents * 2, int(respondents * 1.5), respondents)


def timed(label: str, func, results: dict):
    started = time.perf_counter()
    value = func()
    results[label] = time.perf_counter() - started
    return value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--respondents", type=int, default=1000)
    args = parser.parse_args()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    try:
        survey = survey_with_statements(args.respondents)
        times: dict[str, float] = {}
        inputs = timed("analysis", lambda: collect_inputs(survey), times)
        statements = sum(q.type == "agree" for q in inputs.dataset.questions)
        report = timed("report context", lambda: build_report(survey, inputs), times)
        timed("html", lambda: render_html(report), times)
        pdf = timed("pdf", lambda: render_pdf(report), times)
        timed("table book", lambda: build_tablebook(inputs), times)
        out = WORK / "rapport.pdf"
        with open(os.devnull, "w") as quiet:
            timed(
                "full (ervaring report --format pdf)",
                lambda: call_command(
                    "report", survey=survey.slug, format="pdf", out=str(out), stdout=quiet
                ),
                times,
            )
        print(
            f"report benchmark: {len(inputs.dataset.frame)} respondents, {statements} agree "
            f"statements, {len(inputs.dataset.questions)} analysed questions, 5 breakdowns + "
            f"provision groups, {len(inputs.rows)} result rows, PDF {len(pdf) / 1024:.0f} kB"
        )
        for label, seconds in times.items():
            print(f"  {label:<40} {seconds:6.2f} s")
        verdict = "OK" if times["full (ervaring report --format pdf)"] < 20 else "TOO SLOW"
        print(f"  target: full report under 20 s: {verdict}")
    finally:
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
