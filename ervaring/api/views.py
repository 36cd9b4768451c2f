"""The API's endpoints: parse, authorise (in `api_view`), call one service, answer JSON."""

from django.http import HttpRequest, JsonResponse

from ervaring.api import invitations, population, queries, surveys
from ervaring.api.auth import api_view, read_json
from ervaring.api.errors import ApiError, answer, invalid
from ervaring.api.models import ApiKey, Scope


@api_view(Scope.INVITE, methods=("POST",))
def invite(request: HttpRequest, api_key: ApiKey, slug: str) -> JsonResponse:
    """Invite one client after a contact; 201 when made now, 200 for a retried reference."""
    survey = queries.get_survey(api_key, slug)
    asked = invitations.parse_invite_request(survey, read_json(request))
    made, is_new = invitations.invite(api_key, survey, asked)
    return answer(invitations.describe(made), status=201 if is_new else 200)


@api_view(Scope.POPULATION, methods=("POST",))
def upload_population(request: HttpRequest, api_key: ApiKey, slug: str) -> JsonResponse:
    """Import the body as the survey's population file, all or nothing."""
    survey = queries.get_survey(api_key, slug)
    options = population.read_options(survey, request.GET)
    population.check_allowed(survey, append=options[2])
    with population.read_upload(request) as file:
        return answer(population.import_file(api_key, survey, file, options))


@api_view(Scope.RESULTS, Scope.INVITE)
def survey_list(request: HttpRequest, api_key: ApiKey) -> JsonResponse:
    """The organisation's surveys with their state and overall response."""
    found = queries.surveys_for(api_key).order_by("-created_at")
    return answer({"surveys": [surveys.describe_survey(s) for s in found]})


@api_view(Scope.RESULTS, Scope.INVITE)
def survey_detail(request: HttpRequest, api_key: ApiKey, slug: str) -> JsonResponse:
    """One survey with its response per stratum, channel and team."""
    survey = queries.get_survey(api_key, slug)
    return answer(surveys.describe_survey_in_full(survey))


@api_view(Scope.RESULTS)
def survey_results(request: HttpRequest, api_key: ApiKey, slug: str) -> JsonResponse:
    """The aggregated results, suppressed as in the report; `?breakdown=` keeps one."""
    survey = queries.get_survey(api_key, slug)
    breakdown = request.GET.get("breakdown", "")
    if breakdown and breakdown not in surveys.BREAKDOWNS:
        raise invalid(
            "breakdown",
            f"Kies een van: {', '.join(surveys.BREAKDOWNS)}.",
            f"Choose one of: {', '.join(surveys.BREAKDOWNS)}.",
        )
    return answer(surveys.describe_results(survey, breakdown))


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any other address under /api/v1/: a JSON 404, like the API's other errors."""
    return ApiError(
        404, "not_found", "Dit adres bestaat niet in de API.", "No such API address."
    ).response()
