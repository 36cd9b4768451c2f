"""The survey's files page: every result a project leader hands on, downloadable from the pages.

The data file (CSV, Excel, SPSS) with the outcome of its disclosure check shown before
anyone downloads it, the national monitor file, and the paper questionnaire; the report,
raadsbrief and table book are linked from here too. Thin views over the same builders the
commands use; only the organisation's beheerder and onderzoeker get here
(:func:`get_survey_for`), and every download is logged.
"""

import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

from ervaring import languages
from ervaring.accounts.services import log_event
from ervaring.analysis.dataset import build_dataset
from ervaring.analysis.open_results import code_columns
from ervaring.fieldwork.paper import PaperLanguageError, write_paper_questionnaires
from ervaring.questionnaires.models import Survey
from ervaring.questionnaires.queries import get_survey_for
from ervaring.questionnaires.services import get_document
from ervaring.questionnaires.translations import DUTCH_NAMES, missing_translations
from ervaring.reporting.exports import (
    FORMATS,
    DataFile,
    DisclosureError,
    build_data_file,
    write_data_file,
)
from ervaring.reporting.monitor import monitor_csv
from ervaring.reporting.report import collect_inputs

MIME = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sav": "application/x-spss-sav",
}


def _data_file(survey: Survey) -> DataFile:
    return build_data_file(
        build_dataset(survey), get_document(survey.current_version), codes=code_columns(survey)
    )


@login_required
def files_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The downloads, with the data file's check run now so its outcome is on the page."""
    survey = get_survey_for(request.user, slug)
    data, refusal = None, ""
    if survey.current_version is not None:
        try:
            data = _data_file(survey)
        except DisclosureError as error:
            refusal = str(error)
    context = {
        "survey": survey,
        "data": data,
        "refusal": refusal,
        "formats": FORMATS,
        "paper_languages": _paper_languages(survey),
    }
    return render(request, "reporting/files_page.html", context)


def _paper_languages(survey: Survey) -> list[tuple[str, str, int]]:
    """(code, Dutch name, texts missing) per language the paper questionnaire can be printed
    in; one with texts missing is shown without a link, saying so."""
    if survey.current_version is None:
        return []
    questionnaire = get_document(survey.current_version)
    missing = missing_translations(questionnaire)
    return [
        (code, DUTCH_NAMES[code].lower(), len(missing.get(code, [])))
        for code in languages.offered(questionnaire.languages)
    ]


@login_required
def data_file(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    if fmt not in FORMATS:
        raise Http404
    try:
        data = _data_file(survey)
    except DisclosureError as error:
        raise Http404(str(error)) from error
    log_event(
        "reporting.export",
        organisation=survey.organisation,
        actor=request.user,
        target=survey.slug,
        format=fmt,
        coarsened=len(data.coarsened),
        rows=len(data.frame),
    )
    return _attachment(write_data_file(data, fmt), MIME[fmt], f"databestand-{slug}.{fmt}")


@login_required
def data_file_notes(request: HttpRequest, slug: str) -> HttpResponse:
    """The explanation that goes with a CSV or SPSS file (the Excel file has it as a sheet)."""
    survey = get_survey_for(request.user, slug)
    try:
        data = _data_file(survey)
    except DisclosureError as error:
        raise Http404(str(error)) from error
    content = ("\n".join(data.notes) + "\n").encode("utf-8")
    return _logged(request, survey, "data_notes", content, "text/plain; charset=utf-8",
                   f"databestand-{slug}.toelichting.txt")  # fmt: skip


@login_required
def monitor_file(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    content = monitor_csv(collect_inputs(survey)).encode("utf-8")
    return _logged(request, survey, "monitor", content, MIME["csv"], f"monitor-{slug}.csv")


@login_required
def paper_questionnaire(request: HttpRequest, slug: str) -> HttpResponse:
    """One blank copy with an empty code field, to print for people who ask for paper, in
    the language of `?taal=` (Dutch when absent)."""
    survey = get_survey_for(request.user, slug)
    if survey.current_version is None:
        raise Http404
    language = request.GET.get("taal", "nl")
    out = io.BytesIO()
    questionnaire = get_document(survey.current_version)
    try:
        write_paper_questionnaires(out, questionnaire, survey.organisation.name, language=language)
    except PaperLanguageError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    name = f"vragenlijst-{slug}.pdf" if language == "nl" else f"vragenlijst-{slug}-{language}.pdf"
    return _logged(request, survey, "paper", out.getvalue(), "application/pdf", name)


def _logged(
    request: HttpRequest, survey: Survey, what: str, content: bytes, mime: str, name: str
) -> HttpResponse:
    log_event(
        f"reporting.download.{what}",
        organisation=survey.organisation,
        actor=request.user,
        target=survey.slug,
    )
    return _attachment(content, mime, name)


def _attachment(content: bytes, mime: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
