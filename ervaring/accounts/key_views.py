"""Security keys (WebAuthn) on the pages: add and remove one on Mijn gegevens, and log in with
one as the second step. The browser's part is `static/accounts/webauthn.js`; the checks are
`accounts.security.keys`. Answers are JSON for the script, with a Dutch message on refusal.
"""

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from ervaring.accounts.auth_views import SHOW_RECOVERY_CODES
from ervaring.accounts.models import RecoveryCodeDevice
from ervaring.accounts.security import keys, second_factor, throttle
from ervaring.accounts.security import login as login_flow


def _options(json_text: str) -> HttpResponse:
    response = HttpResponse(json_text, content_type="application/json")
    response["Cache-Control"] = "no-store"
    return response


def _refused(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _may_manage_keys(request: HttpRequest) -> bool:
    """Adding a key needs a login that used a second factor (else a stolen password alone
    could add the thief's key), or a person who has none yet."""
    user = request.user
    if not (user.is_authenticated and keys.available()):
        return False
    return user.is_verified() or not second_factor.has_second_factor(user)


@require_POST
@login_required
def register_options(request: HttpRequest) -> HttpResponse:
    if not _may_manage_keys(request):
        return _refused("Log eerst in met uw app; daarna kunt u een sleutel toevoegen.", 403)
    return _options(keys.registration_options(request.user, request.session))


@require_POST
@login_required
def register(request: HttpRequest) -> JsonResponse:
    if not _may_manage_keys(request):
        return _refused("Log eerst in met uw app; daarna kunt u een sleutel toevoegen.", 403)
    try:
        key = keys.register(
            request.user,
            request.session,
            request.POST.get("credential", ""),
            request.POST.get("name", ""),
        )
    except keys.KeyError_ as error:
        return _refused(str(error))
    messages.success(request, f"De sleutel ‘{key.name}’ is toegevoegd.")
    if not RecoveryCodeDevice.objects.filter(user=request.user).exists():
        # A first factor needs its back-up: recovery codes, shown once, as for the app.
        codes = second_factor.make_recovery_codes(request.user)
        request.session[SHOW_RECOVERY_CODES] = {"codes": codes, "next": ""}
        django_otp.login(request, key)
        return JsonResponse({"next": reverse("accounts:recovery-codes")})
    return JsonResponse({"next": reverse("accounts:profile")})


@require_POST
@login_required
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_verified():
        messages.error(request, "Log in met uw tweede factor om een sleutel te verwijderen.")
        return redirect("accounts:profile")
    try:
        name = keys.remove(request.user, pk)
    except keys.KeyError_ as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"De sleutel ‘{name}’ is verwijderd.")
    return redirect("accounts:profile")


@require_POST
def login_options(request: HttpRequest) -> HttpResponse:
    pending = login_flow.find_pending(request)
    if pending is None or not keys.available():
        return _refused("Log opnieuw in; de vorige poging duurde te lang.", 403)
    return _options(keys.authentication_options(pending[0], request.session))


@require_POST
def login_with_key(request: HttpRequest) -> JsonResponse:
    """Step two with a key, within the same budget as a typed code."""
    pending = login_flow.find_pending(request)
    if pending is None:
        return _refused("Log opnieuw in; de vorige poging duurde te lang.", 403)
    staff, destination = pending
    budget = (throttle.second_factor_budget(staff.pk),)
    try:
        throttle.spend(budget)
        key = keys.authenticate(staff, request.session, request.POST.get("credential", ""))
    except throttle.Throttled as refused:
        return _refused(f"Te veel pogingen. Probeer het over {refused.wait_seconds} seconden.", 429)
    except keys.KeyError_ as error:
        return _refused(str(error))
    throttle.give_back(budget)
    return login_flow.complete(request, JsonResponse({"next": destination}), staff, key)
