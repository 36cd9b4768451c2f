"""Staff pages of the report: the report in the app, its downloads, the findings form.

Thin views: authorise through :func:`get_survey_for` (the organisation's beheerder and
onderzoeker; another organisation's survey is a 404), call one builder, respond. Every
download is written to the audit log.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ervaring.accounts.services import log_event
from ervaring.accounts.viewing import log_page_view
from ervaring.questionnaires.models import Survey
from ervaring.questionnaires.queries import get_survey_for
from ervaring.reporting import docx_report, report_render, tablebook
from ervaring.reporting.council_letter_forms import (
    CouncilLetterForm,
    load_council_letter,
    save_council_letter,
)
from ervaring.reporting.report import build_report, collect_inputs
from ervaring.reporting.report_forms import ReportTextForm, save_report_text

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def report_page(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    context = {"survey": survey, "report": build_report(survey)}
    log_page_view(request, "reporting.viewed.report", organisation=survey.organisation, target=slug)
    return render(request, "reporting/report_page.html", context)


@login_required
def report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    content = report_render.render_pdf(build_report(survey))
    return _download(request, survey, "report.pdf", content, PDF, f"rapport-{slug}.pdf")


@login_required
def report_docx(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    content = docx_report.render_docx(build_report(survey))
    return _download(request, survey, "report.docx", content, DOCX, f"rapport-{slug}.docx")


@login_required
def raadsbrief_docx(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    letter = load_council_letter(survey, build_report(survey))
    content = docx_report.render_council_letter(letter)
    return _download(request, survey, "raadsbrief.docx", content, DOCX, f"raadsbrief-{slug}.docx")


@login_required
def raadsbrief_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    letter = load_council_letter(survey, build_report(survey))
    content = report_render.render_council_letter_pdf(letter)
    return _download(request, survey, "raadsbrief.pdf", content, PDF, f"raadsbrief-{slug}.pdf")


@login_required
def raadsbrief_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The project leader reads the letter as it will be sent and rewrites any part."""
    survey = get_survey_for(request.user, slug)
    report = build_report(survey)
    letter = load_council_letter(survey, report)
    form = CouncilLetterForm.for_letter(letter, request.POST or None)
    if request.method == "POST" and form.is_valid():
        save_council_letter(survey, report, form.cleaned_data, actor=request.user)
        messages.success(request, "De raadsbrief is opgeslagen.")
        return redirect("reporting:raadsbrief", slug=survey.slug)
    context = {"survey": survey, "form": form, "letter": letter}
    return render(request, "reporting/raadsbrief_page.html", context)


@login_required
def tablebook_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    content = tablebook.build_tablebook(collect_inputs(survey))
    return _download(request, survey, "tablebook", content, XLSX, f"tabellenboek-{slug}.xlsx")


@login_required
def findings_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The analyst rewrites the drafted findings; a blank field brings the draft back."""
    survey = get_survey_for(request.user, slug)
    report = build_report(survey)
    form = ReportTextForm.for_survey(survey, report.findings, request.POST or None)
    if request.method == "POST" and form.is_valid():
        save_report_text(survey, form.cleaned_data, actor=request.user)
        messages.success(request, "De bevindingen en aanbevelingen zijn opgeslagen.")
        return redirect("reporting:report", slug=survey.slug)
    return render(request, "reporting/report_findings_form.html", {"survey": survey, "form": form})


def _download(
    request: HttpRequest, survey: Survey, what: str, content: bytes, mime: str, name: str
) -> HttpResponse:
    log_event(
        f"reporting.download.{what}",
        organisation=survey.organisation,
        actor=request.user,
        target=survey.slug,
    )
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
