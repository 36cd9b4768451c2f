"""The quarterly monitor: registration figures beside the experience figures, per quarter.

Only the organisation's beheerder and onderzoeker get here (like the survey dashboard):
the page shows the whole organisation's figures, and they import them. Everything is
looked up through the signed-in user's organisation, so another organisation's indicator
or upload is a 404. Thin views; the work is in ``registration_services`` and ``quarterly``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ervaring.accounts import permissions
from ervaring.accounts.models import Organisation
from ervaring.accounts.services import log_event
from ervaring.analysis.models import Alert
from ervaring.questionnaires.models import Survey
from ervaring.reporting import monitor_export, quarterly
from ervaring.reporting.charts import time_series_svg
from ervaring.reporting.models import RegistrationIndicator, RegistrationUpload
from ervaring.reporting.monitor_forms import MappingForm, PairingForm, UploadForm
from ervaring.reporting.registration import parse_quarter
from ervaring.reporting.registration_services import (
    MAX_UPLOAD_BYTES,
    ImportResult,
    RegistrationImportError,
    check_registration,
    find_mapping,
    import_registration,
    mapping_fits,
    read_headers,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _organisation(request: HttpRequest) -> Organisation:
    if not permissions.can_manage_surveys(request.user):
        raise Http404
    return request.user.organisation  # type: ignore[union-attr]


def _survey(request: HttpRequest, organisation: Organisation) -> Survey | None:
    """The continuous survey whose experience figures are shown (chosen by ?onderzoek=)."""
    surveys = quarterly.continuous_surveys(organisation)
    slug = request.GET.get("onderzoek")
    return next((s for s in surveys if s.slug == slug), surveys[0] if surveys else None)


@login_required
def monitor_page(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    survey = _survey(request, organisation)
    series = quarterly.monitor_series(organisation, survey)
    blocks = [_block(s, survey) for s in series]
    context = {
        "blocks": blocks,
        "survey": survey,
        "surveys": quarterly.continuous_surveys(organisation),
        "upload_form": UploadForm(),
        "quarters": [row.quarter for row in series[0].rows] if series else [],
    }
    return render(request, "reporting/monitor_page.html", context)


def _block(series: quarterly.IndicatorSeries, survey: Survey | None) -> dict[str, object]:
    indicator = series.indicator
    unit = indicator.unit
    min_n = survey.min_group_size if survey else 10
    rows = [
        {
            "quarter": r.quarter,
            "value": quarterly.format_value(r.value, unit),
            "experience": quarterly.format_experience(r.experience, min_n),
        }
        for r in series.rows
    ]
    chart = time_series_svg(
        [(r.quarter, round(float(r.value))) for r in series.rows if r.value is not None],
        title=f"{indicator.name} per kwartaal ({unit})",
    )
    experience_chart = ""
    if series.has_experience:
        experience_chart = time_series_svg(
            [
                (r.quarter, round(r.experience.value))
                for r in series.rows
                if r.experience and r.experience.value is not None
            ],
            title=f"% eens per kwartaal: {series.question_text}",
        )
    return {
        "indicator": indicator,
        "series": series,
        "rows": rows,
        "chart": chart,
        "experience_chart": experience_chart,
        "pairing": PairingForm(
            initial={"question": indicator.experience_question},
            auto_id=f"vraag-{indicator.pk}-%s",
        ),
    }


@login_required
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    """Keep the file; import it at once when the saved mapping fits, else ask for the columns."""
    organisation = _organisation(request)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Kies een CSV- of Excel-bestand om in te lezen.")
        return redirect("reporting:monitor")
    file = form.cleaned_data["file"]
    if file.size > MAX_UPLOAD_BYTES:
        messages.error(request, "Dit bestand is te groot voor registratiecijfers (meer dan 2 MB).")
        return redirect("reporting:monitor")
    content = file.read()
    try:
        headers = read_headers(content)
    except RegistrationImportError as error:
        messages.error(request, " ".join(error.problems))
        return redirect("reporting:monitor")
    saved = find_mapping(organisation)
    if mapping_fits(saved, headers):
        try:
            result = import_registration(organisation, content, saved, actor=request.user)
        except RegistrationImportError:
            pass  # show the problems on the mapping page, where the columns can be changed
        else:
            messages.success(request, _done(result))
            return redirect("reporting:monitor")
    kept = RegistrationUpload.objects.create(
        organisation=organisation, uploaded_by=request.user, name=file.name[:255], content=content
    )
    return redirect("reporting:monitor-columns", pk=kept.pk)


@login_required
def columns(request: HttpRequest, pk: int) -> HttpResponse:
    """The column mapping for a kept file; the import runs when the mapping is sent."""
    organisation = _organisation(request)
    kept = get_object_or_404(RegistrationUpload, pk=pk, organisation=organisation)
    content = bytes(kept.content)
    headers = read_headers(content)
    saved = find_mapping(organisation)
    form = MappingForm(request.POST or None, headers=headers, saved=saved)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = import_registration(organisation, content, form.mapping(), actor=request.user)
        except RegistrationImportError as error:
            problems = error.problems
        else:
            kept.delete()
            messages.success(request, _done(result))
            return redirect("reporting:monitor")
    elif request.method == "GET" and mapping_fits(saved, headers):
        problems = check_registration(organisation, content, saved)  # why it was not imported
    context = {"form": form, "upload": kept, "problems": problems}
    return render(request, "reporting/monitor_columns.html", context)


@login_required
@require_POST
def pair(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request)
    indicator = get_object_or_404(RegistrationIndicator, pk=pk, organisation=organisation)
    form = PairingForm(request.POST)
    if form.is_valid():
        with transaction.atomic():
            indicator.experience_question = form.cleaned_data["question"]
            indicator.save(update_fields=["experience_question"])
            log_event(
                "reporting.registration_paired",
                organisation=organisation,
                actor=request.user,
                target=indicator.name,
                question=indicator.experience_question,
            )
        messages.success(request, f"{indicator.name}: de ervaringsvraag is opgeslagen.")
    return redirect("reporting:monitor")


@login_required
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The monitor as CSV or Excel: the same rows as the page, logged like every download."""
    organisation = _organisation(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    survey = _survey(request, organisation)
    series = quarterly.monitor_series(organisation, survey)
    if fmt == "csv":
        content, mime = monitor_export.series_csv(series).encode("utf-8"), "text/csv; charset=utf-8"
    else:
        content, mime = monitor_export.series_xlsx(series), XLSX
    log_event(
        f"reporting.download.quarterly_monitor.{fmt}",
        organisation=organisation,
        actor=request.user,
        target=survey.slug if survey else "",
    )
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="kwartaalmonitor.{fmt}"'
    return response


@login_required
def quarter_report(request: HttpRequest, slug: str, quarter: str) -> HttpResponse:
    """The quarterly edition as a page (``?pdf=1`` gives the PDF)."""
    organisation = _organisation(request)
    survey = next((s for s in quarterly.continuous_surveys(organisation) if s.slug == slug), None)
    try:
        quarter = parse_quarter(quarter)
    except ValueError as error:
        raise Http404(str(error)) from error
    if survey is None:
        raise Http404
    edition = monitor_export.quarter_edition(
        organisation, survey, quarter, _alerts(survey, quarter)
    )
    if request.GET.get("pdf"):
        content = monitor_export.render_quarter_pdf(edition)
        log_event(
            "reporting.download.quarter_report.pdf",
            organisation=organisation,
            actor=request.user,
            target=f"{slug} {quarter}",
        )
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="kwartaal-{quarter}-{slug}.pdf"'
        return response
    return render(request, "reporting/quarter_page.html", {"edition": edition})


def _alerts(survey: Survey, quarter: str) -> list[Alert]:
    """The signals that were open at some moment in the quarter."""
    first, last = monitor_export.quarter_bounds(quarter)
    return list(
        Alert.objects.filter(survey=survey, started_at__date__lte=last)
        .exclude(recovered_at__date__lt=first)
        .order_by("started_at")
    )


def _done(result: ImportResult) -> str:
    return f"{result.values} cijfers ingelezen voor {', '.join(result.quarters)}."
