"""Staff pages for the sample (the population's are in `population_views`).

Each view parses, authorises (through `questionnaires.queries.get_survey_for`, which gives
404 for another organisation's survey and for roles that may not manage surveys), calls one
service, and renders.
"""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ervaring.fieldwork import population_summary, sample_services
from ervaring.fieldwork.forms import SampleForm
from ervaring.fieldwork.group_names import group_name
from ervaring.questionnaires.models import Survey
from ervaring.questionnaires.queries import get_survey_for


@login_required
def sample(request: HttpRequest, slug: str) -> HttpResponse:
    """The sample design: choose rules per group, see the design table, draw."""
    survey = get_survey_for(request.user, slug)
    design = survey.sample_designs.first()
    team_names = dict(survey.organisation.teams.values_list("slug", "name"))
    if design is not None:
        strata = [
            {**line, "name": group_name(design.stratify_by, line["stratum"], team_names)}
            for line in design.strata
        ]
        context = {
            "survey": survey,
            "design": design,
            "strata": strata,
            "stratify_label": sample_services.STRATIFY_COLUMNS.get(
                design.stratify_by, design.stratify_by
            ),
        }
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
    names = [group_name(stratify_by, stratum, team_names) for stratum in strata]
    form = SampleForm(data, initial=defaults, strata=strata, names=names)
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
