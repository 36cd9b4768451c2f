"""The complaints page of a survey: register, import and remove complaint figures per year.

Figures are the organisation's, per law; the survey in the address decides the law and
who may see the page (another organisation's survey is a 404).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ervaring.analysis import complaint_services, complaints
from ervaring.analysis.complaint_forms import ComplaintForm, ComplaintUploadForm, ThresholdForm
from ervaring.analysis.models import ComplaintFigure
from ervaring.questionnaires.queries import get_survey_for

MAX_UPLOAD = 2_000_000


@login_required
def complaints_page(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    organisation = survey.organisation
    form = ComplaintForm(request.POST or None)
    errors: tuple[str, ...] = ()
    if request.method == "POST" and form.is_valid():
        headers, cells = form.cells()
        try:
            rows = complaints.check_rows(
                headers,
                [(1, cells)],
                first_year=complaint_services.FIRST_YEAR,
                last_year=complaint_services.last_year(),
            )
            complaint_services.save_complaints(
                organisation, survey.law, form.cleaned_data["source"], rows, actor=request.user
            )
        except complaints.ComplaintImportError as error:
            errors = tuple(e.replace("Rij 1, kolom", "Veld") for e in error.errors)
        else:
            messages.success(request, f"Klachten over {rows[0].provider} zijn opgeslagen.")
            return redirect("analysis:complaints", slug=survey.slug)
    figures = ComplaintFigure.objects.filter(organisation=organisation, law=survey.law)
    context = {
        "survey": survey,
        "figures": figures,
        "form": form,
        "errors": errors,
        "upload": ComplaintUploadForm(),
        "threshold": ThresholdForm(
            initial={"threshold": complaint_services.get_threshold(organisation)}
        ),
    }
    return render(request, "analysis/complaints.html", context, status=400 if errors else 200)


@login_required
@require_POST
def import_complaints(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    form = ComplaintUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Overzicht van klachten: kies een bron en een bestand.")
        return redirect("analysis:complaints", slug=survey.slug)
    upload = form.cleaned_data["file"]
    if upload.size > MAX_UPLOAD:
        messages.error(request, "Overzicht van klachten: het bestand is groter dan 2 MB.")
        return redirect("analysis:complaints", slug=survey.slug)
    try:
        count = complaint_services.import_complaints(
            survey.organisation,
            survey.law,
            form.cleaned_data["source"],
            upload.read(),
            actor=request.user,
        )
    except complaints.ComplaintImportError as error:
        messages.error(request, "Er is niets ingelezen. Verbeter het bestand en probeer opnieuw.")
        for message in error.errors[:20]:
            messages.error(request, message)
    else:
        messages.success(request, f"{count} rijen met klachten ingelezen.")
    return redirect("analysis:complaints", slug=survey.slug)


@login_required
@require_POST
def remove_complaint(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    complaint_services.remove_complaint(survey.organisation, pk, actor=request.user)
    messages.success(request, "De regel is verwijderd.")
    return redirect("analysis:complaints", slug=survey.slug)


@login_required
@require_POST
def set_threshold(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    form = ThresholdForm(request.POST)
    if form.is_valid():
        complaint_services.set_threshold(
            survey.organisation, form.cleaned_data["threshold"], actor=request.user
        )
        messages.success(request, "De drempel is opgeslagen.")
    else:
        for message in form.errors["threshold"]:
            messages.error(request, message)
    return redirect("analysis:complaints", slug=survey.slug)
