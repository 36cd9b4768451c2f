"""Views of the dashboards: parse, authorise, call one service, render.

Authorisation: the survey dashboard is for whoever may view the survey as a whole
(``get_survey_for``: 404 for anyone else); a team dashboard for that team's members and
the survey's researchers (``find_survey_for_team_member``: 404 for anyone else, so another
team's or organisation's figures cannot be reached by URL). The team in a team dashboard
comes from the URL only; query parameters other than the period are ignored there.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ervaring.accounts.viewing import log_page_view
from ervaring.analysis import alerts
from ervaring.questionnaires.queries import get_survey_for
from ervaring.reporting import dashboard
from ervaring.reporting.dashboard_forms import (
    AcknowledgeForm,
    PeriodForm,
    PublicSummaryForm,
    SurveyFilterForm,
)


@login_required
def survey_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    return _survey_dashboard(request, slug, "reporting/dashboard.html")


@login_required
def survey_dashboard_fragment(request: HttpRequest, slug: str) -> HttpResponse:
    """The live part of the page, for the refresh script."""
    return _survey_dashboard(request, slug, "reporting/dashboard_live.html")


def _survey_dashboard(request: HttpRequest, slug: str, template: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    options = dashboard.get_filter_options(survey)
    form = SurveyFilterForm(request.GET or None, options)
    board = dashboard.get_survey_dashboard(survey, form.selection(), request.user, options.snapshot)
    if template == "reporting/dashboard.html":  # the page, not its refreshed part
        log_page_view(
            request, "reporting.viewed.dashboard", organisation=survey.organisation, target=slug
        )
    context = {"board": board, "form": form, "ack_form": AcknowledgeForm()}
    return render(request, template, context, status=400 if form.errors else 200)


@login_required
def team_dashboard(request: HttpRequest, slug: str, team_slug: str) -> HttpResponse:
    return _team_dashboard(request, slug, team_slug, "reporting/dashboard_team.html")


@login_required
def team_dashboard_fragment(request: HttpRequest, slug: str, team_slug: str) -> HttpResponse:
    return _team_dashboard(request, slug, team_slug, "reporting/dashboard_live.html")


def _team_dashboard(request: HttpRequest, slug: str, team_slug: str, template: str) -> HttpResponse:
    survey, team = dashboard.find_survey_for_team_member(request.user, slug, team_slug)
    form = PeriodForm(request.GET or None)
    since, until = form.period()
    board = dashboard.get_team_dashboard(survey, team, request.user, since, until)
    if template == "reporting/dashboard_team.html":
        log_page_view(
            request,
            "reporting.viewed.team_dashboard",
            organisation=survey.organisation,
            target=f"{slug}/{team_slug}",
        )
    context = {"board": board, "form": form, "ack_form": AcknowledgeForm()}
    return render(request, template, context, status=400 if form.errors else 200)


@login_required
def my_dashboards(request: HttpRequest) -> HttpResponse:
    """A team member's entry point: their team's dashboard per survey."""
    pairs = dashboard.surveys_with_team_dashboards(request.user)
    return render(request, "reporting/dashboard_list.html", {"pairs": pairs})


@login_required
@require_POST
def acknowledge(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Record the note on an alert: the survey's researchers, or the team's teamleider."""
    alert, team = dashboard.find_alert_to_acknowledge(request.user, slug, pk)
    if team is None:
        back = redirect("reporting:survey-dashboard", slug)
    else:
        back = redirect("reporting:team-dashboard", slug, team.slug)
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        alerts.acknowledge_alert(alert, request.user, form.cleaned_data["note"])
        messages.success(request, "Uw notitie bij het signaal is opgeslagen.")
    else:
        messages.error(request, "Schrijf op wat er is besproken of afgesproken.")
    return back


@login_required
@require_POST
def public_summary(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    form = PublicSummaryForm(request.POST)
    form.is_valid()
    enabled = bool(form.cleaned_data.get("is_enabled"))
    dashboard.set_public_summary(survey, request.user, is_enabled=enabled)
    messages.success(
        request,
        "De openbare samenvatting staat aan." if enabled else "De openbare samenvatting staat uit.",
    )
    return redirect("reporting:survey-dashboard", slug)


def public_summary_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Without login; 404 unless the survey's public summary is switched on."""
    board = dashboard.get_public_summary(slug)
    return render(request, "reporting/dashboard_public.html", {"board": board})
