"""Staff pages for the population: upload, check columns, choose provision groups, import.

The import of a big file runs in the background worker (see `population_uploads`); these
pages show its progress and then what it found. Each view parses, authorises (through
`questionnaires.queries.get_survey_for`, which gives 404 for another organisation's survey and
for roles that may not manage surveys), calls one service, and renders.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from ervaring.fieldwork import population_services, population_summary, population_uploads, tasks
from ervaring.fieldwork.forms import MappingForm, ProvisionForm, UploadForm, posted_names
from ervaring.fieldwork.models import ColumnMapping, PopulationUpload, UploadStatus
from ervaring.fieldwork.population import checking, fields, limits, table
from ervaring.questionnaires.models import Survey
from ervaring.questionnaires.queries import get_survey_for

SESSION_KEY = "fieldwork-upload"
SHOWN_PROBLEMS = 200


def _pending(request: HttpRequest, survey: Survey) -> PopulationUpload | None:
    """The upload this user is working on for this survey (kept in the session)."""
    pending = request.session.get(SESSION_KEY)
    if not pending or pending.get("survey") != survey.slug:
        return None
    return PopulationUpload.objects.filter(pk=pending.get("upload"), survey=survey).first()


def _gone(request: HttpRequest, survey: Survey) -> HttpResponse:
    messages.error(request, "Het bestand is er niet meer. Kies het opnieuw.")
    return redirect("fieldwork:population", slug=survey.slug)


@login_required
def population(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 1: the current population and the upload form."""
    survey = get_survey_for(request.user, slug)
    names = list(
        ColumnMapping.objects.filter(organisation=survey.organisation).values_list(
            "name", flat=True
        )
    )
    form = UploadForm(request.POST or None, request.FILES or None, mapping_names=names)
    if request.method == "POST" and form.is_valid():
        try:
            upload = population_uploads.save_upload(survey, request.user, form.cleaned_data["file"])
        except table.PopulationFileError as error:
            form.add_error("file", str(error))
        else:
            previous = _pending(request, survey)
            if previous is not None:
                population_uploads.discard(previous)
            request.session[SESSION_KEY] = {
                "survey": survey.slug,
                "upload": upload.pk,
                "saved_mapping": form.cleaned_data["saved_mapping"],
            }
            return redirect("fieldwork:population-columns", slug=survey.slug)
    context = {
        "survey": survey,
        "form": form,
        "summary": population_summary.summarise_population(survey),
    }
    return render(request, "fieldwork/population.html", context)


@login_required
def population_columns(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 2: confirm which column holds what, then import (all or nothing)."""
    survey = get_survey_for(request.user, slug)
    upload = _pending(request, survey)
    if upload is None:
        return _gone(request, survey)
    saved = population_services.find_column_mapping(
        survey.organisation, request.session[SESSION_KEY].get("saved_mapping", "")
    )
    initial = upload.mapping or (
        dict(saved.mapping) if saved else fields.suggest_mapping(upload.headers)
    )
    form = MappingForm(request.POST or None, headers=upload.headers, initial_mapping=initial)
    if not request.POST:
        form.fields["save_as"].initial = upload.save_as
    if request.method == "POST" and form.is_valid():
        return _start(request, upload, form.mapping(), form.cleaned_data["save_as"], {})
    return _render_columns(request, upload, form)


@login_required
def population_provisions(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 3, only when the file names provisions the questionnaire does not know: choose a
    group for each name (or explicitly none), then import."""
    survey = get_survey_for(request.user, slug)
    upload = _pending(request, survey)
    if upload is None:
        return _gone(request, survey)
    if upload.outcome.get("kind") != population_uploads.PROVISIONS:
        return redirect("fieldwork:population-import", slug=survey.slug)
    catalogue = population_services.provision_catalogue(survey)
    if request.method == "POST":
        form = ProvisionForm(request.POST, catalogue=catalogue, names=posted_names(request.POST))
        if form.is_valid():
            return _start(request, upload, upload.mapping, upload.save_as, form.choices())
    else:
        form = ProvisionForm(
            catalogue=catalogue,
            matches=population_uploads.outcome_matches(upload),
            choices=upload.provision_choices,
        )
    context = {"survey": survey, "form": form, "file_name": upload.file_name}
    return render(request, "fieldwork/population_provisions.html", context)


def _start(
    request: HttpRequest,
    upload: PopulationUpload,
    mapping: dict[str, str],
    save_as: str,
    choices: dict[str, str],
) -> HttpResponse:
    """Import (at once, or by the worker), then show how it goes."""
    started = tasks.start_population_import(
        upload, mapping, save_as=save_as, provision_choices=choices
    )
    if not started:
        messages.info(request, "Dit bestand wordt al ingelezen.")
    return redirect("fieldwork:population-import", slug=upload.survey.slug)


@login_required
def population_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 4: the import's progress while it runs; when it is done, what it found: the
    population page, the provision step, or the problems."""
    survey = get_survey_for(request.user, slug)
    upload = _pending(request, survey)
    if upload is None:
        return _gone(request, survey)
    if request.method == "POST":  # "Opnieuw inlezen" after the worker stopped
        if not tasks.restart_population_import(upload):
            messages.info(request, "Het inlezen loopt nog.")
        return redirect("fieldwork:population-import", slug=survey.slug)
    kind = upload.outcome.get("kind")
    if upload.status != UploadStatus.DONE:
        context = {"survey": survey, "upload": upload, **_progress(upload)}
        return render(request, "fieldwork/population_import.html", context)
    if kind == population_uploads.IMPORTED:
        messages.success(request, _imported_text(upload.outcome))
        for notice in upload.outcome.get("notices", []):
            messages.warning(request, notice)
        population_uploads.discard(upload)
        del request.session[SESSION_KEY]
        return redirect("fieldwork:population", slug=survey.slug)
    if kind == population_uploads.PROVISIONS:
        return redirect("fieldwork:population-provisions", slug=survey.slug)
    if kind == population_uploads.PROBLEMS:
        form = MappingForm(headers=upload.headers, initial_mapping=upload.mapping)
        form.fields["save_as"].initial = upload.save_as
        return _render_columns(request, upload, form)
    messages.error(request, str(upload.outcome.get("message") or FAILED_TEXT))
    return redirect("fieldwork:population", slug=survey.slug)


FAILED_TEXT = (
    "Het inlezen is mislukt door een fout in Ervaring; er is niets veranderd. Probeer het "
    "later opnieuw, of neem contact op met de beheerder."
)


@login_required
def population_import_status(request: HttpRequest, slug: str) -> JsonResponse:
    """The import's progress for the page's script (the page itself works without it)."""
    survey = get_survey_for(request.user, slug)
    upload = _pending(request, survey)
    if upload is None:
        return JsonResponse({"finished": True})
    progress = _progress(upload)
    return JsonResponse(
        {
            "finished": upload.status == UploadStatus.DONE,
            "value": progress["value"],
            "max": progress["max"],
            "text": progress["text"],
            # The status line is read aloud when it changes: only at every tenth.
            "step": f"{upload.status}-{10 * upload.rows_done // max(upload.rows_total, 1)}",
        }
    )


def _progress(upload: PopulationUpload) -> dict[str, object]:
    """The progress bar's value and maximum (None while unknown) and its text, in Dutch."""
    if population_uploads.is_stuck(upload):
        text = (
            "Het inlezen is gestopt voordat het klaar was (de achtergrondverwerking is "
            "onderbroken). Er is niets veranderd."
        )
        return {"value": None, "max": None, "text": text, "is_stuck": True}
    if upload.status == UploadStatus.READING and upload.rows_total:
        percent = 100 * upload.rows_done // upload.rows_total
        text = (
            f"Gelezen en gecontroleerd: {limits.number(upload.rows_done)} van ongeveer "
            f"{limits.number(upload.rows_total)} rijen ({percent}%)."
        )
        return {"value": upload.rows_done, "max": upload.rows_total, "text": text}
    texts = {
        UploadStatus.QUEUED: "Het bestand staat klaar om gelezen te worden.",
        UploadStatus.READING: "Het bestand wordt gelezen.",
        UploadStatus.CHECKED: (
            f"Alle {limits.number(upload.rows_done)} rijen zijn gelezen en gecontroleerd. Als er "
            "geen fouten in staan, worden de cliënten nu opgeslagen."
        ),
        UploadStatus.DONE: "Klaar.",
    }
    return {"value": None, "max": None, "text": texts.get(upload.status, "")}


def _render_columns(
    request: HttpRequest, upload: PopulationUpload, form: MappingForm
) -> HttpResponse:
    """The columns step, with the last import's problems when it had any."""
    problems = population_uploads.outcome_problems(upload)
    context = {
        "survey": upload.survey,
        "form": form,
        "file_name": upload.file_name,
        "problems": problems[:SHOWN_PROBLEMS],
        "problem_count": len(problems),
        "rows_read": upload.outcome.get("rows_read", 0),
        "unmatched": upload.outcome.get("unmatched", []),
    }
    return render(request, "fieldwork/population_columns.html", context)


def _imported_text(outcome: dict[str, object]) -> str:
    text = (
        f"{outcome['imported']} cliënten ingelezen uit {outcome['rows_read']} rijen "
        f"({outcome['merged_rows']} rijen samengevoegd met een eerdere rij van dezelfde cliënt)."
    )
    renamed = list(outcome.get("renamed", []))  # type: ignore[call-overload]
    if renamed:
        shown = "; ".join(f"'{label}' als {group}" for label, group in renamed[:10])
        more = " en meer" if len(renamed) > 10 else ""
        text += f" Voorzieningen gelezen: {shown}{more}."
    return text


@login_required
def population_problems(request: HttpRequest, slug: str) -> HttpResponse:
    """The last import's problems as a CSV file (row, column, problem, value)."""
    survey = get_survey_for(request.user, slug)
    upload = _pending(request, survey)
    problems = population_uploads.outcome_problems(upload) if upload is not None else []
    if not problems:
        raise Http404("Geen lijst met problemen")
    content = checking.problems_csv(problems).encode("utf-8-sig")
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="problemen-{survey.slug}.csv"'
    return response
