"""The codebook page of a survey: see, add, change, remove, import and export codes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ervaring.accounts.services import log_event
from ervaring.analysis import codebook, codebook_services
from ervaring.analysis.coding_forms import CodebookUploadForm, CodeForm
from ervaring.questionnaires.queries import get_survey_for

MAX_UPLOAD = 1_000_000


@login_required
def codebook_page(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    codebook_services.ensure_codebook(survey)
    rows = codebook_services.codebook_rows(survey)
    editing = next((r for r in rows if r.key == request.GET.get("code")), None)
    parents = [(r.key, r.label) for r in rows if not r.parent and r != editing]
    initial = {}
    if editing is not None:
        initial = {
            "key": editing.key,
            "label": editing.label,
            "parent": editing.parent,
            "polarity": editing.polarity,
            "keywords": ", ".join(editing.keywords),
            "shortcut": editing.shortcut,
        }
    form = CodeForm(request.POST or None, initial=initial, parents=parents)
    if request.method == "POST" and form.is_valid():
        row = form.row()
        renamed_from = request.POST.get("was", "")
        remove = (renamed_from,) if renamed_from and renamed_from != row.key else ()
        try:
            codebook_services.apply_codebook(
                survey, [row], actor=request.user, action="codebook.changed", remove=remove
            )
        except codebook.CodebookError as error:
            for message in error.errors:
                form.add_error(None, message)
        else:
            messages.success(request, f"Code ‘{row.label}’ is opgeslagen.")
            return redirect("analysis:codebook", slug=survey.slug)
    depth = {r.key: (1 if r.parent else 0) for r in rows}
    context = {
        "survey": survey,
        "rows": [(r, depth[r.key], codebook.POLARITY_NAMES[r.polarity]) for r in rows],
        "form": form,
        "editing": editing,
        "upload": CodebookUploadForm(),
    }
    return render(request, "analysis/codebook.html", context)


@login_required
@require_POST
def remove_code(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    codebook_services.apply_codebook(
        survey, [], actor=request.user, action="codebook.changed", remove=(key,)
    )
    messages.success(request, f"Code {key} is verwijderd (ook bij de antwoorden).")
    return redirect("analysis:codebook", slug=survey.slug)


@login_required
def export_codebook(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    codebook_services.ensure_codebook(survey)
    text = codebook.to_csv(codebook_services.codebook_rows(survey))
    log_event(
        "codebook.exported",
        organisation=survey.organisation,
        actor=request.user,
        target=survey.slug,
    )
    response = HttpResponse(("\ufeff" + text).encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="codeboek-{survey.slug}.csv"'
    return response


@login_required
@require_POST
def import_codebook(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    form = CodebookUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Codeboek (CSV): kies een bestand.")
        return redirect("analysis:codebook", slug=survey.slug)
    upload = form.cleaned_data["file"]
    if upload.size > MAX_UPLOAD:
        messages.error(request, "Codeboek (CSV): het bestand is groter dan 1 MB.")
        return redirect("analysis:codebook", slug=survey.slug)
    try:
        rows = codebook.parse_csv(upload.read().decode("utf-8-sig"))
        count = codebook_services.import_codebook(survey, list(rows), actor=request.user)
    except UnicodeDecodeError:
        messages.error(request, "Codeboek (CSV): sla het bestand op als CSV UTF-8.")
    except codebook.CodebookError as error:
        for message in error.errors[:20]:
            messages.error(request, f"Codeboek (CSV): {message}")
    else:
        messages.success(request, f"{count} codes ingelezen.")
    return redirect("analysis:codebook", slug=survey.slug)
