"""The beheerder's API keys: make one (shown once), see the list, revoke one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ervaring.accounts import permissions
from ervaring.api import keys
from ervaring.api.forms import NewKeyForm
from ervaring.api.models import ApiKey


def _require_beheerder(request: HttpRequest) -> None:
    if not permissions.can_manage_api_keys(request.user):
        raise Http404("Pagina niet gevonden")


@login_required
def key_list(request: HttpRequest) -> HttpResponse:
    """The list and the form; after a POST the new key is on the page, this once only."""
    _require_beheerder(request)
    organisation = request.user.organisation
    form = NewKeyForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            new_key = keys.create_key(
                organisation,
                form.cleaned_data["name"],
                form.cleaned_data["scopes"],
                actor=request.user,
            )
        except ValueError as error:
            form.add_error("name", str(error))
        else:
            form = NewKeyForm()
    context = {
        "form": form,
        "new_key": new_key,
        "api_keys": ApiKey.objects.filter(organisation=organisation),
    }
    response = render(request, "api/keys.html", context, status=422 if form.errors else 200)
    # The page with a new key must not be kept by the browser or a proxy.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def key_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _require_beheerder(request)
    api_key = get_object_or_404(ApiKey, pk=pk, organisation_id=request.user.organisation_id)
    keys.revoke_key(api_key, actor=request.user)
    messages.success(request, f"De sleutel {api_key.name} ({api_key.prefix}…) werkt niet meer.")
    return redirect("api_keys:list")
