"""The report of a survey as one ready-made context object: every figure, sentence and row.

The HTML page, the PDF, the DOCX and the council letter all render this object, so they
can never disagree, and no template computes a percentage or decides suppression (the
figures come from :mod:`ervaring.analysis`; the rows carry ``suppressed``). Building it is
the expensive part (the analysis); rendering is cheap and lives in
:mod:`ervaring.reporting.report_render`.

The structure follows the model report (``shared/reference/almelo-ceo-jeugd-2022.txt``):
cover, summary, introduction, method, findings and recommendations, results per theme,
open answers (a chapter per open question once coded), interviews (once coded), appendix.
"""

from __future__ import annotations

from django.utils import timezone

from ervaring.accounts.branding import house_colour, logo_bytes, logo_data_uri
from ervaring.analysis.benchmark import benchmarks_for
from ervaring.analysis.complaint_services import find_summary
from ervaring.analysis.interviews import round_results
from ervaring.analysis.open_results import open_question_results
from ervaring.analysis.results import rows_by_key
from ervaring.analysis.services import (
    compare_with_previous_year,
    get_group_differences,
    get_survey_results,
)
from ervaring.questionnaires.models import Survey
from ervaring.questionnaires.services import get_document
from ervaring.reporting import (
    report_complaints,
    report_findings,
    report_interviews,
    report_method,
    report_open,
    report_registration,
    report_themes,
)
from ervaring.reporting.national_services import national_for
from ervaring.reporting.report_context import Report, ReportInputs

#: Analysis breakdowns computed for the report (the table book shows them all).
ANALYSIS_BREAKDOWNS = ("team", "district", "age_band", "channel", "respondent_role")


def survey_year(survey: Survey) -> int:
    """The year a survey reports on: the year fieldwork opened, else the year it was made."""
    if survey.opens_on:
        return survey.opens_on.year
    started = survey.fieldwork_started_at or survey.created_at
    return timezone.localtime(started).year if started else timezone.localdate().year


def collect_inputs(survey: Survey) -> ReportInputs:
    """Run the analysis once for the report (dataset, every row, year-on-year tests)."""
    dataset, rows = get_survey_results(survey, ANALYSIS_BREAKDOWNS)
    year = survey_year(survey)
    comparisons = compare_with_previous_year(survey, year, dataset.questions, rows)
    teams = survey.organisation.teams.all()
    return ReportInputs(
        survey=survey,
        year=year,
        dataset=dataset,
        rows=rows_by_key(rows),
        questionnaire=get_document(survey.current_version),
        comparisons={c.question: c for c in comparisons},
        team_names={t.slug: t.name for t in teams},
        differences=get_group_differences(dataset, rows, ANALYSIS_BREAKDOWNS),
        benchmarks=benchmarks_for(survey.organisation_id, survey.law, year),
        national=national_for(survey.law, year),
    )


def build_report(survey: Survey, inputs: ReportInputs | None = None) -> Report:
    """The report of a survey, with the analyst's edited findings when there are any."""
    inputs = inputs or collect_inputs(survey)
    themes = report_themes.build_themes(inputs)
    statements = [s for t in themes for s in t.statements]
    method = report_method.build_method(inputs)
    findings = report_findings.get_findings(inputs, statements, method.invited)
    open_results = open_question_results(survey)
    chapters = report_open.build_chapters(open_results, inputs.dataset.min_n)
    interview_chapter = report_interviews.build_chapter(round_results(survey))
    organisation = survey.organisation
    complaints = find_summary(organisation, survey.law, inputs.year)
    title = f"Cliëntervaringsonderzoek {survey.get_law_display()} {inputs.year}"
    return Report(
        title=title,
        title_in_sentence=title[0].lower() + title[1:],
        organisation=organisation.name,
        logo_src=logo_data_uri(logo_bytes(organisation.logo, organisation.logo_path)),
        house_colour=house_colour(organisation.house_colour),
        law_label=survey.get_law_display(),
        year=inputs.year,
        made_on=timezone.localdate(),
        min_n=inputs.dataset.min_n,
        respondents=len(inputs.dataset.frame),
        summary=report_findings.summary_lines(inputs, method, findings, statements),
        introduction=report_method.introduction(survey, inputs.year),
        method=method,
        findings=findings,
        themes=tuple(t for t in themes if t.statements or t.other_tables),
        has_open_answers=bool(chapters),
        open_answers_note=report_open.method_note(open_results),
        open_chapters=chapters,
        appendix=report_method.build_appendix(inputs),
        notes=inputs.dataset.notes,
        changes=report_themes.changes(inputs, themes),
        points_rule=report_themes.POINTS_RULE,
        interview_chapter=interview_chapter,
        interviews_note=report_interviews.method_note(interview_chapter),
        registration=report_registration.build_registration(inputs),
        complaints=report_complaints.build_section(complaints),
        references=report_themes.printed_references(inputs, themes),
    )
