"""Every API call passes here: the key, its budget, its scope, and the audit log.

`api_view` wraps a view `view(request, api_key, **kwargs)`. Only `Authorization: Bearer <key>`
authenticates: a staff session cookie does not, so a page in a browser can never make an API
call on someone's behalf (and CSRF does not apply). The order is fixed so that what an answer
tells is no more than the caller may know: no key or a wrong one (401) before anything else,
then the key's budget (429), then its scope (403), then the method (405).

Every call made with a valid key, whatever its answer, is one audit event `api.called` with
the method, the path and the status; a call that changes something also logs its own event
in its own transaction (e.g. `api.client_invited`).
"""

import json
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from ervaring.accounts.security import throttle
from ervaring.accounts.services import log_event
from ervaring.api import keys
from ervaring.api.errors import ApiError
from ervaring.api.models import ApiKey, Scope

ApiView = Callable[..., HttpResponse]

SCOPE_NAMES_EN = {
    Scope.INVITE: "invite",
    Scope.POPULATION: "population",
    Scope.RESULTS: "results",
    Scope.ALERTS: "alerts",
}


def _unauthorised(message_nl: str, message_en: str) -> ApiError:
    return ApiError(
        401,
        "unauthorised",
        message_nl,
        message_en,
        headers={"WWW-Authenticate": 'Bearer realm="ervaring"'},
    )


def authenticate(request: HttpRequest) -> ApiKey:
    """The active key named by the Authorization header, or raise 401."""
    header = request.headers.get("Authorization", "")
    kind, _, secret = header.partition(" ")
    if kind.lower() != "bearer" or not secret.strip():
        raise _unauthorised(
            "Stuur de API-sleutel mee in de kop 'Authorization: Bearer <sleutel>'.",
            "Send the API key in the header 'Authorization: Bearer <key>'.",
        )
    api_key = keys.find_active_key(secret.strip())
    if api_key is None:
        raise _unauthorised(
            "Deze API-sleutel bestaat niet of is ingetrokken.",
            "This API key does not exist or has been revoked.",
        )
    return api_key


def spend_budget(api_key: ApiKey) -> None:
    """Take one call from the key's budget, or raise 429 with Retry-After."""
    budget = throttle.Budget(
        f"api-key:{api_key.pk}",
        settings.API_BURST,
        60.0 / max(1, settings.API_CALLS_PER_MINUTE),
    )
    try:
        throttle.spend([budget])
    except throttle.Throttled as error:
        seconds = error.wait_seconds
        raise ApiError(
            429,
            "rate_limited",
            f"Te veel verzoeken met deze sleutel. Probeer het over {seconds} seconden opnieuw.",
            f"Too many requests with this key. Try again in {seconds} seconds.",
            headers={"Retry-After": str(seconds)},
        ) from None


def check_scope(api_key: ApiKey, scopes: tuple[Scope, ...]) -> None:
    """The key must have one of `scopes`, or 403 naming them."""
    if not any(api_key.has_scope(scope) for scope in scopes):
        dutch = "' of '".join(str(scope.label) for scope in scopes)
        english = "' or '".join(SCOPE_NAMES_EN[scope] for scope in scopes)
        raise ApiError(
            403,
            "forbidden",
            f"Deze sleutel mag dit niet: daarvoor moet '{dutch}' aan staan.",
            f"This key lacks the scope '{english}'.",
        )


def read_json(request: HttpRequest) -> dict[str, object]:
    """The request body as a JSON object, or raise 400."""
    try:
        body = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        raise ApiError(
            400,
            "invalid_json",
            "De inhoud van het verzoek is geen JSON-object.",
            "The request body is not a JSON object.",
        )
    return body


def api_view(*scopes: Scope, methods: tuple[str, ...] = ("GET",)) -> Callable[[ApiView], ApiView]:
    """Authenticate, throttle, check the scope (any of `scopes`) and method, answer errors
    as JSON, log."""

    def decorate(view: ApiView) -> ApiView:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, **kwargs: object) -> HttpResponse:
            api_key = None
            try:
                api_key = authenticate(request)
                spend_budget(api_key)
                check_scope(api_key, scopes)
                if request.method not in methods:
                    raise ApiError(
                        405,
                        "method_not_allowed",
                        f"Dit adres kent alleen {', '.join(methods)}.",
                        f"This address only accepts {', '.join(methods)}.",
                        headers={"Allow": ", ".join(methods)},
                    )
                response = view(request, api_key, **kwargs)
            except ApiError as error:
                response = error.response()
            if api_key is not None:
                keys.note_use(api_key)
                log_event(
                    "api.called",
                    organisation=api_key.organisation,
                    actor_label=f"API-sleutel {api_key.prefix}",
                    target=request.path[:200],
                    method=request.method,
                    status=response.status_code,
                )
            return response

        return wrapper

    return decorate
