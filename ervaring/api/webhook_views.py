"""The beheerder's webhooks: add an address (its signing secret shown once), see what was
delivered, remove it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ervaring.accounts import permissions
from ervaring.api import webhooks
from ervaring.api.forms import NewWebhookForm
from ervaring.api.models import WebhookDelivery, WebhookEndpoint


def _require_beheerder(request: HttpRequest) -> None:
    if not permissions.can_manage_api_keys(request.user):
        raise Http404("Pagina niet gevonden")


@login_required
def webhook_list(request: HttpRequest) -> HttpResponse:
    _require_beheerder(request)
    organisation = request.user.organisation
    form = NewWebhookForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _, secret = webhooks.create_endpoint(
                organisation,
                form.cleaned_data["url"],
                form.cleaned_data["events"],
                actor=request.user,
            )
        except webhooks.WebhookError as error:
            form.add_error("url", str(error))
        else:
            form = NewWebhookForm()
    context = {
        "form": form,
        "secret": secret,
        "endpoints": WebhookEndpoint.objects.filter(organisation=organisation),
        "deliveries": WebhookDelivery.objects.filter(
            endpoint__organisation=organisation
        ).select_related("endpoint")[:20],
    }
    response = render(request, "api/webhooks.html", context, status=422 if form.errors else 200)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def webhook_remove(request: HttpRequest, pk: int) -> HttpResponse:
    _require_beheerder(request)
    endpoint = get_object_or_404(
        WebhookEndpoint, pk=pk, organisation_id=request.user.organisation_id
    )
    webhooks.remove_endpoint(endpoint, actor=request.user)
    messages.success(request, f"Er gaan geen berichten meer naar {endpoint.url}.")
    return redirect("api_keys:webhooks")
