"""Staff pages for the population (upload, check columns, import) and the sample.

Each view parses, authorises (through `questionnaires.queries.get_survey_for`, which gives
404 for another organisation's survey and for roles that may not manage surveys), calls one
service, and renders.
"""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ervaring.fieldwork import population_services, population_summary, sample_services, uploads
from ervaring.fieldwork.forms import (
    MappingForm,
    ProvisionForm,
    SampleForm,
    UploadForm,
    posted_names,
)
from ervaring.fieldwork.models import ColumnMapping
from ervaring.fieldwork.population import checking, fields, provisions, reading, table
from ervaring.questionnaires.models import Survey
from ervaring.questionnaires.queries import get_survey_for

SESSION_KEY = "fieldwork-upload"
SHOWN_PROBLEMS = 200


def _pending(request: HttpRequest, survey: Survey) -> dict[str, str] | None:
    pending = request.session.get(SESSION_KEY)
    return pending if pending and pending.get("survey") == survey.slug else None


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
        previous = _pending(request, survey)
        if previous:
            uploads.discard(previous["token"])
        upload = form.cleaned_data["file"]
        token = uploads.save_upload(upload.read())
        request.session[SESSION_KEY] = {
            "survey": survey.slug,
            "token": token,
            "file_name": upload.name,
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
    pending = _pending(request, survey)
    if pending is None:
        return redirect("fieldwork:population", slug=survey.slug)
    try:
        data = uploads.load_upload(pending["token"])
        headers = reading.read_table(data).headers
    except FileNotFoundError:
        messages.error(request, "Het bestand is er niet meer. Kies het opnieuw.")
        return redirect("fieldwork:population", slug=survey.slug)
    except table.PopulationFileError as error:
        messages.error(request, str(error))
        return redirect("fieldwork:population", slug=survey.slug)
    saved = population_services.find_column_mapping(
        survey.organisation, pending.get("saved_mapping", "")
    )
    initial = dict(saved.mapping) if saved else fields.suggest_mapping(headers)
    form = MappingForm(request.POST or None, headers=headers, initial_mapping=initial)
    if request.method == "POST" and form.is_valid():
        pending.update(mapping=form.mapping(), save_as=form.cleaned_data["save_as"])
        request.session[SESSION_KEY] = pending
        return _import(request, survey, pending, data, {})
    context = {"survey": survey, "form": form, "file_name": pending["file_name"]}
    return render(request, "fieldwork/population_columns.html", context)


@login_required
def population_provisions(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 3, only when the file names provisions the questionnaire does not know: choose a
    group for each name (or explicitly none), then import."""
    survey = get_survey_for(request.user, slug)
    pending = _pending(request, survey)
    if pending is None or "mapping" not in pending:
        return redirect("fieldwork:population", slug=survey.slug)
    try:
        data = uploads.load_upload(pending["token"])
    except FileNotFoundError:
        messages.error(request, "Het bestand is er niet meer. Kies het opnieuw.")
        return redirect("fieldwork:population", slug=survey.slug)
    catalogue = population_services.provision_catalogue(survey)
    if request.method == "POST":
        form = ProvisionForm(request.POST, catalogue=catalogue, names=posted_names(request.POST))
        if form.is_valid():
            return _import(request, survey, pending, data, form.choices())
    else:
        try:
            result, _ = population_services.check_population(survey, data, pending["mapping"])
        except population_services.PopulationError as error:
            messages.error(request, str(error))
            return redirect("fieldwork:population", slug=survey.slug)
        form = ProvisionForm(catalogue=catalogue, matches=result.provision_matches)
    return _render_provisions(request, survey, pending, form)


def _import(
    request: HttpRequest,
    survey: Survey,
    pending: dict[str, object],
    data: bytes,
    choices: dict[str, str],
) -> HttpResponse:
    """Import with the pending mapping and these provision choices, then show what happened:
    the population page, the provision step, or the problems."""
    mapping = dict(pending["mapping"])  # type: ignore[call-overload]
    try:
        result = population_services.import_population(
            survey,
            data,
            mapping,
            provision_choices=choices,
            actor=request.user,
            file_name=str(pending["file_name"]),
        )
    except population_services.PopulationError as error:
        messages.error(request, str(error))
        return redirect("fieldwork:population", slug=survey.slug)
    if result.is_imported:
        if pending.get("save_as"):
            population_services.save_column_mapping(
                survey.organisation, str(pending["save_as"]), result.mapping, request.user
            )
        uploads.discard(str(pending["token"]))
        del request.session[SESSION_KEY]
        messages.success(request, _imported_text(result))
        for notice in result.notices:
            messages.warning(request, notice.text)
        return redirect("fieldwork:population", slug=survey.slug)
    if result.needs_provision_choices:
        catalogue = population_services.provision_catalogue(survey)
        form = ProvisionForm(catalogue=catalogue, matches=result.provision_matches, choices=choices)
        return _render_provisions(request, survey, pending, form)
    uploads.save_problems(str(pending["token"]), checking.problems_csv(result.problems))
    headers = reading.read_table(data).headers
    form = MappingForm(headers=headers, initial_mapping=mapping)
    form.fields["save_as"].initial = pending.get("save_as", "")
    context = {
        "survey": survey,
        "form": form,
        "file_name": pending["file_name"],
        "problems": result.problems[:SHOWN_PROBLEMS],
        "problem_count": len(result.problems),
        "rows_read": result.rows_read,
        "unmatched": result.unmatched,
    }
    return render(request, "fieldwork/population_columns.html", context)


def _imported_text(result: population_services.ImportResult) -> str:
    text = (
        f"{result.imported} cliënten ingelezen uit {result.rows_read} rijen "
        f"({result.merged_rows} rijen samengevoegd met een eerdere rij van dezelfde cliënt)."
    )
    renamed = [m for m in result.provision_matches if provisions.name_key(m.group) != m.key]
    if renamed:
        shown = "; ".join(f"'{m.label}' als {m.group}" for m in renamed[:10])
        more = " en meer" if len(renamed) > 10 else ""
        text += f" Voorzieningen gelezen: {shown}{more}."
    return text


def _render_provisions(
    request: HttpRequest, survey: Survey, pending: dict[str, object], form: ProvisionForm
) -> HttpResponse:
    context = {"survey": survey, "form": form, "file_name": pending["file_name"]}
    return render(request, "fieldwork/population_provisions.html", context)


@login_required
def population_problems(request: HttpRequest, slug: str) -> HttpResponse:
    """The last import's problems as a CSV file (row, column, problem, value)."""
    survey = get_survey_for(request.user, slug)
    pending = _pending(request, survey)
    try:
        content = uploads.load_problems(pending["token"]) if pending else None
    except FileNotFoundError:
        content = None
    if content is None:
        raise Http404("Geen lijst met problemen")
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="problemen-{survey.slug}.csv"'
    return response


@login_required
def sample(request: HttpRequest, slug: str) -> HttpResponse:
    """The sample design: choose rules per group, see the design table, draw."""
    survey = get_survey_for(request.user, slug)
    design = survey.sample_designs.first()
    if design is not None:
        context = {"survey": survey, "design": design}
        return render(request, "fieldwork/sample_drawn.html", context)
    data = request.POST if request.method == "POST" else None
    defaults = {
        "seed": secrets.randbelow(1_000_000),
        "stratify_by": "provision_groups",
        "response_rate": 30,
        "exclude_invited_months": 0,
    }
    stratify_by = (data or {}).get("stratify_by", "provision_groups")
    if data is not None and data.get("rules_for") != stratify_by:
        # The rule fields belonged to the groups of another column: start again from a census.
        data = data.copy()
        for key in [k for k in data if k.startswith("rule_")]:
            del data[key]
        data["action"] = "preview"
    strata = _strata(survey, stratify_by)
    form = SampleForm(data, initial=defaults, strata=strata)
    plan, problem = None, ""
    if form.is_bound and form.is_valid():
        request_ = sample_services.SampleRequest(
            seed=form.cleaned_data["seed"],
            stratify_by=form.cleaned_data["stratify_by"],
            rules=form.cleaned_data["rules"],
            response_rate=form.cleaned_data["response_rate"] / 100,
            exclude_invited_months=form.cleaned_data["exclude_invited_months"],
        )
        try:
            if data.get("action") == "draw":
                outcome = sample_services.draw_sample(survey, request_, actor=request.user)
                messages.success(
                    request, f"De steekproef is getrokken: {outcome.plan.invited} uitnodigingen."
                )
                return redirect("fieldwork:sample", slug=survey.slug)
            plan = sample_services.plan_sample(survey, request_)
        except sample_services.SampleError as error:
            problem = str(error)
    context = {
        "survey": survey,
        "form": form,
        "plan": plan,
        "problem": problem,
        "address_warning": population_summary.address_gaps(survey).warning,
        "rows": _design_rows(form, strata, plan),
    }
    return render(request, "fieldwork/sample.html", context)


def _strata(survey: Survey, stratify_by: str) -> list[str]:
    """The groups of the population for a column (for one rule field each)."""
    if stratify_by not in sample_services.STRATIFY_COLUMNS:
        return []
    try:
        plan = sample_services.plan_sample(
            survey, sample_services.SampleRequest(seed=0, stratify_by=stratify_by)
        )
    except sample_services.SampleError:
        return []
    return [line.stratum for line in plan.lines]


def _design_rows(
    form: SampleForm, strata: list[str], plan: sample_services.SamplePlan | None
) -> list[tuple[object, sample_services.StratumLine | None]]:
    """Each group's rule field beside its line of the design table (once there is a plan)."""
    lines = {line.stratum: line for line in plan.lines} if plan else {}
    return [(form[f"rule_{i}"], lines.get(stratum)) for i, stratum in enumerate(strata)]
